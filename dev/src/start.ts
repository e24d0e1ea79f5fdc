import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  ConfigError,
  createLogger,
  dropDatabases,
  externalPostgres,
  LocalTrust,
  listDatabases,
  reachableDataDir,
  startEmbeddedPostgres,
  TokenVerifier,
} from '@kita/shared';
import { federationAudience, loadDevEnv } from './config.js';
import { consoleSink } from './console-log.js';
import { demoGeocoder } from './geocoder.js';
import { demoAccounts, demoPassword, type LoginProvider, loadOrCreateSigningKeys, startLoginProvider } from './login/index.js';
import { demoMailSettings, type MailCatcher, startMailCatcher } from './mail-catcher.js';
import { dashboardDist, officeDist, type PortalServer, portalDist, servePortal } from './portal.js';
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
  // Warnings and errors readably on the console (a municipality down, a refused registry edit); info stays quiet.
  const logger = createLogger('dev', consoleSink, { level: 'warn' });
  // A real OpenID provider with demo accounts, trusted by every demo municipality (families included).
  const login: LoginProvider = await startLoginProvider({
    port: env.LOGIN_PORT,
    host: env.HOST,
    audience: federationAudience,
    keys: await loadOrCreateSigningKeys(path.join(env.DATA_DIR, 'login', 'signing-keys.json')),
  });
  const auth = new LocalTrust([{ issuer: login.issuer, jwksUri: login.jwksUri, audience: federationAudience, algorithms: ['RS256'], parents: true }]);

  // As root in a home folder only root may enter, PostgreSQL (run as `postgres`) keeps its data elsewhere.
  const postgresDataDir = reachableDataDir(path.join(env.DATA_DIR, 'postgres'));
  const postgres = env.DATABASE_URL ? externalPostgres(env.DATABASE_URL) : await startEmbeddedPostgres({ dataDir: postgresDataDir });
  let stopping = false;
  let stack: Awaited<ReturnType<typeof startStack>> | undefined;
  // The parent portal, as a municipality would host its static build: the Hansestadt's, searching city and Landkreis.
  const portalMunicipality = env.MUNICIPALITIES.includes('03355022') ? '03355022' : env.MUNICIPALITIES[0];
  let portal: PortalServer | undefined;
  // One development geocoder over the demo data, served beside the portal and the workspace.
  const geocoder = demoGeocoder(env.MUNICIPALITIES);
  try {
    portal = await servePortal({
      port: env.PORTAL_PORT,
      host: env.HOST,
      config: () => ({
        gatewayUrl: `http://localhost:${env.GATEWAY_PORT}/graphql`,
        loginUrl: login.issuer,
        clientId: 'kita-portal',
        municipality: portalMunicipality,
        region: ['03355022', '03355'].filter((key) => env.MUNICIPALITIES.includes(key)),
        tileUrl: null,
        tileAttribution: null,
        // The development address search over the demo data (dev/src/geocoder.ts), beside the portal's files.
        geocoderUrl: '/geocoder/api',
        theme: { primary: null, logoUrl: null },
      }),
      routes: { '/geocoder/api': geocoder },
    });
  } catch (error) {
    console.warn(`The parent portal is not served: ${error instanceof Error ? error.message : error} (${portalDist})`);
  }
  // The workspace of providers and the office (login kita-office): the role of the login picks the area.
  let office: PortalServer | undefined;
  try {
    office = await servePortal({
      port: env.OFFICE_PORT,
      host: env.HOST,
      dist: officeDist,
      config: () => ({
        gatewayUrl: `http://localhost:${env.GATEWAY_PORT}/graphql`,
        loginUrl: login.issuer,
        clientId: 'kita-office',
        portalUrl: portal ? portal.url : '',
        // The same development address search as the portal's, beside the workspace's files.
        geocoderUrl: '/geocoder/api',
      }),
      routes: { '/geocoder/api': geocoder },
    });
  } catch (error) {
    console.warn(`The workspace of providers and the office is not served: ${error instanceof Error ? error.message : error} (${officeDist})`);
  }
  // The regional dashboard for planners (login kita-dashboard), over every municipality of the planner's token.
  let dashboard: PortalServer | undefined;
  try {
    dashboard = await servePortal({
      port: env.DASHBOARD_PORT,
      host: env.HOST,
      dist: dashboardDist,
      config: () => ({
        gatewayUrl: `http://localhost:${env.GATEWAY_PORT}/graphql`,
        loginUrl: login.issuer,
        clientId: 'kita-dashboard',
        region: [],
        regionName: 'Niedersachsen',
      }),
    });
  } catch (error) {
    console.warn(`The regional dashboard is not served: ${error instanceof Error ? error.message : error} (${dashboardDist})`);
  }
  // The embedded mail server: every municipality sends its mails here; a web page shows them.
  const mail: MailCatcher = await startMailCatcher({ smtpPort: env.MAIL_SMTP_PORT, webPort: env.MAIL_WEB_PORT, host: '127.0.0.1' });
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping gateway, subgraphs and PostgreSQL …`);
    await stack?.stop();
    await postgres.stop();
    await login.close();
    await portal?.close();
    await office?.close();
    await dashboard?.close();
    await mail.close();
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
    const demoMail = demoMailSettings(mail.smtpUrl, portal ? portal.url : `http://localhost:${env.PORTAL_PORT}`, mail);
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
      corsOrigins: [portal?.origin, office?.origin, dashboard?.origin].filter((origin): origin is string => Boolean(origin)),
      // Every municipality sends its families' and providers' mail to the embedded mail server.
      reservation: { mail: demoMail },
      facility: { mail: demoMail },
    });
  } catch (error) {
    await stack?.stop();
    await postgres.stop();
    await login.close();
    await portal?.close();
    await office?.close();
    await dashboard?.close();
    await mail.close();
    throw error;
  }

  const totals = [...stack.seeded.values()].reduce(
    (sum, summary) => ({
      facilities: sum.facilities + summary.facilities,
      vacancies: sum.vacancies + summary.vacancies,
      reservations: sum.reservations + summary.reservations,
    }),
    { facilities: 0, vacancies: 0, reservations: 0 },
  );
  const accountRows = demoAccounts.map(
    (account) => `    ${account.username.padEnd(22)} ${account.role.padEnd(9)} ${(account.municipalities.join(', ') || '-').padEnd(18)} ${account.description}`,
  );
  const status = stack.gateway.tenancy.status();
  console.log(`
Kita federation is up in ${((performance.now() - startedAt) / 1000).toFixed(1)} s.

  Parent portal (search and Vormerkung):    ${portal ? portal.url : 'not served (no build)'}
  Workspace of providers and the office:    ${office ? office.url : 'not served (no build)'}
    providers: tagespflege.neu (registers a Tagespflege), tagespflege.heide, kita.sonnenschein
    office:    amt.lueneburg (Hansestadt), amt.landkreis (Landkreis Lüneburg); password "${demoPassword}"
  Regional dashboard (planners, e.g. planung.lueneburg): ${dashboard ? dashboard.url : 'not served (no build)'}
  Demo mails (every municipality's e-mail): ${mail.webUrl}  (SMTP ${mail.smtpUrl})
  Gateway (Apollo Sandbox in the browser):  http://localhost:${stack.gateway.port}/graphql
  Every municipality's instances:            http://localhost:${stack.gateway.port}/status  (${status.instances.ok} of ${status.instances.active} ok)
  Registry (edit it; the gateway reloads):   ${path.join(env.DATA_DIR, 'registry.json')}
  PostgreSQL:  ${postgres.embedded ? `embedded, data in ${postgresDataDir}` : 'external (DATABASE_URL)'}
  Municipalities: ${env.MUNICIPALITIES.length}, each with facility, vacancy and reservation subgraphs on ports ${env.SUBGRAPH_PORT || 'chosen freely'}…
  ${stack.seeded.size ? `Seeded demo data: ${totals.facilities} facilities, ${totals.vacancies} vacancies, ${totals.reservations} reservations in ${stack.seeded.size} municipalities` : 'Demo data kept from the last run (npm start -- --reset seeds it anew).'}

Example query (paste into Sandbox): Kitas nearest to Lüneburg's Kaltenmoor, across every municipality

  query Nearest($after: String) {
    facilities(near: { latitude: 53.2384, longitude: 10.4328 }, orderBy: DISTANCE, first: 10, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { distanceKm node { id name kind municipality address { district } freePlacesNow freePlacesLater } }
    }
  }

Pass pageInfo.endCursor as $after for page 2.

Login (OpenID Connect, authorization code with PKCE): ${login.url}
  Issuer ${login.issuer}, clients kita-portal, kita-office, kita-dashboard, kita-sandbox.
  Demo accounts, password "${demoPassword}" for each:
${accountRows.join('\n')}
Reservations need a token: in Sandbox under Headers as Authorization: Bearer <token>, from
  npm run token -- --user amt.lueneburg      (a developer shortcut signed with the login's key; refused in production)

Ctrl-C stops everything.`);
}

main().catch((error) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error('npm start failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
