import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  authSettingsFrom,
  ConfigError,
  createLogger,
  dropDatabases,
  externalPostgres,
  listDatabases,
  signToken,
  startEmbeddedPostgres,
  TokenVerifier,
} from '@kita/shared';
import { loadDevEnv } from './config.js';
import { startStack } from './stack.js';

const usage = `npm start [-- --reset]

Starts PostgreSQL (embedded unless DATABASE_URL is set), the facility, vacancy and
reservation subgraphs for each municipality, and the gateway.
  --reset   drop the demo databases and seed them anew`;

const databasePrefix = 'kita';

async function main(): Promise<void> {
  const startedAt = performance.now();
  const { values } = parseArgs({ options: { reset: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } } });
  if (values.help) {
    console.log(usage);
    return;
  }
  const env = loadDevEnv();
  const logger = createLogger('dev', () => {});
  const auth = authSettingsFrom(env, env.NODE_ENV);

  const postgres = env.DATABASE_URL
    ? externalPostgres(env.DATABASE_URL)
    : await startEmbeddedPostgres({ dataDir: path.join(env.DATA_DIR, 'postgres') });
  let stopping = false;
  let stack: Awaited<ReturnType<typeof startStack>> | undefined;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping gateway, subgraphs and PostgreSQL …`);
    await stack?.stop();
    await postgres.stop();
    console.log('Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    if (values.reset) {
      const existing = await listDatabases(postgres.url, databasePrefix);
      await dropDatabases(postgres.url, existing);
      console.log(`Reset: dropped ${existing.length} demo databases.`);
    }
    stack = await startStack({
      postgres,
      databasePrefix,
      municipalities: env.MUNICIPALITIES,
      verifier: new TokenVerifier(auth),
      auth,
      pseudonymKey: env.PSEUDONYM_KEY,
      host: env.HOST,
      gatewayPort: env.GATEWAY_PORT,
      subgraphPort: env.SUBGRAPH_PORT,
      seed: true,
      registryPath: path.join(env.DATA_DIR, 'registry.json'),
      tenancy: { timeoutMs: env.TENANT_TIMEOUT_MS },
      development: env.NODE_ENV !== 'production',
      logger,
    });
  } catch (error) {
    await stack?.stop();
    await postgres.stop();
    throw error;
  }

  const totals = [...stack.seeded.values()].reduce(
    (sum, summary) => ({ facilities: sum.facilities + summary.facilities, vacancies: sum.vacancies + summary.vacancies, reservations: sum.reservations + summary.reservations }),
    { facilities: 0, vacancies: 0, reservations: 0 },
  );
  const officeToken = auth.secret ? await signToken(auth, { role: 'office', subject: 'demo-office', municipalities: ['03355022', '03355'] }) : undefined;
  const status = stack.gateway.tenancy.status();
  console.log(`
Kita federation is up in ${((performance.now() - startedAt) / 1000).toFixed(1)} s.

  Gateway (Apollo Sandbox in the browser):  http://localhost:${stack.gateway.port}/graphql
  Readiness of every municipality:           http://localhost:${stack.gateway.port}/ready  (${status.ready ? 'all ready' : 'some not ready'})
  Registry (edit it; the gateway reloads):   ${path.join(env.DATA_DIR, 'registry.json')}
  PostgreSQL:  ${postgres.embedded ? `embedded, data in ${path.join(env.DATA_DIR, 'postgres')}` : 'external (DATABASE_URL)'}
  Municipalities: ${env.MUNICIPALITIES.length}, each with facility, vacancy and reservation subgraphs on ports ${env.SUBGRAPH_PORT || 'chosen freely'}…
  ${stack.seeded.size ? `Seeded demo data: ${totals.facilities} facilities, ${totals.vacancies} vacancies, ${totals.reservations} reservations in ${stack.seeded.size} municipalities` : 'Demo data kept from the last run (npm start -- --reset seeds it anew).'}

Example query (paste into Sandbox): Kitas nearest to Lüneburg's Kaltenmoor, across every municipality

  query Nearest($after: String) {
    facilities(near: { latitude: 53.2384, longitude: 10.4328 }, orderBy: DISTANCE, first: 10, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { distanceKm node { id name kind municipality address { district } freePlaces } }
    }
  }

Pass pageInfo.endCursor as $after for page 2. Reservations need a token, e.g. an office token
for Hansestadt and Landkreis Lüneburg (valid 8 h), under Headers as Authorization: Bearer <token>
  ${officeToken ?? '(set AUTH_SECRET to sign development tokens)'}
Other roles: npm run token -- --role parent --subject demo-parent-1

Ctrl-C stops everything.`);
}

main().catch((error) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error('npm start failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
