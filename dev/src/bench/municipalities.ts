import type { MunicipalityEntry } from '@kita/registry';
import { externalPostgres, LocalTrust, type PeerInstance, silentLogger, TokenVerifier } from '@kita/shared';
import { type Instances, startInstances, subgraphNames } from '../stack.js';
import type { Failed, MunicipalitiesPlan, MunicipalitiesReady, Peers, Stop } from './protocol.js';

// Child process of instances.ts: the facility, vacancy and reservation instances of the
// municipalities it is given (by default one), on databases instances.ts has seeded. Production
// deploys every municipality on its own; processes of their own let the instances of a fan-out
// work at the same time on every core, as on machines of their own, not in turn in one process.

const plan = JSON.parse(process.argv[2] ?? '{}') as MunicipalitiesPlan;
let instances: Instances | undefined;
/** Every municipality's instances, from instances.ts once all have started. */
let everyone: MunicipalityEntry[] = [];

/** Other processes' municipalities; the ones served here know each other already. */
const remotePeers = (subgraph: string): PeerInstance[] =>
  everyone.filter((entry) => !plan.municipalities.includes(entry.key)).map((entry) => ({ municipality: entry.key, url: entry.subgraphs[subgraph] }));

let stopping: Promise<void> | undefined;
const stopAndExit = (code: number) => {
  stopping ??= (async () => {
    await instances?.stop();
  })();
  void stopping.finally(() => process.exit(code));
};

process.on('message', (message: Stop | Peers) => {
  if (message.type === 'stop') stopAndExit(0);
  else if (message.type === 'peers') everyone = message.entries;
});
// instances.ts went away: do not keep serving (and holding PostgreSQL connections).
process.on('disconnect', () => stopAndExit(0));
process.on('SIGTERM', () => stopAndExit(0));

try {
  // The benchmark sends no personal tokens; service keys come from the plan, so that the gateways (other processes) trust these instances.
  const auth = await LocalTrust.withPrivateKeys(plan.serviceKeys);
  instances = await startInstances({
    postgres: externalPostgres(plan.postgresUrl),
    databasePrefix: plan.databasePrefix,
    municipalities: plan.municipalities,
    verifier: new TokenVerifier(auth),
    auth,
    // Production mode refuses the development key; any 32+ characters do for a benchmark.
    pseudonymKey: 'benchmark-only-pseudonym-key-0123456789abcdef',
    subgraphPort: 0,
    seed: false,
    development: false,
    logger: silentLogger,
    remotePeers,
  });
  const started = instances;
  const urls = Object.fromEntries(
    plan.municipalities.map((municipality) => [
      municipality,
      Object.fromEntries(subgraphNames.map((name) => [name, started.instance(municipality, name).url])),
    ]),
  );
  process.send?.({ type: 'ready', urls } satisfies MunicipalitiesReady);
} catch (error) {
  process.send?.({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies Failed);
  stopAndExit(1);
}
