import { type ChildProcess, fork, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MunicipalityEntry } from '@kita/registry';
import { supergraphPath } from '@kita/schema';
import { ConfigError, freePort } from '@kita/shared';
import type { JWK } from 'jose';
import { repoRoot } from '../config.js';
import { writeRegistryFile } from '../stack.js';
import { type BenchEnv, loadBenchEnv } from './config.js';
import { cpuMillis, nextMessage, stopChild, tail, treeCpuMillis } from './processes.js';
import type { GatewayReady, HiveGatewayPlan, InstancesReady, LoadPlan, LoadResult, PlainGatewayPlan, ProxiesReady, Ready, Run } from './protocol.js';
import {
  type CacheCounts,
  cacheLine,
  failures,
  machine,
  markdown,
  type Paired,
  pairedTable,
  processes,
  type Row,
  table,
  targetLines,
  targets,
} from './report.js';
import { writeMarkedSection } from './sections.js';

// `npm run bench`: the gateway's cost per request against a plain @apollo/gateway, for one
// municipality, fanned out over 1, 5 and 21, and over 21 slow instances. Every part runs in
// its own process: PostgreSQL, each municipality's subgraph instances, the delay proxies, each
// gateway, the load generator.

const here = path.dirname(fileURLToPath(import.meta.url));
const gatewayMain = path.join(repoRoot, 'gateway/dist/main.js');

export const benchQuery = `query Bench($municipalities: [String!]) {
  facilities(municipalities: $municipalities, first: 20) {
    edges { node { id name kind address { district } freePlaces vacancies { places availableFrom } } }
  }
}`;

const tenantTimeoutMs = 30_000;

/** The gateway's service key pair, made by the instances' orchestrator (which publishes the municipalities' keys in their entries). */
let gatewayKey: InstancesReady['gatewayKey'] | undefined;

interface Scenario {
  id: string;
  label: string;
  /** Which gateway, in front of what. */
  gateway:
    | { kind: 'plain'; fetcher: PlainGatewayPlan['fetcher']; urls: Record<string, string> }
    | { kind: 'hive'; planner: HiveGatewayPlan['planner']; dedupe: boolean; urls: Record<string, string> }
    | { kind: 'ours'; entries: MunicipalityEntry[]; responseCache?: boolean; preparedOperations?: false };
  municipalities: string[] | null;
  connections: number;
  /** A scenario whose answer must be identical (the same data by another path). */
  sameAnswerAs?: string;
}

interface RunningGateway {
  child: ChildProcess;
  url: string;
}

const children = new Set<ChildProcess>();
/** Registry files of our gateways; removed at the end, also after Ctrl-C. */
let registryDir: string | undefined;

function track<T extends ChildProcess>(child: T): T {
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

const requestBody = (scenario: Scenario) =>
  JSON.stringify({ query: benchQuery, operationName: 'Bench', variables: { municipalities: scenario.municipalities } });

/** `--cpu-prof` into the profile folder: only in the profile pass, whose gateways are not measured (a profiler costs CPU too). */
function profileFlags(env: BenchEnv, name: string, profiled: boolean): string[] {
  if (!profiled) return [];
  return ['--cpu-prof', `--cpu-prof-dir=${path.resolve(repoRoot, env.BENCH_PROFILE_DIR)}`, `--cpu-prof-name=${name.replace(/'/g, '-prime')}.cpuprofile`];
}

async function startGateway(env: BenchEnv, scenario: Scenario, registryFolder: string, profiled = false): Promise<RunningGateway> {
  const name = scenario.id;
  if (scenario.gateway.kind === 'plain' || scenario.gateway.kind === 'hive') {
    const { gateway } = scenario;
    const [script, plan] =
      gateway.kind === 'plain'
        ? ['plain-gateway.js', { urls: gateway.urls, fetcher: gateway.fetcher } satisfies PlainGatewayPlan]
        : ['hive-gateway.js', { urls: gateway.urls, planner: gateway.planner, dedupe: gateway.dedupe } satisfies HiveGatewayPlan];
    const child = track(
      fork(path.join(here, script), [JSON.stringify(plan)], {
        execArgv: profileFlags(env, name, profiled),
        env: { ...process.env, NODE_ENV: 'production', APOLLO_TELEMETRY_DISABLED: '1' },
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      }),
    );
    const lastLines = tail(child.stderr);
    const ready = await nextMessage<GatewayReady>(child, 'ready', `${gateway.kind} gateway (${name})`, 60_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${lastLines()}`);
    });
    return { child, url: ready.url };
  }

  const registryFile = path.join(registryFolder, `${name}.json`);
  await writeRegistryFile(registryFile, scenario.gateway.entries, {
    gateway: { serviceKeys: { jwks: { keys: [gatewayKey!.publicJwk as JWK & { kty: string }] } } },
  });
  const port = await freePort();
  const child = track(
    spawn(process.execPath, [...profileFlags(env, name, profiled), gatewayMain, '--registry', registryFile, '--supergraph', supergraphPath], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        NODE_ENV: 'production',
        SERVICE_KEY: JSON.stringify(gatewayKey!.privateJwk),
        INTROSPECTION: 'false',
        LANDING_PAGE: 'false',
        // The response cache (on by default) would measure itself, not the request pipeline: on in its own row only.
        ...(scenario.gateway.responseCache ? {} : { RESPONSE_CACHE: 'false' }),
        // On as deployed; off in one row, to show what Apollo Server's pipeline costs per request.
        ...(scenario.gateway.preparedOperations === false ? { PREPARED_OPERATIONS: 'false' } : {}),
        // At c21 the instances of all 21 municipalities share this machine's cores and queue
        // requests; the default 2.5 s could turn that queueing into MUNICIPALITY_UNAVAILABLE answers.
        TENANT_TIMEOUT_MS: String(tenantTimeoutMs),
        // autocannon sends everything from one address: the per-address limit would measure itself.
        RATE_LIMIT_PER_MINUTE: '0',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    }),
  );
  const lastLines = tail(child.stderr);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  // Measured once every instance in its registry passed the schema check (`/ready` does not wait for municipalities).
  const allInstancesOk = async () => {
    const response = await fetch(`${base}/status`);
    const { instances } = (await response.json()) as { instances: { active: number; ok: number } };
    return response.ok && instances.ok === instances.active;
  };
  while (!(await allInstancesOk().catch(() => false))) {
    if (child.exitCode !== null) throw new Error(`gateway (${name}) exited with code ${child.exitCode}\n${lastLines()}`);
    if (Date.now() > deadline) throw new Error(`gateway (${name}) not ready within 60 s\n${lastLines()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { child, url: `${base}/graphql` };
}

/** One request outside the load, to prove the answer is complete before measuring. */
async function probe(url: string, body: string, scenario: Scenario): Promise<string> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const answer = (await response.json()) as { data?: { facilities?: { edges?: unknown[] } }; errors?: unknown[] };
  if (!response.ok || answer.errors || answer.data?.facilities?.edges?.length !== 20) {
    throw new Error(`${scenario.id}: unexpected answer (HTTP ${response.status}): ${JSON.stringify(answer).slice(0, 500)}`);
  }
  return JSON.stringify(answer.data);
}

interface Measured {
  load: LoadResult;
  gatewayCpuMs: number;
  subgraphsCpuMs: number;
  /** The response cache's outcomes during the measured run (rows with the cache on). */
  cache?: CacheCounts;
}

/** The response cache's counters from the gateway's `/metrics`. */
async function cacheCounts(gateway: RunningGateway): Promise<CacheCounts> {
  const text = await (await fetch(new URL('/metrics', gateway.url))).text();
  const count = (outcome: string) =>
    Number(new RegExp(`^kita_gateway_response_cache_requests_total\\{outcome="${outcome}"\\} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  return { hit: count('hit'), shared: count('shared'), miss: count('miss') };
}

/** The processes every measurement involves besides the gateway. */
interface Bench {
  env: BenchEnv;
  load: ChildProcess;
  subgraphs: ChildProcess;
}

async function loadRun(bench: Bench, plan: LoadPlan, what: string): Promise<LoadResult> {
  const result = nextMessage<LoadResult>(bench.load, 'result', `load generator (${what})`, (plan.seconds + 60) * 1000);
  bench.load.send({ type: 'run', plan } satisfies Run);
  return result;
}

/** An optional warm-up, then a load run; CPU times are read around the measured run only. */
async function measure(bench: Bench, gateway: RunningGateway, plan: LoadPlan, warmupSeconds: number, what: string, cached = false): Promise<Measured> {
  if (warmupSeconds > 0) await loadRun(bench, { ...plan, seconds: warmupSeconds }, `${what} warm-up`);
  // Read outside the CPU readings: the scrape is not the measured work.
  const cacheBefore = cached ? await cacheCounts(gateway) : undefined;
  const gatewayBefore = cpuMillis(gateway.child.pid!);
  const subgraphsBefore = treeCpuMillis(bench.subgraphs.pid!);
  const load = await loadRun(bench, plan, what);
  const gatewayCpuMs = cpuMillis(gateway.child.pid!) - gatewayBefore;
  const subgraphsCpuMs = treeCpuMillis(bench.subgraphs.pid!) - subgraphsBefore;
  if (!cacheBefore) return { load, gatewayCpuMs, subgraphsCpuMs };
  const cacheAfter = await cacheCounts(gateway);
  const cache = { hit: cacheAfter.hit - cacheBefore.hit, shared: cacheAfter.shared - cacheBefore.shared, miss: cacheAfter.miss - cacheBefore.miss };
  return { load, gatewayCpuMs, subgraphsCpuMs, cache };
}

/**
 * a, a' and b once more, all running at once, at the same fixed request rate, measured in short
 * turns (the order rotating every round): other work on the machine and drift hit all three
 * alike, which a 10 % comparison needs on a shared machine. During the others' turns each gateway
 * is idle, and what it spends then (timers, its event consumers, the registry) is its idle CPU per
 * second; at a fixed rate that weighs in every request, so the table also gives CPU per request
 * without it ("net").
 */
async function pairedRoutingCost(bench: Bench, pairs: Array<{ scenario: Scenario; gateway: RunningGateway }>): Promise<Paired[]> {
  const { env } = bench;
  const totals = pairs.map(({ scenario }) => ({
    id: scenario.id,
    label: scenario.label,
    requests: 0,
    cpuMs: 0,
    failed: 0,
    loadedMs: 0,
    idleCpuMs: 0,
    idleMs: 0,
  }));
  for (let round = 0; round < env.BENCH_PAIRED_ROUNDS; round += 1) {
    for (let turn = 0; turn < pairs.length; turn += 1) {
      const index = (round + turn) % pairs.length;
      const { scenario, gateway } = pairs[index];
      const plan: LoadPlan = {
        url: gateway.url,
        body: requestBody(scenario),
        connections: env.BENCH_CONNECTIONS,
        rate: env.BENCH_PAIRED_RATE,
        seconds: env.BENCH_PAIRED_SECONDS,
      };
      const othersBefore = pairs.map((pair) => cpuMillis(pair.gateway.child.pid!));
      const startedAt = performance.now();
      const measured = await measure(bench, gateway, plan, 0, `${scenario.id} interleaved`);
      const elapsedMs = performance.now() - startedAt;
      pairs.forEach((pair, other) => {
        if (other === index) return;
        totals[other].idleCpuMs += cpuMillis(pair.gateway.child.pid!) - othersBefore[other];
        totals[other].idleMs += elapsedMs;
      });
      totals[index].requests += measured.load.requests;
      totals[index].cpuMs += measured.gatewayCpuMs;
      totals[index].loadedMs += elapsedMs;
      totals[index].failed += measured.load.graphqlErrors + measured.load.non2xx + measured.load.socketErrors;
    }
  }
  return totals.map(({ loadedMs, idleMs, idleCpuMs, ...total }) => {
    const idleCpuMsPerSecond = idleMs > 0 ? (idleCpuMs / idleMs) * 1000 : 0;
    const requests = Math.max(1, total.requests);
    return {
      ...total,
      cpuMsPerRequest: total.cpuMs / requests,
      idleCpuMsPerSecond,
      netCpuMsPerRequest: Math.max(0, total.cpuMs - (idleCpuMsPerSecond * loadedMs) / 1000) / requests,
    };
  });
}

/**
 * Every instance process serves the fan-out over all municipalities for a while before the first
 * row: a deployed instance has long compiled its hot code (and its event consumers have caught up
 * with the seeding), and rows that first reach a process must not pay for that.
 */
async function warmUpInstances(bench: Bench, fanOut: Scenario, registryFolder: string): Promise<void> {
  const seconds = bench.env.BENCH_INSTANCE_WARMUP_SECONDS;
  if (seconds <= 0) return;
  console.log(`  warming up every instance: the fan-out over 21 for ${seconds} s …`);
  const gateway = await startGateway(bench.env, { ...fanOut, id: 'instance-warm-up' }, registryFolder);
  try {
    await loadRun(bench, { url: gateway.url, body: requestBody(fanOut), connections: fanOut.connections, seconds }, 'instance warm-up');
  } finally {
    await stopChild(gateway.child);
  }
}

/**
 * After every measurement, one CPU profile of each row's gateway (`BENCH_PROFILE_SECONDS` of the
 * row's load, started anew with `--cpu-prof`) into `BENCH_PROFILE_DIR`: where the time goes, per
 * row, without the profiler's cost in the measured figures.
 */
async function profileRows(bench: Bench, scenarios: Scenario[], registryFolder: string): Promise<void> {
  const { env } = bench;
  if (env.BENCH_PROFILE_SECONDS <= 0 || scenarios.length === 0) return;
  const folder = path.resolve(repoRoot, env.BENCH_PROFILE_DIR);
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  console.log(`  a CPU profile of each row's gateway (${env.BENCH_PROFILE_SECONDS} s of its load) into ${env.BENCH_PROFILE_DIR} …`);
  for (const scenario of scenarios) {
    const gateway = await startGateway(env, scenario, registryFolder, true);
    try {
      const plan: LoadPlan = { url: gateway.url, body: requestBody(scenario), connections: scenario.connections, seconds: env.BENCH_PROFILE_SECONDS };
      await loadRun(bench, plan, `${scenario.id} profile`);
    } finally {
      // The profile is written as the process exits.
      await stopChild(gateway.child);
    }
  }
}

async function main(): Promise<number> {
  const env = loadBenchEnv();
  const startedAt = performance.now();
  const loadAverage = os.loadavg()[0];
  console.log(`Benchmark: ${env.BENCH_WARMUP_SECONDS} s warm-up + ${env.BENCH_SECONDS} s measured per row.`);
  const where = env.DATABASE_URL ? 'Seeding DATABASE_URL' : 'Starting embedded PostgreSQL, seeding';
  console.log(`${where}, starting 63 subgraph instances in ${processes(env.BENCH_INSTANCE_PROCESSES)} …`);

  // Its own process group: Ctrl-C reaches only the orchestrator, which stops PostgreSQL in order.
  // This child's process tree (the instances' processes, PostgreSQL) is what "subgraphs CPU" sums.
  const instances = track(fork(path.join(here, 'instances.js'), [], { detached: true, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  const started = await nextMessage<InstancesReady>(instances, 'ready', 'instances', 10 * 60_000);
  gatewayKey = started.gatewayKey;
  console.log(`Instances ready in ${started.seconds.toFixed(1)} s (${processes(started.processes)}, PostgreSQL ${started.postgres}).`);
  const proxies = track(fork(path.join(here, 'proxies.js'), [JSON.stringify(started.direct)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  const proxied = await nextMessage<ProxiesReady>(proxies, 'ready', 'delay proxies', 60_000);
  const load = track(fork(path.join(here, 'load.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  await nextMessage<Ready>(load, 'ready', 'load generator', 60_000);
  const bench: Bench = { env, load, subgraphs: instances };

  const single = env.BENCH_MUNICIPALITY;
  const all = [single, ...started.direct.map((entry) => entry.key).filter((key) => key !== single)];
  const one = [single];
  const five = all.slice(0, 5);
  // The query never reaches the registry subgraph; composition only needs a URL for it.
  const plainUrls = { ...started.direct.find((entry) => entry.key === single)!.subgraphs, registry: 'http://127.0.0.1:9/graphql' };
  const connections = env.BENCH_CONNECTIONS;
  const delayConnections = env.BENCH_DELAY_CONNECTIONS;
  const delay = `+${env.BENCH_DELAY_MS} ms`;

  // Hive Gateway with either planner, in-flight deduplication off and on, in front of the same
  // instances as the plain rows; `f`: the fan-out query (no municipality named), which a gateway
  // without the tenancy layer sends to the one municipality it knows.
  const hive = (suffix: string, municipalities: string[] | null): Scenario[] =>
    (['js', 'rust'] as const).flatMap((planner) =>
      [false, true].map((dedupe) => ({
        id: `h${planner === 'js' ? 'j' : 'r'}${suffix}${dedupe ? '+' : ''}`,
        label: `Hive Gateway, ${planner === 'js' ? 'JS' : 'Rust'} planner, dedup ${dedupe ? 'on' : 'off'}${suffix ? ', fan-out query' : ''}`,
        gateway: { kind: 'hive' as const, planner, dedupe, urls: plainUrls },
        municipalities,
        connections,
        sameAnswerAs: 'a',
      })),
    );

  const scenarios: Scenario[] = [
    { id: 'a', label: 'plain @apollo/gateway (baseline)', gateway: { kind: 'plain', fetcher: 'default', urls: plainUrls }, municipalities: one, connections },
    {
      id: "a'",
      label: 'plain @apollo/gateway, fetcher: globalThis.fetch',
      gateway: { kind: 'plain', fetcher: 'fetch', urls: plainUrls },
      municipalities: one,
      connections,
      sameAnswerAs: 'a',
    },
    ...hive('', one),
    {
      id: 'b',
      label: 'our gateway, 1 municipality',
      gateway: { kind: 'ours', entries: subset(started.direct, one) },
      municipalities: one,
      connections,
      sameAnswerAs: 'a',
    },
    {
      id: 'bp',
      label: 'our gateway, 1 municipality, no prepared operations',
      gateway: { kind: 'ours', entries: subset(started.direct, one), preparedOperations: false },
      municipalities: one,
      connections,
      sameAnswerAs: 'a',
    },
    {
      id: 'e',
      label: 'our gateway, 1 municipality, response cache on',
      gateway: { kind: 'ours', entries: subset(started.direct, one), responseCache: true },
      municipalities: one,
      connections,
      sameAnswerAs: 'a',
    },
    {
      id: 'af',
      label: 'plain @apollo/gateway, fan-out query',
      gateway: { kind: 'plain', fetcher: 'default', urls: plainUrls },
      municipalities: null,
      connections,
      sameAnswerAs: 'a',
    },
    ...hive('f', null),
    {
      id: 'c1',
      label: 'our gateway, fan-out over 1',
      gateway: { kind: 'ours', entries: subset(started.direct, one) },
      municipalities: null,
      connections,
      sameAnswerAs: 'a',
    },
    { id: 'c5', label: 'our gateway, fan-out over 5', gateway: { kind: 'ours', entries: subset(started.direct, five) }, municipalities: null, connections },
    { id: 'c21', label: 'our gateway, fan-out over 21', gateway: { kind: 'ours', entries: subset(started.direct, all) }, municipalities: null, connections },
    {
      id: 'd1',
      label: `1 instance ${delay}`,
      gateway: { kind: 'ours', entries: subset(proxied.delayed, one) },
      municipalities: null,
      connections: delayConnections,
      sameAnswerAs: 'a',
    },
    {
      id: 'd21',
      label: `fan-out over 21 instances ${delay}`,
      gateway: { kind: 'ours', entries: subset(proxied.delayed, all) },
      municipalities: null,
      connections: delayConnections,
      sameAnswerAs: 'c21',
    },
    {
      id: 'd1r',
      label: `as d1, answers replayed`,
      gateway: { kind: 'ours', entries: subset(proxied.replayed, one) },
      municipalities: null,
      connections: delayConnections,
      sameAnswerAs: 'a',
    },
    {
      id: 'd21r',
      label: `as d21, answers replayed`,
      gateway: { kind: 'ours', entries: subset(proxied.replayed, all) },
      municipalities: null,
      connections: delayConnections,
      sameAnswerAs: 'c21',
    },
  ];

  registryDir = await mkdtemp(path.join(os.tmpdir(), 'kita-bench-registry-'));
  await warmUpInstances(bench, scenarios.find((scenario) => scenario.id === 'c21')!, registryDir);
  const rows: Row[] = [];
  const selected = env.BENCH_ROWS ? scenarios.filter((scenario) => env.BENCH_ROWS!.includes(scenario.id)) : scenarios;
  const interleaved = ['a', "a'", 'hj', 'hr', 'b', 'bp'].filter((id) => selected.some((scenario) => scenario.id === id));
  const kept: Array<{ scenario: Scenario; gateway: RunningGateway }> = [];
  let paired: Paired[] = [];
  try {
    const answers = new Map<string, string>();
    for (const scenario of selected) {
      const gateway = await startGateway(env, scenario, registryDir);
      try {
        const answer = await probe(gateway.url, requestBody(scenario), scenario);
        answers.set(scenario.id, answer);
        // With BENCH_ROWS the row it is compared with may not have run.
        if (scenario.sameAnswerAs && answers.has(scenario.sameAnswerAs) && answers.get(scenario.sameAnswerAs) !== answer) {
          throw new Error(`${scenario.id} answered differently from ${scenario.sameAnswerAs}: the rows would not compare the same work`);
        }
        process.stdout.write(`  ${scenario.id.padEnd(4)} ${scenario.label} … `);
        const plan: LoadPlan = { url: gateway.url, body: requestBody(scenario), connections: scenario.connections, seconds: env.BENCH_SECONDS };
        const cached = scenario.gateway.kind === 'ours' && scenario.gateway.responseCache === true;
        const measured = await measure(bench, gateway, plan, env.BENCH_WARMUP_SECONDS, scenario.id, cached);
        const requests = Math.max(1, measured.load.requests);
        const row: Row = {
          id: scenario.id,
          label: scenario.label,
          connections: scenario.connections,
          load: measured.load,
          cpuMsPerRequest: measured.gatewayCpuMs / requests,
          subgraphsCpuMsPerRequest: measured.subgraphsCpuMs / requests,
          ...(measured.cache ? { cache: measured.cache } : {}),
        };
        rows.push(row);
        const hits = row.cache ? `, ${cacheLine(row.cache)}` : '';
        console.log(
          `${row.load.requestsPerSecond.toFixed(0)} req/s, p50 ${row.load.latency.p50} ms, ${row.cpuMsPerRequest.toFixed(2)} gateway CPU ms/request${hits}`,
        );
      } finally {
        // a, a', hj, hr and b stay up (warm) for the interleaved comparison.
        if (interleaved.includes(scenario.id) && gateway.child.exitCode === null) kept.push({ scenario, gateway });
        else await stopChild(gateway.child);
      }
      if (kept.length > 0 && kept.length === interleaved.length) {
        console.log(`  ${interleaved.join(', ')} in turn at ${env.BENCH_PAIRED_RATE} req/s, ${env.BENCH_PAIRED_ROUNDS} × ${env.BENCH_PAIRED_SECONDS} s each …`);
        paired = await pairedRoutingCost(bench, kept);
        await Promise.all(kept.splice(0).map(({ gateway }) => stopChild(gateway.child)));
      }
    }
  } finally {
    await Promise.all(kept.map(({ gateway }) => stopChild(gateway.child)));
  }
  await profileRows(bench, selected, registryDir);

  if (env.BENCH_ROWS) {
    // Some rows only (a profile, a quick comparison): no targets, nothing written.
    const [cached, plain] = ['e', 'a'].map((id) => rows.find((row) => row.id === id));
    if (cached && plain)
      console.log(`\ne/a = ${(cached.load.requestsPerSecond / plain.load.requestsPerSecond).toFixed(2)} requests/s with the response cache on`);
    console.log(`\n${table(rows)}\n\n${pairedTable(paired)}\n\nBENCH_ROWS is set: ${env.BENCH_REPORT} was not written.`);
    return 0;
  }
  const checks = targets(rows, paired);
  console.log(`\n${table(rows)}\n\n${pairedTable(paired)}\n\n${targetLines(checks)}\n`);
  const broken = [
    ...rows.filter((row) => failures(row) > 0.01 * Math.max(1, row.load.requests)).map((row) => row.id),
    ...paired.filter((row) => row.failed > 0.01 * Math.max(1, row.requests)).map((row) => `${row.id} (paired)`),
  ];
  if (broken.length) {
    console.error(`The benchmark is not valid: more than 1% failed requests in ${broken.join(', ')}; ${env.BENCH_REPORT} was not written.`);
    return 1;
  }
  const seconds = (performance.now() - startedAt) / 1000;
  const report = markdown({
    rows,
    paired,
    checks,
    machine: machine(),
    loadAverage,
    loadAverageEnd: os.loadavg()[0],
    env,
    postgres: started.postgres,
    instanceProcesses: started.processes,
    date: new Date(),
    query: benchQuery,
    seconds,
  });
  // Only the gateway section, first in the file: the other scripts' sections and the hand-written ones stay.
  await writeMarkedSection(path.resolve(repoRoot, env.BENCH_REPORT), 'gateway', report, 'start');
  console.log(`Written to ${env.BENCH_REPORT} (${seconds.toFixed(0)} s in all).`);
  return 0;
}

async function stopAll(): Promise<void> {
  await Promise.allSettled([...children].map((child) => stopChild(child, 30_000)));
  if (registryDir) await rm(registryDir, { recursive: true, force: true });
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
