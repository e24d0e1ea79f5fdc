// The regional dashboard's first view with all 21 demo municipalities (dashboard issue: within
// 2 s on the test stack), written to the dashboard section of docs/benchmarks.md.
// `npm run bench:dashboard` (and `npm run bench`, last). The stack runs in this process as the
// tests run it: 63 instances and the gateway, PostgreSQL (embedded in a temporary folder, or
// DATABASE_URL), the demo data with a seeded year of daily snapshots, the real login and the
// dashboard's production build; Chromium (/usr/bin/chromium) headless. A planner of all 21 logs
// in once; each run reloads the overview and waits until every figure of the first view shows.
// Each GraphQL request the page sends is timed from the browser (request start to the end of
// the answer), so the section also says which operation the first view waits for.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import {
  dropDatabases,
  externalPostgres,
  LocalTrust,
  listDatabases,
  type PostgresServer,
  silentLogger,
  startEmbeddedPostgres,
  TokenVerifier,
} from '@kita/shared';
import type { Page } from 'playwright-core';
import { federationAudience, loadDevEnv, repoRoot } from '../config.js';
import { type DemoAccount, generateSigningKeys, type LoginProvider, startLoginProvider } from '../login/index.js';
import { dashboardDist, type PortalServer, servePortal } from '../portal.js';
import { type Stack, startStack } from '../stack.js';
import { machine } from './report.js';
import { writeMarkedSection } from './sections.js';

const runs = Number(process.env.BENCH_DASHBOARD_RUNS ?? 7);
const target = 2000;
const report = path.resolve(repoRoot, process.env.BENCH_REPORT ?? 'docs/benchmarks.md');
/** Every demo municipality, as `npm start` runs them. */
const municipalities = loadDevEnv({}).MUNICIPALITIES;
const databasePrefix = `benchdash${process.pid}`;

/** playwright-core is the browser apps' test dependency; the dashboard's own copy drives Chromium here. */
async function chromium() {
  const require = createRequire(path.join(repoRoot, 'clients/dashboard/package.json'));
  const { chromium } = require('playwright-core') as typeof import('playwright-core');
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

interface Timed {
  operation: string;
  ms: number;
  bytes: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[sorted.length >> 1] : Number.NaN;
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Reloads the overview and waits for every figure of the first view; the GraphQL requests it sent, timed. */
async function firstView(page: Page, gatewayUrl: string): Promise<{ ms: number; requests: Timed[] }> {
  const requests: Array<Promise<Timed>> = [];
  const onRequest = (request: import('playwright-core').Request) => {
    if (!request.url().startsWith(gatewayUrl) || request.method() !== 'POST') return;
    const body = request.postDataJSON() as { operationName?: string } | null;
    requests.push(
      request.response().then(async (response) => {
        const bytes = (await response?.body().catch(() => undefined))?.length ?? 0;
        const timing = request.timing();
        return { operation: body?.operationName ?? '?', ms: timing.responseEnd, bytes };
      }),
    );
  };
  page.on('request', onRequest);
  const started = performance.now();
  await page.reload();
  const visible = (selector: string) => page.locator(selector).first().waitFor({ state: 'visible', timeout: 60_000 });
  await visible('[data-figure="total"] .key-figure');
  // Every municipality's row (the page's own code, as text: this package has no DOM types).
  await page.waitForFunction(`document.querySelectorAll('#table-by-municipality tbody tr').length === ${municipalities.length}`, undefined, {
    timeout: 60_000,
  });
  await visible('[data-figure="map"] g[data-municipality]');
  await visible('#table-by-age tbody tr');
  await visible('#table-series tbody tr');
  await visible('[data-figure="series"] svg[role="img"]');
  const ms = performance.now() - started;
  page.off('request', onRequest);
  return { ms, requests: await Promise.all(requests) };
}

async function main(): Promise<number> {
  if (!existsSync(path.join(dashboardDist, 'index.html'))) execFileSync('npm', ['run', 'build', '-w', '@kita/dashboard'], { cwd: repoRoot, stdio: 'ignore' });
  const startedAt = performance.now();
  const loadBefore = os.loadavg()[0];
  let dataDir: string | undefined;
  let postgres: PostgresServer | undefined;
  let login: LoginProvider | undefined;
  let dashboard: PortalServer | undefined;
  let stack: Stack | undefined;
  let browser: Awaited<ReturnType<typeof chromium>> | undefined;
  try {
    if (process.env.DATABASE_URL) postgres = externalPostgres(process.env.DATABASE_URL);
    else {
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'kita-bench-dashboard-'));
      // As root, PostgreSQL runs as the `postgres` user, which must be able to enter this folder.
      await chmod(dataDir, 0o755);
      postgres = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres'), persistent: false });
    }
    let gatewayUrl = '';
    const served = await servePortal({
      port: 0,
      dist: dashboardDist,
      config: () => ({ gatewayUrl, loginUrl: login?.issuer ?? '', clientId: 'kita-dashboard', region: [], regionName: 'Niedersachsen' }),
    });
    dashboard = served;
    const planner: DemoAccount = {
      username: 'planung.land',
      password: 'bench',
      subject: 'planung.land',
      role: 'analyst',
      municipalities,
      name: 'Planung',
      email: 'planung@bench.invalid',
      description: '',
    };
    login = await startLoginProvider({
      port: 0,
      audience: federationAudience,
      keys: await generateSigningKeys(),
      accounts: [planner],
      clients: [{ clientId: 'kita-dashboard', redirectUris: [`${served.origin}/callback`] }],
    });
    const auth = new LocalTrust([{ issuer: login.issuer, jwksUri: login.jwksUri, audience: federationAudience, algorithms: ['RS256'], parents: true }]);
    stack = await startStack({
      postgres,
      databasePrefix,
      municipalities,
      verifier: new TokenVerifier(auth),
      auth,
      gatewayPort: 0,
      subgraphPort: 0,
      seed: true,
      development: true,
      logger: silentLogger,
      corsOrigins: [served.origin],
    });
    gatewayUrl = stack.gateway.url;
    // The projections as a running stack has them after a while.
    for (const subgraph of ['facility', 'vacancy', 'reservation'] as const)
      for (const municipality of municipalities) await stack.instance(municipality, subgraph).background?.catchUp?.();
    const stackSeconds = (performance.now() - startedAt) / 1000;
    console.log(`Stack with ${municipalities.length} municipalities ready in ${stackSeconds.toFixed(0)} s.`);

    browser = await chromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'de-DE' });
    const page = await context.newPage();
    await page.goto(served.url);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.locator('#username').fill(planner.username);
    await page.locator('#password').fill(planner.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.locator('#table-series tbody tr').first().waitFor({ state: 'visible', timeout: 120_000 });
    // One warm-up view (the gateway's query plans, the instances' statements), then the measured runs.
    await firstView(page, gatewayUrl);
    const views: Array<{ ms: number; requests: Timed[] }> = [];
    for (let run = 0; run < runs; run += 1) {
      const view = await firstView(page, gatewayUrl);
      views.push(view);
      console.log(
        `run ${run + 1}: ${view.ms.toFixed(0)} ms (${view.requests.map((request) => `${request.operation} ${request.ms.toFixed(0)} ms`).join(', ')})`,
      );
    }
    await context.close();
    const loadAfter = os.loadavg()[0];

    const times = views.map((view) => view.ms);
    const operations = [...new Set(views.flatMap((view) => view.requests.map((request) => request.operation)))];
    const operationRows = operations.map((operation) => {
      const of = views.flatMap((view) => view.requests.filter((request) => request.operation === operation));
      return `| ${operation} | ${of.length / runs} | ${median(of.map((request) => request.ms)).toFixed(0)} ms | ${Math.round(median(of.map((request) => request.bytes)) / 1024)} KB |`;
    });
    const m = machine();
    const day = new Date().toISOString().slice(0, 10);
    const within = median(times) <= target;
    const section = `## The regional dashboard: first view with ${municipalities.length} municipalities (${day})

Target (dashboard issue): the first view within 2 s on the test stack with 21 municipalities.
Written by \`npm run bench:dashboard\` (also the last step of \`npm run bench\`): ${municipalities.length} municipalities
(${municipalities.length * 3} instances and the gateway in one process, ${process.env.DATABASE_URL ? 'PostgreSQL at DATABASE_URL' : 'embedded PostgreSQL'}, the demo data
and a seeded year of daily snapshots), the real login, the dashboard's production build, Chromium
headless at 1280×800. A planner of all ${municipalities.length} is logged in; after one warm-up view, each of ${runs}
runs reloads the overview and waits until the key figures, the map, the table of all ${municipalities.length}
municipalities, the table by age and hours, the 12-month table and the chart show.

| runs | median | min | max | target 2 s | load average (1 min) before / after |
|---|---|---|---|---|---|
| ${runs} | **${seconds(median(times))}** | ${seconds(Math.min(...times))} | ${seconds(Math.max(...times))} | ${within ? 'met' : '**missed**'} | ${loadBefore.toFixed(1)} / ${loadAfter.toFixed(1)} |

What the first view waits for: each GraphQL request the page sent, per view, timed in the browser
from its start to the end of its answer (median over the runs):

| operation | requests per view | median | answer |
|---|---|---|---|
${operationRows.join('\n')}

Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}. Everything shares
the machine, with whatever else runs on it (the load average says how busy it was): a busy
machine makes every figure slower, so read the number with the load beside it.`;
    console.log(`\n${section}`);
    await writeMarkedSection(report, 'dashboard', section);
    console.log(`\nWritten to the dashboard section of ${path.relative(repoRoot, report)}.`);
    return 0;
  } finally {
    await browser?.close();
    await stack?.stop();
    // An external PostgreSQL keeps nothing of the run.
    if (postgres && !postgres.embedded) await dropDatabases(postgres.url, await listDatabases(postgres.url, databasePrefix));
    await login?.close();
    await dashboard?.close();
    await postgres?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
