import { type ChildProcess, fork } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { externalPostgres, gatewayPrincipal, generateServiceKey, type PostgresServer, startEmbeddedPostgres } from '@kita/shared';
import type { JWK } from 'jose';
import { municipalities } from '../demo-data.js';
import { prepareDatabases, registryEntry, type SubgraphName } from '../stack.js';
import { loadBenchEnv } from './config.js';
import { nextMessage, stopChild } from './processes.js';
import type { Failed, InstancesReady, MunicipalitiesPlan, MunicipalitiesReady, Peers, Stop } from './protocol.js';

// Child process of the benchmark: PostgreSQL and the subgraph instances of all 21 municipalities,
// apart from the gateway, so that the gateway's CPU can be measured alone. This process seeds
// every database once, then starts the instances in processes of their own (municipalities.ts):
// by default one per municipality, as production deploys them (BENCH_INSTANCE_PROCESSES). The CPU time of this process's tree (those processes and
// the embedded PostgreSQL's) is what the benchmark reports as "subgraphs CPU".

const here = path.dirname(fileURLToPath(import.meta.url));
const databasePrefix = 'bench';

const env = loadBenchEnv();
const startedAt = performance.now();
let postgres: PostgresServer | undefined;
let dataDir: string | undefined;
const children: ChildProcess[] = [];

let stopping: Promise<void> | undefined;
function stop(): Promise<void> {
  stopping ??= (async () => {
    // The instances first: they hold connections to the PostgreSQL stopped next.
    await Promise.allSettled(children.map((child) => stopChild(child)));
    await postgres?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  })();
  return stopping;
}
const stopAndExit = (code: number) => void stop().finally(() => process.exit(code));

process.on('message', (message: Stop) => message.type === 'stop' && stopAndExit(0));
// The orchestrator went away (crashed or killed): do not leave PostgreSQL behind.
process.on('disconnect', () => stopAndExit(0));
process.on('SIGTERM', () => stopAndExit(0));
// Ctrl-C does not reach this process (the orchestrator starts it in a process group of its own)
// and sends `stop` instead, so PostgreSQL stops after the instances that use it.

/** Starts a process for some municipalities and waits until their instances serve; their URLs by municipality. */
async function startProcess(
  server: PostgresServer,
  keys: string[],
  serviceKeys: Map<string, { privateJwk: JWK }>,
  gatewayKey: { privateJwk: JWK },
): Promise<Record<string, Record<SubgraphName, string>>> {
  const plan: MunicipalitiesPlan = {
    municipalities: keys,
    postgresUrl: server.url,
    databasePrefix,
    // The gateway's key too, for its public half: instances answer `_service` and gateway-only fields to it alone.
    serviceKeys: { ...Object.fromEntries(keys.map((key) => [key, serviceKeys.get(key)!.privateJwk])), [gatewayPrincipal]: gatewayKey.privateJwk },
  };
  const child = fork(path.join(here, 'municipalities.js'), [JSON.stringify(plan)], {
    // As a municipality's deployment runs.
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.push(child);
  const ready = await nextMessage<MunicipalitiesReady>(child, 'ready', `instances of ${keys.join(', ')}`, 5 * 60_000);
  return ready.urls as Record<string, Record<SubgraphName, string>>;
}

try {
  if (env.DATABASE_URL) postgres = externalPostgres(env.DATABASE_URL);
  else {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'kita-bench-'));
    // As root, PostgreSQL runs as the `postgres` user, which must be able to enter this folder.
    await chmod(dataDir, 0o755);
    postgres = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres'), persistent: false });
  }
  const keys = municipalities.map((municipality) => municipality.key);
  await prepareDatabases({
    postgres,
    databasePrefix,
    municipalities: keys,
    pseudonymKey: 'benchmark-only-pseudonym-key-0123456789abcdef',
  });
  const server = postgres;
  const processes = Math.min(env.BENCH_INSTANCE_PROCESSES, keys.length);
  const groups = Array.from({ length: processes }, (_, index) => keys.filter((_, position) => position % processes === index));
  // Each municipality signs with its own key, as deployed; the registry publishes the public halves.
  const serviceKeys = new Map(await Promise.all(keys.map(async (key) => [key, await generateServiceKey(key)] as const)));
  const gatewayKey = await generateServiceKey(gatewayPrincipal);
  const urls = Object.assign({}, ...(await Promise.all(groups.map((group) => startProcess(server, group, serviceKeys, gatewayKey))))) as Record<
    string,
    Record<SubgraphName, string>
  >;
  const direct = keys.map((key) => ({
    ...registryEntry(key, urls[key]),
    serviceKeys: { jwks: { keys: [serviceKeys.get(key)!.publicJwk as JWK & { kty: string }] } },
  }));
  // Every municipality's reservation instance follows the others' events (placed elsewhere).
  for (const child of children) child.send({ type: 'peers', entries: direct } satisfies Peers);
  const ready: InstancesReady = {
    type: 'ready',
    direct,
    postgres: postgres.embedded ? 'embedded' : 'external',
    processes: children.length,
    seconds: (performance.now() - startedAt) / 1000,
    gatewayKey,
  };
  process.send?.(ready);
} catch (error) {
  process.send?.({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies Failed);
  stopAndExit(1);
}
