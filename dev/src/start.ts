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
      host: env.HOST,
      gatewayPort: env.GATEWAY_PORT,
      subgraphPort: env.SUBGRAPH_PORT,
      seed: true,
      development: env.NODE_ENV !== 'production',
      logger,
    });
  } catch (error) {
    await stack?.stop();
    await postgres.stop();
    throw error;
  }

  const seeded = [...stack.seeded.entries()].map(([key, summary]) => `${key}: ${summary.facilities} facilities, ${summary.vacancies} vacancies, ${summary.reservations} reservations`);
  const officeToken = auth.secret ? await signToken(auth, { role: 'office', subject: 'demo-office', municipalities: env.MUNICIPALITIES }) : undefined;
  console.log(`
Kita federation is up in ${((performance.now() - startedAt) / 1000).toFixed(1)} s.

  Gateway (Apollo Sandbox in the browser):  http://localhost:${stack.gateway.port}/graphql
  PostgreSQL:  ${postgres.embedded ? `embedded, data in ${path.join(env.DATA_DIR, 'postgres')}` : 'external (DATABASE_URL)'}
  Municipalities: ${env.MUNICIPALITIES.join(', ')}
  Subgraphs: ${stack.instances.map((instance) => `${instance.subgraph}@${instance.municipality} ${instance.url}`).join('\n             ')}
  ${seeded.length ? `Seeded demo data: ${seeded.join('; ')}` : 'Demo data kept from the last run (npm start -- --reset seeds it anew).'}

Example query (paste into Sandbox):

  query {
    facilities(filter: { districts: ["Kaltenmoor"] }, first: 5) {
      edges { node { id name kind address { district } freePlaces vacancies { places ageRange { fromMonths toMonths } availableFrom } } }
    }
  }

Reservations need a token, e.g. an office token for these municipalities (valid 8 h):
  ${officeToken ?? '(set AUTH_SECRET to sign development tokens)'}
Other roles: npm run token -- --role parent --subject demo-parent-1

Ctrl-C stops everything.`);
}

main().catch((error) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error('npm start failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
