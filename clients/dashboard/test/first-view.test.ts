// The dashboard's first view on the test stack with 21 municipalities (docs/benchmarks.md), run
// on demand: BENCH_DASHBOARD=1 npx vitest run clients/dashboard/test/first-view.test.ts
// A planner of every municipality is logged in; each run opens the dashboard in a fresh tab of
// that session and waits until the key figures, the map, every table and the chart are shown.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  type DemoAccount,
  dashboardDist,
  generateSigningKeys,
  type LoginProvider,
  loadDevEnv,
  type PortalServer,
  servePortal,
  startLoginProvider,
} from '@kita/dev';
import { LocalTrust, TokenVerifier } from '@kita/shared';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../../../gateway/test/support.js';
import { launchChromium, shows } from '../../shell/testing/browser.js';

/** Every demo municipality, as `npm start` runs them. */
const all = loadDevEnv({}).MUNICIPALITIES;
const runs = 7;

describe.skipIf(!process.env.BENCH_DASHBOARD)('the dashboard with 21 municipalities', () => {
  let stack: TestStack;
  let login: LoginProvider;
  let dashboard: PortalServer;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(`${dashboardDist}/index.html`)) execFileSync('npm', ['run', 'build', '-w', '@kita/dashboard'], { stdio: 'ignore' });
    let gatewayUrl = '';
    dashboard = await servePortal({
      port: 0,
      dist: dashboardDist,
      config: () => ({ gatewayUrl, loginUrl: login.issuer, clientId: 'kita-dashboard', region: [], regionName: 'Niedersachsen' }),
    });
    const accounts: DemoAccount[] = [
      {
        username: 'planung.land',
        password: 'secret',
        subject: 'planung.land',
        role: 'analyst',
        municipalities: all,
        name: 'Planung',
        email: 'p@test.invalid',
        description: '',
      },
    ];
    login = await startLoginProvider({
      port: 0,
      audience: 'kita-federation',
      keys: await generateSigningKeys(),
      accounts,
      clients: [{ clientId: 'kita-dashboard', redirectUris: [`${dashboard.origin}/callback`] }],
    });
    const auth = new LocalTrust([{ issuer: login.issuer, jwksUri: login.jwksUri, audience: 'kita-federation', algorithms: ['RS256'], parents: true }]);
    stack = await startTestStack({ municipalities: all, seed: true, auth, verifier: new TokenVerifier(auth), corsOrigins: [dashboard.origin] });
    gatewayUrl = stack.gateway.url;
    for (const subgraph of ['facility', 'vacancy', 'reservation'] as const) for (const m of all) await stack.instance(m, subgraph).background?.catchUp?.();
    browser = await launchChromium();
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    await login?.close();
    await dashboard?.close();
  });

  it('shows every figure of the first view', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'de-DE' });
    const page = await context.newPage();
    await page.goto(dashboard.url);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.locator('#username').fill('planung.land');
    await page.locator('#password').fill('secret');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await shows(page.locator('#table-series tbody tr'));
    const times: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      const started = performance.now();
      await page.reload();
      await shows(page.locator('[data-figure="total"] .key-figure'));
      await expect.poll(() => page.locator('#table-by-municipality tbody tr').count()).toBe(21);
      await shows(page.locator('[data-figure="map"] g[data-municipality]'));
      await shows(page.locator('#table-by-age tbody tr'));
      await shows(page.locator('#table-series tbody tr'));
      await shows(page.locator('[data-figure="series"] svg[role="img"]'));
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    console.log(
      `dashboard first view, 21 municipalities, ${runs} runs: median ${times[runs >> 1].toFixed(0)} ms, min ${times[0].toFixed(0)}, max ${times.at(-1)!.toFixed(0)}`,
    );
    await context.close();
  }, 300_000);
});
