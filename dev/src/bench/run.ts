import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MunicipalityEntry } from '@kita/registry';
import { supergraphPath } from '@kita/schema';
import { ConfigError, freePort } from '@kita/shared';
import { repoRoot } from '../config.js';
import { writeRegistryFile } from '../stack.js';
import { loadBenchEnv, type BenchEnv } from './config.js';
import { cpuMillis, nextMessage, stopChild, tail } from './processes.js';
import type { PlainGatewayPlan } from './plain-gateway.js';
import type { GatewayReady, InstancesReady, LoadPlan, LoadResult, Warmed } from './protocol.js';
import { failures, machine, markdown, table, targetLines, targets, type Row } from './report.js';

// `npm run bench`: the gateway's cost per request against a plain @apollo/gateway, for one
// municipality, fanned out over 1, 5 and 21, and over 21 slow instances. Every part runs in
// its own process: PostgreSQL and the subgraph instances, each gateway, the load generator.

const here = path.dirname(fileURLToPath(import.meta.url));
const gatewayMain = path.join(repoRoot, 'gateway/dist/main.js');

export const benchQuery = `query Bench($municipalities: [String!]) {
  facilities(municipalities: $municipalities, first: 20) {
    edges { node { id name kind address { district } freePlaces vacancies { places availableFrom } } }
  }
}`;

/** Any string of 32+ characters: the benchmark sends no tokens, but production requires a key. */
const authSecret = 'benchmark-only-secret-0123456789abcdef';

interface Scenario {
  id: string;
  label: string;
  /** Which gateway, in front of what. */
  gateway: { kind: 'plain'; fetcher: PlainGatewayPlan['fetcher'] } | { kind: 'ours'; entries: MunicipalityEntry[] };
  municipalities: string[] | null;
  connections: number;
  /** Scenarios whose answers must be identical (same data, different path). */
  sameAnswerAs?: string;
}

interface RunningGateway {
  child: ChildProcess;
  url: string;
  warnings: () => number;
}

const children = new Set<ChildProcess>();

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** The registry names only parents it lists itself. */
function subset(entries: MunicipalityEntry[], keys: string[]): MunicipalityEntry[] {
  return keys.map((key) => {
    const { parent, ...entry } = entries.find((candidate) => candidate.key === key)!;
    return parent && keys.includes(parent) ? { ...entry, parent } : entry;
  });
}

function nodeFlags(env: BenchEnv, name: string): string[] {
  return env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(env.BENCH_PROFILE_DIR)}`, `--cpu-prof-name=${name}.cpuprofile`] : [];
}

async function startPlainGateway(env: BenchEnv, scenario: Scenario, urls: Record<string, string>, fetcher: PlainGatewayPlan['fetcher']): Promise<RunningGateway> {
  const plan: PlainGatewayPlan = { urls, fetcher };
  const child = track(
    fork(path.join(here, 'plain-gateway.js'), [JSON.stringify(plan)], {
      execArgv: nodeFlags(env, scenario.id),
      env: { ...process.env, NODE_ENV: 'production', APOLLO_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    }),
  );
  const lastLines = tail(child.stderr);
  const ready = await nextMessage<GatewayReady>(child, 'ready', `plain gateway (${scenario.id})`, 60_000).catch((error: Error) => {
    throw new Error(`${error.message}\n${lastLines()}`);
  });
  return { child, url: ready.url, warnings: () => 0 };
}

async function startOurGateway(env: BenchEnv, scenario: Scenario, entries: MunicipalityEntry[], registryDir: string): Promise<RunningGateway> {
  const registryFile = path.join(registryDir, `${scenario.id}.json`);
  await writeRegistryFile(registryFile, entries);
  const port = await freePort();
  const child = track(
    spawn(process.execPath, [...nodeFlags(env, scenario.id), gatewayMain, '--registry', registryFile, '--supergraph', supergraphPath], {
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production', AUTH_SECRET: authSecret, INTROSPECTION: 'false', LANDING_PAGE: 'false' },
      stdio: ['ignore', 'ignore', 'pipe'],
    }),
  );
  let warnings = 0;
  child.stderr?.on('data', (chunk: Buffer) => (warnings += chunk.toString().split('"level":"warn"').length - 1));
  const lastLines = tail(child.stderr);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`gateway (${scenario.id}) exited with code ${child.exitCode}\n${lastLines()}`);
    if (Date.now() > deadline) throw new Error(`gateway (${scenario.id}) not ready within 60 s\n${lastLines()}`);
    const ready = await fetch(`${base}/ready`).then((response) => response.ok, () => false);
    if (ready) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { child, url: `${base}/graphql`, warnings: () => warnings };
}

/** One request outside the load, to prove the answer is complete before measuring. */
async function probe(url: string, body: string, scenario: Scenario): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const answer = (await response.json()) as { data?: { facilities?: { edges?: unknown[] } }; errors?: unknown[] };
  if (!response.ok || answer.errors || answer.data?.facilities?.edges?.length !== 20) {
    throw new Error(`${scenario.id}: unexpected answer (HTTP ${response.status}): ${JSON.stringify(answer).slice(0, 500)}`);
  }
  return answer.data;
}

async function measure(env: BenchEnv, gateway: RunningGateway, body: string, connections: number, scenario: Scenario): Promise<Omit<Row, 'id' | 'label'>> {
  const plan: LoadPlan = { url: gateway.url, body, connections, warmupSeconds: env.BENCH_WARMUP_SECONDS, seconds: env.BENCH_SECONDS };
  const load = track(fork(path.join(here, 'load.js'), [JSON.stringify(plan)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  const timeout = (env.BENCH_WARMUP_SECONDS + env.BENCH_SECONDS + 60) * 1000;
  await nextMessage<Warmed>(load, 'warmed', `load generator (${scenario.id})`, timeout);
  const cpuBefore = cpuMillis(gateway.child.pid!);
  const warningsBefore = gateway.warnings();
  const result = nextMessage<LoadResult>(load, 'result', `load generator (${scenario.id})`, timeout);
  load.send({ type: 'go' });
  const measured = await result;
  const cpu = cpuMillis(gateway.child.pid!) - cpuBefore;
  return { connections, load: measured, cpuMsPerRequest: cpu / Math.max(1, measured.requests), gatewayWarnings: gateway.warnings() - warningsBefore };
}

async function main(): Promise<number> {
  const env = loadBenchEnv();
  const startedAt = performance.now();
  console.log(`Benchmark: ${env.BENCH_WARMUP_SECONDS} s warm-up + ${env.BENCH_SECONDS} s measured per scenario.`);
  console.log(env.DATABASE_URL ? 'Starting 63 subgraph instances on DATABASE_URL …' : 'Starting embedded PostgreSQL and 63 subgraph instances (seeding takes a while) …');

  // Its own process group: Ctrl-C reaches only the orchestrator, which stops PostgreSQL in order.
  const instances = track(fork(path.join(here, 'instances.js'), [], { detached: true, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  const started = await nextMessage<InstancesReady>(instances, 'ready', 'instances', 10 * 60_000);
  console.log(`Instances ready in ${started.seconds.toFixed(1)} s (PostgreSQL ${started.postgres}).`);

  const single = env.BENCH_MUNICIPALITY;
  const keys = [single, ...started.direct.map((entry) => entry.key).filter((key) => key !== single)];
  const five = keys.slice(0, 5);
  const one = [single];
  const own = started.direct.find((entry) => entry.key === single)!;
  // The query never reaches the registry subgraph; composition only needs a URL for it.
  const plainUrls = { ...own.subgraphs, registry: 'http://127.0.0.1:9/graphql' };

  const scenarios: Scenario[] = [
    { id: 'a', label: 'plain @apollo/gateway, default fetcher, 1 municipality (baseline)', gateway: { kind: 'plain', fetcher: 'default' }, municipalities: one, connections: env.BENCH_CONNECTIONS },
    { id: "a'", label: 'plain @apollo/gateway, fetcher: globalThis.fetch', gateway: { kind: 'plain', fetcher: 'fetch' }, municipalities: one, connections: env.BENCH_CONNECTIONS, sameAnswerAs: 'a' },
    { id: 'b', label: 'our gateway, 1 municipality by argument', gateway: { kind: 'ours', entries: subset(started.direct, one) }, municipalities: one, connections: env.BENCH_CONNECTIONS, sameAnswerAs: 'a' },
    { id: 'c1', label: 'our gateway, fan-out over 1', gateway: { kind: 'ours', entries: subset(started.direct, one) }, municipalities: null, connections: env.BENCH_CONNECTIONS, sameAnswerAs: 'a' },
    { id: 'c5', label: 'our gateway, fan-out over 5', gateway: { kind: 'ours', entries: subset(started.direct, five) }, municipalities: null, connections: env.BENCH_CONNECTIONS },
    { id: 'c21', label: 'our gateway, fan-out over 21', gateway: { kind: 'ours', entries: subset(started.direct, keys) }, municipalities: null, connections: env.BENCH_CONNECTIONS },
    { id: 'd1', label: `our gateway, 1 instance +${env.BENCH_DELAY_MS} ms`, gateway: { kind: 'ours', entries: subset(started.delayed, one) }, municipalities: null, connections: env.BENCH_DELAY_CONNECTIONS, sameAnswerAs: 'a' },
    { id: 'd21', label: `our gateway, fan-out over 21 instances +${env.BENCH_DELAY_MS} ms`, gateway: { kind: 'ours', entries: subset(started.delayed, keys) }, municipalities: null, connections: env.BENCH_DELAY_CONNECTIONS, sameAnswerAs: 'c21' },
  ];

  const registryDir = await mkdtemp(path.join(os.tmpdir(), 'kita-bench-registry-'));
  const rows: Row[] = [];
  const answers = new Map<string, string>();
  try {
    for (const scenario of scenarios) {
      const body = JSON.stringify({ query: benchQuery, operationName: 'Bench', variables: { municipalities: scenario.municipalities } });
      const gateway =
        scenario.gateway.kind === 'plain'
          ? await startPlainGateway(env, scenario, plainUrls, scenario.gateway.fetcher)
          : await startOurGateway(env, scenario, scenario.gateway.entries, registryDir);
      try {
        const answer = JSON.stringify(await probe(gateway.url, body, scenario));
        answers.set(scenario.id, answer);
        if (scenario.sameAnswerAs && answers.get(scenario.sameAnswerAs) !== answer) {
          throw new Error(`${scenario.id} answered differently from ${scenario.sameAnswerAs}: the rows would not compare the same work`);
        }
        process.stdout.write(`  ${scenario.id.padEnd(4)} ${scenario.label} … `);
        const row: Row = { id: scenario.id, label: scenario.label, ...(await measure(env, gateway, body, scenario.connections, scenario)) };
        rows.push(row);
        console.log(`${row.load.requestsPerSecond.toFixed(0)} req/s, p50 ${row.load.latency.p50} ms, ${row.cpuMsPerRequest.toFixed(2)} CPU ms/request`);
      } finally {
        await stopChild(gateway.child);
      }
    }
  } finally {
    await rm(registryDir, { recursive: true, force: true });
  }

  const checks = targets(rows);
  console.log(`\n${table(rows)}\n\n${targetLines(checks)}\n`);
  const broken = rows.filter((row) => failures(row) > 0.01 * Math.max(1, row.load.requests));
  if (broken.length) {
    console.error(`The benchmark is not valid: more than 1% failed requests in ${broken.map((row) => row.id).join(', ')}; ${env.BENCH_REPORT} was not written.`);
    return 1;
  }
  const report = markdown({ rows, checks, machine: machine(), env, postgres: started.postgres, date: new Date(), query: benchQuery, seconds: (performance.now() - startedAt) / 1000 });
  await writeFile(path.join(repoRoot, env.BENCH_REPORT), report);
  console.log(`Written to ${env.BENCH_REPORT} (${((performance.now() - startedAt) / 1000).toFixed(0)} s in all).`);
  return 0;
}

async function stopAll(): Promise<void> {
  await Promise.allSettled([...children].map((child) => stopChild(child, 30_000)));
}

let interrupted = false;
process.on('SIGINT', () => {
  if (interrupted) return;
  interrupted = true;
  console.error('\nInterrupted: stopping gateways, instances and PostgreSQL …');
  void stopAll().finally(() => process.exit(130));
});
process.on('SIGTERM', () => void stopAll().finally(() => process.exit(143)));

main()
  .then(async (code) => {
    await stopAll();
    process.exit(code);
  })
  .catch(async (error) => {
    if (interrupted) return;
    console.error(error instanceof ConfigError ? error.message : `npm run bench failed: ${error instanceof Error ? error.message : error}`);
    await stopAll();
    process.exit(1);
  });
