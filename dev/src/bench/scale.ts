import { type ChildProcess, fork, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MunicipalityEntry } from '@kita/registry';
import { supergraphPath } from '@kita/schema';
import { ConfigError, freePort, gatewayPrincipal, generateServiceKey, parseConfig } from '@kita/shared';
import type { JWK } from 'jose';
import { z } from 'zod';
import { repoRoot } from '../config.js';
import { writeRegistryFile } from '../stack.js';
import type { LightPlan, LightReady, Stats } from './light-instances.js';
import { cpuMillis, nextMessage, stopChild, tail } from './processes.js';
import type { LoadPlan, LoadResult, Ready, Run } from './protocol.js';
import { machine } from './report.js';
import { gridColumns, gridRows, middleBlock, oraclePage, type ScaleMunicipality, type SearchArgs, scaleMunicipalities } from './scale-data.js';
import { writeMarkedSection } from './sections.js';

// `npm run bench:scale` (also the last part of `npm run bench`): the gateway in front of 60 and
// 560 simulated municipalities (light instances answering from memory with the real subgraph
// schemas, in a few processes), for (a) one municipality, (b) a 5 km radius search, (c) a
// DISTANCE page without radius and (d) a full fan-out: gateway CPU per request, p50/p99, and how
// many instances each request asked. Then the same with every instance answering 20 ms later.

const here = path.dirname(fileURLToPath(import.meta.url));
const gatewayMain = path.join(repoRoot, 'gateway/dist/main.js');

const seconds = (fallback: number) => z.coerce.number().min(1).max(600).default(fallback);
const scaleEnvSchema = z.object({
  BENCH_SCALE_SECONDS: seconds(5),
  BENCH_SCALE_WARMUP_SECONDS: seconds(2),
  /** Concurrent connections of the CPU rows (the latency rows use one). */
  BENCH_SCALE_CONNECTIONS: z.coerce.number().int().min(1).max(100).default(4),
  BENCH_DELAY_MS: z.coerce.number().int().min(0).max(5000).default(20),
  /** Processes the light instances run in, and servers (ports) per process and delay. */
  BENCH_SCALE_PROCESSES: z.coerce.number().int().min(1).max(16).default(2),
  BENCH_SCALE_SERVERS: z.coerce.number().int().min(1).max(64).default(8),
  BENCH_SCALE_FACILITIES: z.coerce.number().int().min(1).max(1000).default(30),
  BENCH_REPORT: z.string().default('docs/benchmarks.md'),
  /** If set, each gateway writes a V8 CPU profile (`--cpu-prof`) into this folder, and nothing is written to the report. */
  BENCH_PROFILE_DIR: z.string().optional(),
  /** Only these queries (letters of a–d), e.g. for a profile of one. */
  BENCH_SCALE_QUERIES: z
    .string()
    .regex(/^[abcd]+$/)
    .default('abcd'),
});
type ScaleEnv = z.infer<typeof scaleEnvSchema>;

/**
 * The searches' point: about 3 km inside the south-west corner of the box in the middle of the
 * grid (the middle block's too), so a 5 km radius touches that box and its three neighbours.
 */
const middle = scaleMunicipalities(1)[(gridRows / 2) * gridColumns + gridColumns / 2].area;
const point = { latitude: middle.south + 0.027, longitude: middle.west + 0.045 };

interface Query {
  id: 'a' | 'b' | 'c' | 'd';
  label: string;
  args: (one: string) => SearchArgs & { municipalities?: string[] };
}

const queries: Query[] = [
  { id: 'a', label: 'one municipality (named)', args: (one) => ({ municipalities: [one], first: 20, orderBy: 'NAME' }) },
  { id: 'b', label: '5 km radius search, nearest first', args: () => ({ near: point, radiusKm: 5, first: 20, orderBy: 'DISTANCE' }) },
  { id: 'c', label: 'DISTANCE page without radius', args: () => ({ near: point, first: 20, orderBy: 'DISTANCE' }) },
  { id: 'd', label: 'full fan-out (NAME order)', args: () => ({ first: 20, orderBy: 'NAME' }) },
];

const scaleQuery = `query Scale($municipalities: [String!], $near: GeoPointInput, $radiusKm: Float, $first: Int!, $orderBy: FacilityOrder!) {
  facilities(municipalities: $municipalities, near: $near, filter: { radiusKm: $radiusKm }, first: $first, orderBy: $orderBy) {
    edges { distanceKm node { id name municipality } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const bodyOf = (args: SearchArgs & { municipalities?: string[] }) =>
  JSON.stringify({
    query: scaleQuery,
    operationName: 'Scale',
    variables: {
      municipalities: args.municipalities ?? null,
      near: args.near ?? null,
      radiusKm: args.radiusKm ?? null,
      first: args.first,
      orderBy: args.orderBy,
    },
  });

interface ScaleRow {
  municipalities: number;
  query: Query['id'];
  label: string;
  delayMs: number;
  connections: number;
  load: LoadResult;
  cpuMsPerRequest: number;
  instanceCallsPerRequest: number;
}

interface Idle {
  municipalities: number;
  delayMs: number;
  msPerSecond: number;
}

const children = new Set<ChildProcess>();
let registryDir: string | undefined;
function track<T extends ChildProcess>(child: T): T {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

interface Light {
  child: ChildProcess;
  ready: LightReady;
}

async function instanceCalls(lights: Light[]): Promise<number> {
  const counts = await Promise.all(
    lights.map(({ child }) => {
      const stats = nextMessage<Stats>(child, 'stats', 'light instances', 10_000);
      child.send({ type: 'stats' });
      return stats;
    }),
  );
  return counts.reduce((sum, stats) => sum + stats.requests, 0);
}

/** Registry entries: municipality i's three instances on process i mod P, server (i / P) mod S. */
function entriesOf(municipalities: ScaleMunicipality[], lights: Light[], delayed: boolean): MunicipalityEntry[] {
  return municipalities.map((municipality, index) => {
    const light = lights[index % lights.length].ready;
    const ports = delayed ? light.delayedPorts : light.ports;
    const port = ports[Math.floor(index / lights.length) % ports.length];
    const url = (subgraph: string) => `http://127.0.0.1:${port}/${municipality.key}/${subgraph}/graphql`;
    return {
      key: municipality.key,
      name: municipality.name,
      kind: 'CITY',
      active: true,
      districts: [],
      subgraphs: { facility: url('facility'), vacancy: url('vacancy'), reservation: url('reservation') },
      area: municipality.area,
      centroid: municipality.centroid,
    } as MunicipalityEntry;
  });
}

async function startGateway(
  entries: MunicipalityEntry[],
  name: string,
  gatewayKey: { privateJwk: JWK; publicJwk: JWK },
  profileDir?: string,
): Promise<{ child: ChildProcess; url: string }> {
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`, `--cpu-prof-name=${name}.cpuprofile`] : [];
  const registryFile = path.join(registryDir!, `${name}.json`);
  await writeRegistryFile(registryFile, entries, { gateway: { serviceKeys: { jwks: { keys: [gatewayKey.publicJwk as JWK & { kty: string }] } } } });
  const port = await freePort();
  const child = track(
    spawn(process.execPath, [...profile, gatewayMain, '--registry', registryFile, '--supergraph', supergraphPath], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        NODE_ENV: 'production',
        SERVICE_KEY: JSON.stringify(gatewayKey.privateJwk),
        INTROSPECTION: 'false',
        LANDING_PAGE: 'false',
        // The fan-out over 560 queues on this machine's 2 cores; the default 2.5 s would measure that queue as outages.
        TENANT_TIMEOUT_MS: '30000',
        RATE_LIMIT_PER_MINUTE: '0',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    }),
  );
  const lastLines = tail(child.stderr);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  const allInstancesOk = async () => {
    const response = await fetch(`${base}/status`, { headers: { accept: 'application/json' } });
    const { instances } = (await response.json()) as { instances: { active: number; ok: number } };
    return response.ok && instances.active > 0 && instances.ok === instances.active;
  };
  while (!(await allInstancesOk().catch(() => false))) {
    if (child.exitCode !== null) throw new Error(`gateway (${name}) exited with code ${child.exitCode}\n${lastLines()}`);
    if (Date.now() > deadline) throw new Error(`gateway (${name}) not ready within 120 s\n${lastLines()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { child, url: `${base}/graphql` };
}

/** One request outside the load: the page must be the oracle's (everyone asked, merged by brute force). */
async function check(url: string, query: Query, args: SearchArgs & { municipalities?: string[] }, federation: ScaleMunicipality[]): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodyOf(args) });
  const answer = (await response.json()) as { data?: { facilities?: { edges: Array<{ node: { id: string } }> } }; errors?: unknown[] };
  const ids = answer.data?.facilities?.edges.map((edge) => edge.node.id);
  const scope = args.municipalities ? federation.filter((municipality) => args.municipalities!.includes(municipality.key)) : federation;
  const expected = oraclePage(scope, args);
  if (!response.ok || answer.errors || JSON.stringify(ids) !== JSON.stringify(expected) || expected.length === 0) {
    throw new Error(`${query.id}: the answer is not the oracle's (HTTP ${response.status}): ${JSON.stringify(answer).slice(0, 400)}`);
  }
}

async function main(): Promise<number> {
  const env: ScaleEnv = parseConfig('npm run bench:scale', scaleEnvSchema, process.env);
  const startedAt = performance.now();
  const loadAverage = os.loadavg()[0];
  const all = scaleMunicipalities(env.BENCH_SCALE_FACILITIES);
  const land = middleBlock(all, 6, 10);
  const federations = [
    { size: land.length, municipalities: land },
    { size: all.length, municipalities: all },
  ];
  const one = land.find(
    (municipality) =>
      municipality.area.south <= point.latitude &&
      point.latitude <= municipality.area.north &&
      municipality.area.west <= point.longitude &&
      point.longitude <= municipality.area.east,
  )!;
  console.log(
    `Scale benchmark: ${federations.map((federation) => federation.size).join(' and ')} simulated municipalities, ${env.BENCH_SCALE_FACILITIES} facilities each, light instances in ${env.BENCH_SCALE_PROCESSES} processes.`,
  );

  const lightPlan: LightPlan = { facilitiesEach: env.BENCH_SCALE_FACILITIES, servers: env.BENCH_SCALE_SERVERS, delayMs: env.BENCH_DELAY_MS };
  const lights: Light[] = await Promise.all(
    Array.from({ length: env.BENCH_SCALE_PROCESSES }, async (_, index) => {
      const child = track(fork(path.join(here, 'light-instances.js'), [JSON.stringify(lightPlan)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
      return { child, ready: await nextMessage<LightReady>(child, 'ready', `light instances ${index + 1}`, 60_000) };
    }),
  );
  const load = track(fork(path.join(here, 'load.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  await nextMessage<Ready>(load, 'ready', 'load generator', 60_000);
  const gatewayKey = await generateServiceKey(gatewayPrincipal);
  registryDir = await mkdtemp(path.join(os.tmpdir(), 'kita-bench-scale-'));

  const loadRun = (plan: LoadPlan, what: string) => {
    const result = nextMessage<LoadResult>(load, 'result', `load generator (${what})`, (plan.seconds + 60) * 1000);
    load.send({ type: 'run', plan } satisfies Run);
    return result;
  };

  const rows: ScaleRow[] = [];
  const idle: Idle[] = [];
  const idleSeconds = 3;
  for (const delayMs of [0, env.BENCH_DELAY_MS]) {
    for (const federation of federations) {
      const name = `scale-${federation.size}-${delayMs}ms`;
      const gateway = await startGateway(entriesOf(federation.municipalities, lights, delayMs > 0), name, gatewayKey, env.BENCH_PROFILE_DIR);
      try {
        // What the gateway spends without requests (liveness probes of every instance every 10 s, timers): subtracted from each row.
        const idleStart = cpuMillis(gateway.child.pid!);
        const idleFrom = performance.now();
        await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
        const idleMsPerSecond = (cpuMillis(gateway.child.pid!) - idleStart) / ((performance.now() - idleFrom) / 1000);
        idle.push({ municipalities: federation.size, delayMs, msPerSecond: idleMsPerSecond });
        for (const query of queries.filter((candidate) => env.BENCH_SCALE_QUERIES.includes(candidate.id))) {
          const args = query.args(one.key);
          await check(gateway.url, query, args, federation.municipalities);
          // The full fan-out over hundreds fills both cores with one connection; more would measure the queue.
          const connections = delayMs > 0 || query.id === 'd' ? 1 : env.BENCH_SCALE_CONNECTIONS;
          const plan: LoadPlan = { url: gateway.url, body: bodyOf(args), connections, seconds: env.BENCH_SCALE_SECONDS };
          await loadRun({ ...plan, seconds: env.BENCH_SCALE_WARMUP_SECONDS }, `${name} ${query.id} warm-up`);
          const callsBefore = await instanceCalls(lights);
          const cpuBefore = cpuMillis(gateway.child.pid!);
          const from = performance.now();
          const result = await loadRun(plan, `${name} ${query.id}`);
          const cpu = cpuMillis(gateway.child.pid!) - cpuBefore - (idleMsPerSecond * (performance.now() - from)) / 1000;
          const calls = (await instanceCalls(lights)) - callsBefore;
          const requests = Math.max(1, result.requests);
          const row: ScaleRow = {
            municipalities: federation.size,
            query: query.id,
            label: query.label,
            delayMs,
            connections,
            load: result,
            cpuMsPerRequest: cpu / requests,
            instanceCallsPerRequest: calls / requests,
          };
          rows.push(row);
          console.log(
            `  ${String(federation.size).padStart(3)} ${query.id} ${delayMs ? `+${delayMs} ms` : '      '} ${row.load.requestsPerSecond.toFixed(0).padStart(5)} req/s, p50 ${row.load.latency.p50} ms, p99 ${row.load.latency.p99} ms, ${row.cpuMsPerRequest.toFixed(2)} CPU ms/req, ${row.instanceCallsPerRequest.toFixed(1)} instance calls/req`,
          );
        }
      } finally {
        await stopChild(gateway.child);
      }
    }
  }

  const failed = rows.filter((row) => row.load.graphqlErrors + row.load.non2xx + row.load.socketErrors > 0.01 * Math.max(1, row.load.requests));
  const checks = env.BENCH_SCALE_QUERIES === 'abcd' ? scaleTargets(rows, env.BENCH_DELAY_MS) : [];
  const section = scaleMarkdown({ rows, idle, checks, env, loadAverage, seconds: (performance.now() - startedAt) / 1000, one: one.key });
  console.log(`\n${section}`);
  if (env.BENCH_PROFILE_DIR || env.BENCH_SCALE_QUERIES !== 'abcd') {
    console.log('A profile or a partial run: nothing written to the report.');
    return 0;
  }
  if (failed.length) {
    console.error(
      `The scale benchmark is not valid: more than 1% failed requests in ${failed.map((row) => `${row.municipalities}${row.query}`).join(', ')}; nothing written.`,
    );
    return 1;
  }
  await writeMarkedSection(path.resolve(repoRoot, env.BENCH_REPORT), 'scale', section);
  console.log(`Written to ${env.BENCH_REPORT}.`);
  return 0;
}

interface Check {
  pass: boolean;
  text: string;
}

function scaleTargets(rows: ScaleRow[], delayMs: number): Check[] {
  const row = (municipalities: number, query: Query['id'], delayed: boolean) =>
    rows.find((candidate) => candidate.municipalities === municipalities && candidate.query === query && candidate.delayMs > 0 === delayed)!;
  const sizes = [...new Set(rows.map((candidate) => candidate.municipalities))].sort((x, y) => x - y);
  const [small, large] = [sizes[0], sizes.at(-1)!];
  const ratio = (query: Query['id']) => row(large, query, false).cpuMsPerRequest / row(large, 'a', false).cpuMsPerRequest;
  const growth = row(large, 'd', false).cpuMsPerRequest / row(small, 'd', false).cpuMsPerRequest;
  const linear = large / small;
  const slowB = row(large, 'b', true);
  return [
    { pass: ratio('b') <= 1.5, text: `(b) CPU/request within 1.5 × (a) at ${large}: b/a = ${ratio('b').toFixed(2)}` },
    { pass: ratio('c') <= 1.5, text: `(c) CPU/request within 1.5 × (a) at ${large}: c/a = ${ratio('c').toFixed(2)}` },
    {
      pass: growth < linear,
      text: `(d) CPU/request grows sub-linearly: ${small} → ${large} municipalities (× ${linear.toFixed(2)}) costs × ${growth.toFixed(2)} (${row(small, 'd', false).cpuMsPerRequest.toFixed(1)} → ${row(large, 'd', false).cpuMsPerRequest.toFixed(1)} ms)`,
    },
    {
      pass: slowB.load.latency.p50 <= delayMs + 10,
      text: `(b) with ${delayMs} ms per instance at ${large}: p50 ${slowB.load.latency.p50} ms ≤ ${delayMs} + 10 ms (p99 ${slowB.load.latency.p99} ms)`,
    },
  ];
}

/** What the rows say about where the gateway's CPU goes, from the rows themselves. */
function reading(rows: ScaleRow[]): string[] {
  const immediate = rows.filter((row) => row.delayMs === 0);
  const perCall = immediate
    .filter((row) => row.query === 'd')
    .map((row) => `${(row.cpuMsPerRequest / Math.max(1, row.instanceCallsPerRequest)).toFixed(3)} ms at ${row.municipalities}`);
  const geographic = immediate
    .filter((row) => row.query === 'b' || row.query === 'c')
    .map((row) => `${row.query} ${row.instanceCallsPerRequest.toFixed(1)} at ${row.municipalities}`);
  if (!perCall.length) return [];
  return [
    '### Reading the figures',
    '',
    `- A full fan-out costs the gateway about the same per instance it asks (${perCall.join(', ')} of CPU per`,
    '  instance call): one HTTP request, its JSON answer and the merge. Its cost per request therefore',
    '  grows with the municipalities, nearly linearly; what keeps it off the common paths is that they',
    '  do not fan out: a named municipality asks one, a geographic search a few',
    `  (${geographic.join(', ')} instances per request), and \`MAX_QUERY_COST\` prices the rest.`,
    '- (b) and (c) ask the same few instances at 60 and at 560; what they add over (a) is asking four',
    '  instances instead of one. Choosing them no longer grows with the registry: a grid over the',
    "  registry's areas, built once per registry (`gateway/src/tenancy/area-index.ts`), yields the",
    '  municipalities nearest first while measuring only the areas near the point (about 8 µs at 560,',
    '  measured apart; measuring and sorting all 560 areas took 0.13 to 0.3 ms), and a page reads that',
    '  order only as far as it needs. The merge decodes a cursor only when it compares it, once per edge.',
    '- (c) costs more than (b) with the same four instances: each answers a full page (4 × 20 edges',
    '  read for a page of 20), where a 5 km radius holds only a few facilities of each.',
    '- The shared 2 cores make single rows move by tens of percent between runs (other work on the',
    '  machine, the light instances and the load generator compete with the gateway).',
  ];
}

function scaleMarkdown(input: { rows: ScaleRow[]; idle: Idle[]; checks: Check[]; env: ScaleEnv; loadAverage: number; seconds: number; one: string }): string {
  const { rows, checks, env } = input;
  const host = machine();
  const lines = [
    `## Scale: 60 and 560 municipalities (${new Date().toISOString().slice(0, 10)})`,
    '',
    'Our gateway (`gateway/dist/main.js`, `NODE_ENV=production`, the committed supergraph, a registry',
    'with areas) in front of simulated municipalities: a grid of 20 × 28 boxes over Germany (about',
    `39 × 23 km each), ${env.BENCH_SCALE_FACILITIES} facilities inside each box. "60" is the 6 × 10 block in the middle (one`,
    'Land\'s youth offices), "560" the whole grid. Every municipality\'s facility, vacancy and',
    'reservation instances are light instances (`dev/src/bench/light-instances.ts`): the committed',
    "subgraph SDL (so the gateway's schema check passes), answers from memory with the facility",
    "search's semantics (sort keys, cursors, radius, totals), in",
    `${env.BENCH_SCALE_PROCESSES} processes with ${env.BENCH_SCALE_SERVERS} servers each, not 560 databases. Before each row, one`,
    "request is checked against the oracle (every municipality's matches merged by brute force).",
    '',
    `Queries (a point 3 km inside the corner of four boxes, ${point.latitude.toFixed(4)}, ${point.longitude.toFixed(4)}; one plan step, facility fields only):`,
    `(a) \`municipalities: ["${input.one}"]\`, (b) \`near\` + \`filter: { radiusKm: 5 }\`, \`orderBy: DISTANCE\`,`,
    '(c) `near`, `orderBy: DISTANCE`, no radius, (d) no municipality, no point (`NAME` order): all',
    'of them `first: 20` with `edges { distanceKm node { id name municipality } } pageInfo { … }`.',
    `CPU rows: ${env.BENCH_SCALE_CONNECTIONS} connections (the full fan-out: one, as it fills both cores alone); "+${env.BENCH_DELAY_MS} ms" rows: every`,
    `instance answers ${env.BENCH_DELAY_MS} ms later, one connection (latency). Gateway CPU is user + system time of its process`,
    'during the measured run, less what the same gateway used idle (measured for 3 s before its rows:',
    "its liveness probes ask every instance's `/health` every 10 s, which grows with the registry:",
    `${input.idle.map((entry) => `${entry.msPerSecond.toFixed(1)} ms/s at ${entry.municipalities}${entry.delayMs ? ` (+${entry.delayMs} ms)` : ''}`).join(', ')}),`,
    'divided by the requests answered. "Calls/req" counts the GraphQL requests the instances',
    'answered per gateway request (schema checks and probes not counted).',
    '',
    '| municipalities | query | instances | conns | requests/s | p50 ms | p99 ms | gateway CPU ms/req | calls/req | errors |',
    '|---:|---|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (row) =>
        `| ${row.municipalities} | ${row.query}: ${row.label} | ${row.delayMs ? `+${row.delayMs} ms` : 'immediate'} | ${row.connections} | ${row.load.requestsPerSecond.toFixed(0)} | ${row.load.latency.p50} | ${row.load.latency.p99} | ${row.cpuMsPerRequest.toFixed(2)} | ${row.instanceCallsPerRequest.toFixed(1)} | ${row.load.graphqlErrors + row.load.non2xx + row.load.socketErrors} |`,
    ),
    '',
    `${env.BENCH_SCALE_WARMUP_SECONDS} s warm-up, then ${env.BENCH_SCALE_SECONDS} s measured per row. Latency has 1 ms resolution.`,
    '',
    '### Targets',
    '',
    ...checks.map((check) => `- **${check.pass ? 'PASS' : 'FAIL'}** ${check.text}`),
    '',
    ...reading(rows),
    '',
    `Machine: ${host.cpu}, ${host.cores} cores, load average ${input.loadAverage.toFixed(2)} at the start; the gateway, the light`,
    `instances and the load generator share it. Whole run: ${input.seconds.toFixed(0)} s.`,
    '',
    'Reproduce (it builds first; also the last part of `npm run bench`; a few minutes):',
    '',
    '```sh',
    'npm run bench:scale',
    '```',
    '',
    'Settings: `BENCH_SCALE_SECONDS` (5), `BENCH_SCALE_WARMUP_SECONDS` (2), `BENCH_SCALE_CONNECTIONS` (4),',
    '`BENCH_DELAY_MS` (20), `BENCH_SCALE_PROCESSES` (2), `BENCH_SCALE_SERVERS` (8),',
    '`BENCH_SCALE_FACILITIES` (30), `BENCH_REPORT`. It rewrites only this section of the report.',
  ];
  return lines.join('\n');
}

async function stopAll(): Promise<void> {
  await Promise.allSettled([...children].map((child) => stopChild(child, 10_000)));
  if (registryDir) await rm(registryDir, { recursive: true, force: true });
}

process.on('SIGINT', () => void stopAll().finally(() => process.exit(130)));
process.on('SIGTERM', () => void stopAll().finally(() => process.exit(143)));

main()
  .then(async (code) => {
    await stopAll();
    process.exit(code);
  })
  .catch(async (error) => {
    console.error(error instanceof ConfigError ? error.message : `npm run bench:scale failed: ${error instanceof Error ? error.message : error}`);
    await stopAll();
    process.exit(1);
  });
