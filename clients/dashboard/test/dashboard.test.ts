// The regional dashboard in real Chromium against the real stack (Hansestadt and Landkreis
// Lüneburg with demo data and a seeded year of history): a planner logs in, reads the overview,
// drills down into the city's districts, reads the time series, downloads a table as CSV, and sees
// which municipality is missing from each figure when one is stopped; axe-core on every state.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { type DashboardRuntimeConfig, type DemoAccount, dashboardDist, type LoginProvider, loginWithPassword, type PortalServer, servePortal } from '@kita/dev';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { city, gatewayClient, landkreis, loginAccount, type TestStack } from '../../../gateway/test/support.js';
import { expectAccessible, launchChromium, shot, shows, textOf, timezoneId } from '../../shell/testing/browser.js';
import { startLoginAndStack } from '../../shell/testing/stack.js';

const accounts: DemoAccount[] = [loginAccount('planung.lueneburg', 'analyst', [city, landkreis])];

let stack: TestStack;
let login: LoginProvider;
let dashboard: PortalServer;
let browser: Browser;
const api = gatewayClient(() => stack.gateway.url);
const figures = 'capacity freePlaces children waiting placed suppressed coverage';

const plannerToken = () =>
  loginWithPassword({
    issuer: login.issuer,
    clientId: 'kita-dashboard',
    redirectUri: `${dashboard.origin}/callback`,
    username: 'planung.lueneburg',
    password: 'secret',
  }).then((answer) => answer.accessToken);

beforeAll(async () => {
  if (!existsSync(`${dashboardDist}/index.html`)) execFileSync('npm', ['run', 'build', '-w', '@kita/dashboard'], { stdio: 'ignore' });
  let gatewayUrl = '';
  dashboard = await servePortal({
    port: 0,
    dist: dashboardDist,
    config: (): DashboardRuntimeConfig => ({ gatewayUrl, loginUrl: login.issuer, clientId: 'kita-dashboard', region: [], regionName: 'Lüneburg' }),
  });
  ({ login, stack } = await startLoginAndStack({ clientId: 'kita-dashboard', appOrigin: dashboard.origin, accounts }));
  gatewayUrl = stack.gateway.url;
  // The projections and today's snapshot, as a running stack has them after a while.
  for (const subgraph of ['facility', 'vacancy', 'reservation'] as const)
    for (const m of [city, landkreis]) await stack.instance(m, subgraph).background?.catchUp?.();
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
  await login?.close();
  await dashboard?.close();
});

async function logIn(page: Page) {
  await page.goto(dashboard.url);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.locator('#username').fill('planung.lueneburg');
  await page.locator('#password').fill('secret');
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await shows(page.getByRole('heading', { level: 1, name: 'Angebot und Bedarf: Lüneburg' }));
}

const figure = (page: Page, id: string) => page.locator(`[data-figure="${id}"]`);

/** Downloads a table's CSV by its button and returns its rows (header first). */
async function csvOf(page: Page, button: string): Promise<string[][]> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button, exact: true }).click()]);
  const csv = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '');
  return csv
    .trim()
    .split('\r\n')
    .map((line) => line.split(','));
}

/**
 * What a reader of two CSV files can work out: a total's count minus the shown counts of its
 * parts, when exactly one part is "< 5" (columns: 1 waiting, 2 placed). Returns such values.
 */
function subtract(total: string[], parts: string[][]): number[] {
  const recovered: number[] = [];
  for (const column of [1, 2]) {
    const hidden = parts.filter((part) => part[column] === '< 5');
    if (total[column] === '< 5' || hidden.length !== 1) continue;
    recovered.push(Number(total[column]) - parts.filter((part) => part[column] !== '< 5').reduce((sum, part) => sum + Number(part[column]), 0));
  }
  return recovered;
}
const cellsOf = (page: Page, table: string) =>
  page.locator(`#${table} tbody tr`).evaluateAll((rows) => rows.map((row) => [...row.children].map((cell) => (cell.textContent ?? '').trim())));

describe('the regional dashboard', () => {
  let context: Awaited<ReturnType<Browser['newContext']>>;
  let page: Page;

  beforeAll(async () => {
    context = await browser.newContext({ timezoneId, viewport: { width: 1280, height: 800 }, acceptDownloads: true, locale: 'de-DE' });
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
  });

  it('shows the region at a glance and by municipality, as the API counts it', async () => {
    const token = await plannerToken();
    const [total] = await api.ok(`{ supplyDemandStatistics(groupBy: []) { ${figures} } }`, {}, token);
    const byMunicipality = await api.ok(`{ supplyDemandStatistics(groupBy: [MUNICIPALITY]) { municipality ${figures} } }`, {}, token);
    const started = Date.now();
    await logIn(page);
    const waiting = total.waiting === null ? '< 5' : new Intl.NumberFormat('de-DE').format(total.waiting);
    await textOf(figure(page, 'total').locator('.key-figure').first()).toContain(waiting);
    await shows(page.locator('#table-by-municipality tbody tr'));
    console.log(`dashboard first view after login: ${Date.now() - started} ms`);
    const rows = await cellsOf(page, 'table-by-municipality');
    expect(rows.map((row) => row[0])).toEqual(
      byMunicipality.map((bucket: any) => (bucket.municipality === city ? 'Hansestadt Lüneburg' : 'Landkreis Lüneburg')),
    );
    expect(rows.map((row) => row[1])).toEqual(
      byMunicipality.map((bucket: any) => (bucket.waiting === null ? '< 5' : new Intl.NumberFormat('de-DE').format(bucket.waiting))),
    );
    // The map: one symbol per municipality, its value written beside it.
    await expect.poll(() => figure(page, 'map').locator('g[data-municipality]').count()).toBe(2);
    await expect.poll(() => figure(page, 'map').locator(`g[data-municipality="${city}"] text`).textContent()).toContain('Hansestadt Lüneburg');
    await shows(figure(page, 'by-age').locator('tbody tr'));
    await shot(page, 'dashboard-overview-desktop');
    await expectAccessible(page, 'dashboard overview');
  });

  it('shows the last 12 months as a chart and a table of the first of each month', async () => {
    await figure(page, 'series').scrollIntoViewIfNeeded();
    await shows(figure(page, 'series').locator('svg[role="img"]'));
    const rows = await cellsOf(page, 'table-series');
    expect(rows.length).toBeGreaterThanOrEqual(12);
    expect(rows.length).toBeLessThanOrEqual(13);
    await shot(page, 'dashboard-series-desktop');
    await expectAccessible(page, 'dashboard time series');
  });

  it('drills down into the districts of the city: a map of the district areas with a symbol per district, and the tables', async () => {
    const token = await plannerToken();
    const byDistrict = await api.ok(
      `query($m: [String!]) { supplyDemandStatistics(municipalities: $m, groupBy: [DISTRICT]) { district ${figures} } }`,
      { m: [city] },
      token,
    );
    const { districtAreas } = await api.ok(`query($m: String!) { municipalityByKey(key: $m) { districtAreas { name } } }`, { m: city }, token);
    expect(districtAreas.length).toBeGreaterThan(10);
    await page.getByRole('link', { name: 'Ortsteile von Hansestadt Lüneburg' }).click();
    await shows(page.getByRole('heading', { level: 1, name: 'Hansestadt Lüneburg nach Ortsteilen' }));
    // The map: every district of the registry as its box and one symbol at its centroid, its value written beside it.
    const map = figure(page, 'district-map');
    await expect.poll(() => map.locator('g[data-district]').count()).toBe(districtAreas.length);
    expect(await map.locator('rect.region-map__area').count()).toBe(districtAreas.length);
    for (const bucket of byDistrict.filter((candidate: any) => candidate.district)) {
      const text = bucket.waiting === null ? '< 5' : new Intl.NumberFormat('de-DE').format(bucket.waiting);
      expect(await map.locator(`g[data-district="${bucket.district}"] text`).textContent()).toBe(`${bucket.district} ${text}`);
    }
    const suppressedDistricts = byDistrict.filter((bucket: any) => bucket.district && bucket.waiting === null).length;
    expect(await map.locator('svg.region-map__svg circle.region-map__symbol--suppressed').count()).toBe(suppressedDistricts);
    await expect.poll(() => page.locator('#table-by-district tbody tr').count()).toBe(byDistrict.length);
    const rows = await cellsOf(page, 'table-by-district');
    expect(rows.map((row) => row[0])).toEqual(byDistrict.map((bucket: any) => bucket.district ?? 'Ortsteil noch unbekannt'));
    expect(byDistrict.some((bucket: any) => bucket.suppressed)).toBe(true);
    await shot(page, 'dashboard-districts-desktop');
    await expectAccessible(page, 'dashboard districts');
  });

  it('downloads the tables as CSV with "< 5" kept, and no subtraction across them recovers a count of 1 to 4', async () => {
    const token = await plannerToken();
    const byDistrict = await api.ok(
      `query($m: [String!]) { supplyDemandStatistics(municipalities: $m, groupBy: [DISTRICT]) { district ${figures} } }`,
      { m: [city] },
      token,
    );
    const districts = await csvOf(page, 'CSV herunterladen: Nach Ortsteil');
    expect(districts[0].join(',')).toBe('Ortsteil,Wartende Kinder,Kinder mit Platz,Freie Plätze,Kapazität,Freie Plätze je wartendem Kind');
    expect(districts.slice(1).map((row) => row.join(','))).toEqual(
      byDistrict.map((bucket: any) =>
        [
          bucket.district ?? 'Ortsteil noch unbekannt',
          bucket.waiting === null ? '< 5' : String(bucket.waiting),
          bucket.placed === null ? '< 5' : String(bucket.placed),
          String(bucket.freePlaces),
          String(bucket.capacity),
          bucket.coverage !== null ? String(bucket.coverage) : bucket.waiting === null ? '< 5' : '–',
        ].join(','),
      ),
    );
    expect(districts.some((row) => row.includes('< 5'))).toBe(true);
    // District vs its age groups: the CSV by district and age group against the CSV by district.
    const ages = (await csvOf(page, 'CSV herunterladen: Nach Ortsteil und Altersgruppe')).slice(1);
    const recovered: number[] = [];
    for (const district of districts.slice(1)) {
      const parts = ages.filter((row) => row[0].slice(0, row[0].lastIndexOf(' ')) === district[0]);
      recovered.push(...subtract(district, parts));
    }
    // The city vs its districts, and the region vs its municipalities: the overview's CSVs.
    await page.getByRole('link', { name: 'Zurück zur Übersicht' }).click();
    await shows(page.locator('#table-by-municipality tbody tr'));
    const municipalities = (await csvOf(page, 'CSV herunterladen: Nach Kommune')).slice(1);
    const cityRow = municipalities.find((row) => row[0].startsWith(city));
    expect(cityRow).toBeDefined();
    recovered.push(...subtract(cityRow!, districts.slice(1)));
    const [total] = await api.ok(`{ supplyDemandStatistics(groupBy: []) { ${figures} } }`, {}, token);
    recovered.push(...subtract(['total', String(total.waiting ?? '< 5'), String(total.placed ?? '< 5')], municipalities));
    expect(recovered.filter((value) => value >= 1 && value <= 4)).toEqual([]);
  });

  it('fits a phone', async () => {
    const phone = await browser.newContext({
      timezoneId,
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'de-DE',
    });
    const small = await phone.newPage();
    try {
      await logIn(small);
      await shows(figure(small, 'total').locator('.key-figure'));
      await shot(small, 'dashboard-overview-phone');
      await expectAccessible(small, 'dashboard on a phone');
      await small.getByRole('link', { name: 'Ortsteile von Hansestadt Lüneburg' }).click();
      await shows(figure(small, 'district-map').locator('g[data-district]'));
      await figure(small, 'district-map').scrollIntoViewIfNeeded();
      await shot(small, 'dashboard-districts-phone');
      await expectAccessible(small, 'dashboard districts on a phone');
    } finally {
      await phone.close();
    }
  });

  it('names a stopped municipality on every figure it is missing from', async () => {
    await stack.instance(landkreis, 'reservation').close();
    await page.goto(dashboard.url);
    await shows(page.getByRole('heading', { level: 1, name: 'Angebot und Bedarf: Lüneburg' }));
    for (const id of ['total', 'map', 'by-municipality', 'by-age', 'by-kind', 'series'])
      await textOf(figure(page, id).getByRole('note')).toContain('Ohne Angaben von Landkreis Lüneburg');
    await shows(figure(page, 'map').locator(`g[data-municipality="${landkreis}"] path.region-map__missing`));
    await shows(page.locator('#table-by-municipality tbody tr'));
    await shot(page, 'dashboard-missing-desktop');
    await expectAccessible(page, 'dashboard with a municipality missing');
  });
});
