import type { MunicipalityEntry } from '@kita/registry';
import { loadBenchEnv } from './config.js';
import { type DelayProxy, startDelayProxy } from './delay-proxy.js';
import type { Failed, ProxiesReady, Stop } from './protocol.js';

// Child process of the benchmark for scenario (d): proxies in front of every facility and vacancy
// instance that answer 20 ms later, one set forwarding, one replaying. They stand in for the
// network, so they run apart from the instances and outside their CPU time.

const delayedSubgraphs = ['facility', 'vacancy'];

const env = loadBenchEnv();
const direct = JSON.parse(process.argv[2] ?? '[]') as MunicipalityEntry[];
const proxies: DelayProxy[] = [];

const stopAndExit = (code: number) => void Promise.allSettled(proxies.map((proxy) => proxy.close())).finally(() => process.exit(code));
process.on('message', (message: Stop) => message.type === 'stop' && stopAndExit(0));
process.on('disconnect', () => stopAndExit(0));
// Ctrl-C reaches the whole process group; the orchestrator stops this process in turn.
process.on('SIGINT', () => {});

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
  const ready: ProxiesReady = {
    type: 'ready',
    delayed: await Promise.all(direct.map((entry) => delayed(entry, false))),
    replayed: await Promise.all(direct.map((entry) => delayed(entry, true))),
  };
  process.send?.(ready);
} catch (error) {
  process.send?.({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies Failed);
  stopAndExit(1);
}
