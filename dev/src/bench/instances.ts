import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { MunicipalityEntry } from '@kita/registry';
import { authSettingsFrom, externalPostgres, silentLogger, startEmbeddedPostgres, TokenVerifier, type PostgresServer } from '@kita/shared';
import { municipalities } from '../demo-data.js';
import { startInstances, type Instances } from '../stack.js';
import { loadBenchEnv } from './config.js';
import { startDelayProxy, type DelayProxy } from './delay-proxy.js';
import type { Failed, InstancesReady, Stop } from './protocol.js';

// Child process of the benchmark: PostgreSQL, the subgraph instances of all 21 municipalities
// and, for scenario (d), proxies in front of every facility and vacancy instance that answer
// 20 ms later (one set forwarding, one replaying). Apart from the gateway, so that the
// gateway's CPU can be measured alone.

const delayedSubgraphs = ['facility', 'vacancy'];

const env = loadBenchEnv();
const startedAt = performance.now();
let postgres: PostgresServer | undefined;
let dataDir: string | undefined;
let instances: Instances | undefined;
const proxies: DelayProxy[] = [];

let stopping: Promise<void> | undefined;
function stop(): Promise<void> {
  stopping ??= (async () => {
    await Promise.allSettled(proxies.map((proxy) => proxy.close()));
    await instances?.stop();
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

async function delayed(entry: MunicipalityEntry, replay: boolean): Promise<MunicipalityEntry> {
  const subgraphs = { ...entry.subgraphs };
  for (const name of delayedSubgraphs) {
    const proxy = await startDelayProxy(subgraphs[name], env.BENCH_DELAY_MS, { replay });
    proxies.push(proxy);
    subgraphs[name] = proxy.url;
  }
  return { ...entry, subgraphs };
}

try {
  if (env.DATABASE_URL) postgres = externalPostgres(env.DATABASE_URL);
  else {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'kita-bench-'));
    // As root, PostgreSQL runs as the `postgres` user, which must be able to enter this folder.
    await chmod(dataDir, 0o755);
    postgres = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres'), persistent: false });
  }
  const auth = authSettingsFrom({ AUTH_ISSUER: 'kita-federation-dev', AUTH_AUDIENCE: 'kita-federation' }, 'development');
  instances = await startInstances({
    postgres,
    databasePrefix: 'bench',
    municipalities: municipalities.map((municipality) => municipality.key),
    verifier: new TokenVerifier(auth),
    auth,
    // Production mode refuses the development key; any 32+ characters do for a benchmark.
    pseudonymKey: 'benchmark-only-pseudonym-key-0123456789abcdef',
    subgraphPort: 0,
    seed: true,
    development: false,
    logger: silentLogger,
  });
  const direct = instances.entries;
  const ready: InstancesReady = {
    type: 'ready',
    direct,
    delayed: await Promise.all(direct.map((entry) => delayed(entry, false))),
    replayed: await Promise.all(direct.map((entry) => delayed(entry, true))),
    postgres: postgres.embedded ? 'embedded' : 'external',
    seconds: (performance.now() - startedAt) / 1000,
  };
  process.send?.(ready);
} catch (error) {
  process.send?.({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies Failed);
  stopAndExit(1);
}
