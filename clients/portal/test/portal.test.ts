// The parent portal in real Chromium against the real stack: the four steps end to end for a
// family in Hansestadt Lüneburg (a Kita in the city, a Tagespflege in the Landkreis), at phone and
// desktop size; the office's offer made through the API; Arabic right to left; axe-core on every
// page; the public search by GET, kept by the browser (cache or 304) behind a caching gateway; a
// stopped municipality named in a notice while the other's results stay.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';
import { type DemoAccount, demoGeocoder, type LoginProvider, loginWithPassword, type PortalServer, portalDist, servePortal } from '@kita/dev';
import { loadPersistedDocuments } from '@kita/gateway';
import { contrastRatio } from '@kita/schema';
import { createLogger, type LocalTrust, TokenVerifier } from '@kita/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  city,
  gatewayClient,
  kitaProfile,
  landkreis,
  loginAccount,
  publishFacility,
  shiftDays,
  shiftMonths,
  startFrontGateway,
  type TestStack,
} from '../../../gateway/test/support.js';
import { attributeOf, expectAccessible, hides, launchChromium, shot, shows, tabTo, textOf, timezoneId } from '../../shell/testing/browser.js';
import { startLoginAndStack } from '../../shell/testing/stack.js';

const kaltenmoor = { latitude: 53.2384, longitude: 10.4328 };
// Every page runs on German time (`timezoneId` from the shell's testing), as a family in
// Lüneburg's browser does: the portal counts an offer's days left in the browser's calendar.

const accounts: DemoAccount[] = [
  loginAccount('eltern.neumann', 'parent'),
  loginAccount('eltern.yilmaz', 'parent'),
  loginAccount('eltern.schulz', 'parent'),
  loginAccount('amt.stadt', 'office', [city]),
  loginAccount('eltern.berger', 'parent'),
  loginAccount('traeger.wochenende', 'provider'),
];

let stack: TestStack;
let login: LoginProvider;
let portal: PortalServer;
/** The same build configured with a light colour of its own (config.json's override), which the portal must darken. */
let overridden: PortalServer;
let browser: Browser;
/** The stack's trust: its service keys, for a second gateway in front of the same instances. */
let auth: LocalTrust;
const api = gatewayClient(() => stack.gateway.url);

const tokenOf = (username: string) =>
  loginWithPassword({ issuer: login.issuer, clientId: 'kita-portal', redirectUri: `${portal.origin}/callback`, username, password: 'secret' }).then(
    (answer) => answer.accessToken,
  );

beforeAll(async () => {
  if (!existsSync(`${portalDist}/index.html`)) execFileSync('npm', ['run', 'build', '-w', '@kita/portal'], { stdio: 'ignore' });
  let gatewayUrl = '';
  portal = await servePortal({
    port: 0,
    config: () => ({
      gatewayUrl,
      loginUrl: login.issuer,
      clientId: 'kita-portal',
      municipality: city,
      region: [city, landkreis],
      tileUrl: null,
      tileAttribution: null,
      geocoderUrl: '/geocoder/api',
      // The theme from the registry (the demo's Lüneburg red and crest).
      theme: { primary: null, logoUrl: null },
    }),
    routes: { '/geocoder/api': demoGeocoder([city, landkreis]) },
  });
  overridden = await servePortal({
    port: 0,
    config: () => ({
      gatewayUrl,
      loginUrl: login.issuer,
      clientId: 'kita-portal',
      municipality: city,
      region: [city, landkreis],
      tileUrl: null,
      tileAttribution: null,
      geocoderUrl: null,
      theme: { primary: '#ffd700', logoUrl: null },
    }),
  });
  ({ login, stack, auth } = await startLoginAndStack({ clientId: 'kita-portal', appOrigin: portal.origin, accounts }));
  gatewayUrl = `${stack.gateway.url}`;
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
  await login?.close();
  await portal?.close();
  await overridden?.close();
});

/** Facilities with a free place for the child on the wished start, nearest to Kaltenmoor first, as the API lists them. */
async function candidates(birthDate: string, wishedStart: string) {
  const answer = await api.ok(
    `query($f: FacilityFilter) { facilities(municipalities: ["${city}", "${landkreis}"], near: { latitude: ${kaltenmoor.latitude}, longitude: ${kaltenmoor.longitude} }, orderBy: DISTANCE, first: 100, filter: $f) { edges { node { id name kind municipality freePlaces availability } } } }`,
    { f: { childBirthDate: birthDate, wishedStart, hoursPerWeek: 25, onlyWithFreePlaces: true, radiusKm: 20 } },
  );
  return answer.edges.map((edge: any) => edge.node) as {
    id: string;
    name: string;
    kind: string;
    municipality: string;
    freePlaces: number;
    availability: keyof typeof trafficLight;
  }[];
}

/**
 * The traffic light's words on a result card (de.json's availability). It tells of today, not of
 * the wished start: a facility found for next August may have no place free now.
 */
const trafficLight = { FREE_NOW: 'Jetzt frei', FREE_SOON: 'Bald frei', NONE: 'Zurzeit kein Platz frei' };

/**
 * Scrolls through the result pages ("more results") until the facility's card shows. Found by
 * the link to its page: the city and the Landkreis may each have a facility of the same name.
 */
async function findCard(page: Page, id: string) {
  const card = page.locator('.result', { has: page.locator(`a[href$="/einrichtung/${encodeURIComponent(id)}"]`) });
  // Rendered from the cache at once when it was loaded before (coming back from a facility's page).
  await page.locator('.result').first().waitFor();
  for (let pages = 0; pages < 12 && !(await card.isVisible()); pages += 1) {
    const more = page.getByRole('button', { name: 'Weitere Ergebnisse' });
    if (!(await more.isVisible())) break;
    await more.click();
    await expect.poll(async () => (await card.isVisible()) || !(await more.isVisible()) || (await more.isEnabled())).toBe(true);
  }
  await card.waitFor({ state: 'visible' });
  return card;
}

/** A 320×180 PNG: sky above, meadow below, like a garden photo. */
function gardenPicture(): Buffer {
  const [width, height] = [320, 180];
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows: number[] = [];
  for (let y = 0; y < height; y += 1) {
    rows.push(0);
    for (let x = 0; x < width; x += 1) rows.push(...(y < 110 ? [150 + y / 2, 200 + y / 4, 250] : [60 + (x % 40), 150 + (y % 20), 70]));
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function freePlacesOf(id: string): Promise<number> {
  return (await api.ok('query($id: ID!) { facility(id: $id) { freePlaces } }', { id })).freePlaces;
}

interface Journey {
  size: 'phone' | 'desktop';
  viewport: { width: number; height: number };
  parent: string;
  child: { firstName: string; lastName: string };
  pick: number;
}

async function journey({ size, viewport, parent, child, pick }: Journey) {
  // The start of the next Kita year: when most places become free.
  const now = new Date();
  const wishedStart = `${now.getUTCMonth() >= 7 ? now.getUTCFullYear() + 1 : now.getUTCFullYear()}-08-01`;
  const birthDate = shiftMonths(-14, wishedStart);
  // The facility subgraph learns of free places through the vacancy subgraph's events: wait for the seeded ones.
  let found: Awaited<ReturnType<typeof candidates>> = [];
  let kitas: typeof found = [];
  let tagespflege: typeof found = [];
  await expect
    .poll(
      async () => {
        found = await candidates(birthDate, wishedStart);
        kitas = found.filter((facility) => facility.municipality === city && facility.kind === 'KINDERTAGESSTAETTE');
        tagespflege = found.filter((facility) => facility.municipality === landkreis && facility.kind !== 'KINDERTAGESSTAETTE');
        return kitas.length > pick && tagespflege.length > pick;
      },
      { timeout: 60_000, interval: 1000, message: 'a city Kita and a Landkreis Tagespflege with a free place' },
    )
    .toBe(true);
  const kita = kitas[pick];
  const pflege = tagespflege[pick];

  const context: BrowserContext = await browser.newContext({
    timezoneId,
    viewport,
    locale: 'de-DE',
    geolocation: kaltenmoor,
    permissions: ['geolocation'],
    hasTouch: size === 'phone',
    isMobile: size === 'phone',
  });
  const page = await context.newPage();
  try {
    // 1. Search without login: every filter combines; nearest first with distances.
    await page.goto(portal.url);
    await shows(page.getByRole('heading', { level: 2, name: /Treffer: \d+/ }));
    await textOf(page.locator('.app-brand__subtitle')).toBe('Hansestadt Lüneburg');
    // On a phone the filters are folded under the search field.
    if (size === 'phone') await page.locator('summary', { hasText: 'Alle Filter' }).click();
    await page.getByLabel('Geburtsdatum des Kindes').fill(birthDate);
    await page.getByLabel('Gewünschter Beginn').fill(wishedStart);
    await page.getByLabel('Stunden pro Woche').fill('25');
    await page.getByLabel('Nur mit freien Plätzen').check();
    await page.getByLabel('In meiner Nähe').check();
    await page.getByLabel('Umkreis').selectOption('20');
    await page.getByRole('button', { name: 'Suchen', exact: true }).click();
    await shows(page.locator('.result__distance').first());
    // The nearest first, with its traffic light. The demo data draws its vacancies anew each day, so
    // whether that facility also has a place free today is the data's, not a constant.
    await textOf(page.locator('.result__name').first()).toBe(found[0].name);
    await textOf(page.locator('.result').first()).toContain(trafficLight[found[0].availability]);
    if (size === 'desktop') {
      // List and map side by side; markers on a plain ground (no tiles configured).
      await shows(page.locator('.map'));
      await shows(page.locator('.map-marker, .marker-cluster').first());
    } else {
      await hides(page.locator('.map'));
      await page.getByRole('button', { name: 'Karte' }).click();
      await shows(page.locator('.map-marker, .marker-cluster').first());
      await page.locator('.view-switch').scrollIntoViewIfNeeded();
      await page.evaluate(() => (globalThis as any).scrollBy(0, -8));
      await shot(page, `search-map-${size}`);
      await page.getByRole('button', { name: 'Liste' }).click();
    }
    await shot(page, `search-${size}`);
    await expectAccessible(page, `search (${size})`);

    // 2. The Kita's page (with a photo its office added), saved to the shortlist there; the Tagespflege saved from its card.
    const altText = 'Der Garten mit Sandkasten und Wiese';
    if (size === 'desktop') {
      const photo = { kind: 'PHOTO', fileName: 'garten.png', contentType: 'image/png', contentBase64: gardenPicture().toString('base64'), altText };
      await api.ok(
        'mutation($id: ID!, $input: MediaInput!) { addFacilityMedia(facilityId: $id, input: $input) { id } }',
        { id: kita.id, input: photo },
        await tokenOf('amt.stadt'),
      );
    }
    const kitaCard = await findCard(page, kita.id);
    await kitaCard.getByRole('link', { name: kita.name }).click();
    await shows(page.getByRole('heading', { level: 1, name: kita.name }));
    if (size === 'desktop') {
      const image = page.getByRole('img', { name: altText });
      await shows(image);
      await expect.poll(() => image.evaluate((element: any) => element.complete && element.naturalWidth)).toBe(320);
    }
    await shows(page.getByRole('heading', { name: 'Freie Plätze' }));
    await textOf(page.locator('.facility .free-places li').first()).toContain('frei ab');
    await page
      .locator('.facility__actions')
      .getByRole('button', { name: /^Merken/ })
      .click();
    await attributeOf(page.locator('.facility__actions .shortlist-button'), 'aria-pressed').toBe('true');
    // The municipality's cap from its API, beside the button, before the parent could choose one too many.
    const { maxChoices } = await api.ok('query($k: String!) { municipalityByKey(key: $k) { maxChoices } }', { k: city });
    await textOf(page.locator('.facility__actions .shortlist-button__cap')).toBe(`Hansestadt Lüneburg: 1 von höchstens ${maxChoices} Wünschen`);
    await shot(page, `facility-${size}`);
    await expectAccessible(page, `facility (${size})`);
    await page.getByRole('link', { name: 'Zurück zur Suche' }).click();
    const pflegeCard = await findCard(page, pflege.id);
    await pflegeCard.getByRole('button', { name: /^Merken/ }).click();
    await shows(page.getByRole('link', { name: 'Merkliste (2)' }));

    // 3. The shortlist: ranked, with each municipality's cap shown.
    await page.getByRole('link', { name: 'Merkliste (2)' }).click();
    // The caps come from each municipality's reservation service (Municipality.maxChoices): config.json names none.
    const caps = await api.ok('{ municipalities { key maxChoices } }', {});
    const capOf = (key: string) => caps.find((municipality: any) => municipality.key === key).maxChoices;
    await shows(page.getByText(`Hansestadt Lüneburg: 1 von höchstens ${capOf(city)} Wünschen`));
    await shows(page.getByText(`Landkreis Lüneburg: 1 von höchstens ${capOf(landkreis)} Wünschen`));
    await shot(page, `shortlist-${size}`);
    await expectAccessible(page, `shortlist (${size})`);
    await page.getByRole('link', { name: 'Diese Auswahl vormerken' }).click();

    // 4. The form: messages next to the fields, then filled in, released after login.
    await page.getByRole('button', { name: 'Vormerkung freigeben' }).click();
    await textOf(page.locator('#r-childFirstName-error')).toBe('Bitte ausfüllen.');
    await textOf(page.locator('#r-postalCode-error')).toBe('Die Postleitzahl hat fünf Ziffern.');
    await attributeOf(page.locator('#r-childFirstName'), 'aria-invalid').toBe('true');
    await shot(page, `reservation-errors-${size}`);
    await expectAccessible(page, `reservation form with errors (${size})`);
    const form = page.locator('.reservation-form');
    const fieldsets = form.locator('fieldset');
    await fieldsets.nth(1).getByLabel('Vorname').fill(child.firstName);
    await fieldsets.nth(1).getByLabel('Nachname').fill(child.lastName);
    await page.getByLabel('Geburtsdatum', { exact: true }).fill(birthDate);
    await fieldsets.nth(2).getByLabel('Vorname').fill('Jana');
    await fieldsets.nth(2).getByLabel('Nachname').fill(child.lastName);
    await page.getByLabel('E-Mail').fill('jana@example.org');
    await page.getByLabel('Straße und Hausnummer').fill('Am Sande 1');
    await page.getByLabel('Postleitzahl').fill('21335');
    await page.getByLabel('Ort', { exact: true }).fill('Lüneburg');
    await form.getByLabel('Gewünschter Beginn').fill(wishedStart);
    await form.getByLabel('Stunden pro Woche').fill('25');
    let sibling: { id: string; name: string } | undefined;
    if (size === 'desktop') {
      // A second guardian (its messages next to its fields) and a facility a sibling attends, found by name.
      await page.getByLabel('Eine zweite erziehungsberechtigte Person angeben').check();
      await page.getByRole('button', { name: 'Vormerkung freigeben' }).click();
      await textOf(page.locator('#r-guardian2FirstName-error')).toBe('Bitte ausfüllen.');
      await attributeOf(page.locator('#r-guardian2LastName'), 'aria-invalid').toBe('true');
      await fieldsets.nth(3).getByLabel('Vorname').fill('Tom');
      await fieldsets.nth(3).getByLabel('Nachname').fill(child.lastName);
      await fieldsets
        .nth(3)
        .getByLabel(/^E-Mail/)
        .fill('tom@example.org');
      const others = await api.ok(`{ facilities(municipalities: ["${city}"], orderBy: NAME, first: 5) { edges { node { id name } } } }`, {});
      sibling = others.edges.map((edge: any) => edge.node).find((facility: any) => facility.id !== kita.id);
      await page.getByLabel('Name der Einrichtung des Geschwisterkinds').fill(sibling!.name);
      await page.getByRole('button', { name: 'Einrichtung suchen' }).click();
      await page
        .locator('.sibling-facilities__found li')
        .filter({ hasText: `${sibling!.name} (` })
        .first()
        .getByRole('button', { name: /^Hinzufügen/ })
        .click();
      await textOf(page.locator('.sibling-facilities__chosen')).toContain(sibling!.name);
      await page.locator('.sibling-facilities').scrollIntoViewIfNeeded();
      await shot(page, 'portal-reservation-guardians-desktop');
      await expectAccessible(page, 'form with a second guardian and a sibling facility');
    }
    await page.getByRole('button', { name: 'Vormerkung freigeben' }).click();
    // Not logged in: the provider's login page, then back to the form with the draft kept.
    await page.getByLabel('Benutzername').or(page.locator('#username')).first().fill(parent);
    await page.locator('#password').fill('secret');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await shows(page.getByRole('heading', { level: 1, name: 'Vormerkung' }));
    await expect.poll(() => fieldsets.nth(1).getByLabel('Vorname').inputValue()).toBe(child.firstName);
    // A double click releases once (the idempotency key and the disabled button).
    await page.getByRole('button', { name: 'Vormerkung freigeben' }).dblclick();
    await shows(page.getByRole('heading', { level: 1, name: 'Meine Vormerkungen' }));
    await shows(page.getByText('Ihre Vormerkung ist freigegeben.'));
    const choices = page.locator('.choice');
    await expect.poll(() => choices.count()).toBe(2);
    await textOf(choices.nth(0)).toContain(kita.name);
    await textOf(choices.nth(0)).toContain('Freigegeben');
    await textOf(choices.nth(1)).toContain(pflege.name);

    // The office makes an offer through the API.
    const parentToken = await tokenOf(parent);
    const parts = await api.ok('{ myReservationParts { municipality choices { id status facility { id } } } }', {}, parentToken);
    expect(parts.flatMap((part: any) => part.choices)).toHaveLength(2);
    if (sibling) {
      // Both guardians in every part; the sibling's facility only in its own municipality's part.
      const people = await api.ok('{ myReservationParts { municipality guardians { firstName } siblingFacilities { id } } }', {}, parentToken);
      const partIn = (key: string) => people.find((part: any) => part.municipality === key);
      expect(partIn(city).guardians.map((guardian: any) => guardian.firstName)).toEqual(['Jana', 'Tom']);
      expect(partIn(city).siblingFacilities).toEqual([{ id: sibling.id }]);
      expect(partIn(landkreis).guardians.map((guardian: any) => guardian.firstName)).toEqual(['Jana', 'Tom']);
      expect(partIn(landkreis).siblingFacilities).toEqual([]);
    }
    const cityChoice = parts.find((part: any) => part.municipality === city).choices[0];
    const office = await tokenOf('amt.stadt');
    await api.ok('mutation($id: ID!) { startReview(id: $id) { id } }', { id: cityChoice.id }, office);
    await api.ok('mutation($id: ID!, $d: LocalDate!) { makeOffer(id: $id, deadline: $d) { id } }', { id: cityChoice.id, d: shiftDays(20) }, office);
    const placesBefore = await freePlacesOf(kita.id);

    // The parent sees the offer with its deadline, accepts it as binding; the other choice is withdrawn.
    await page.reload();
    await textOf(choices.nth(0)).toContain('Platz angeboten');
    await textOf(choices.nth(0)).toContain('noch 20 Tage');
    await shot(page, `offer-${size}`);
    await expectAccessible(page, `offer (${size})`);
    await choices.nth(0).getByRole('button', { name: 'Zusage annehmen' }).click();
    await textOf(choices.nth(0)).toContain('Die Annahme ist verbindlich.');
    await choices.nth(0).getByRole('button', { name: 'Verbindlich annehmen' }).click();
    await textOf(choices.nth(0)).toContain('Zusage angenommen');
    // The Landkreis learns of it through events within seconds.
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.locator('.choice').nth(1).getAttribute('data-status');
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBe('WITHDRAWN');
    await textOf(choices.nth(1)).toContain('Zurückgezogen');
    await choices.nth(0).locator('summary', { hasText: 'Verlauf' }).click();
    await textOf(choices.nth(0)).toContain('Die Zusage wurde angenommen (von Ihnen)');
    await shot(page, `accepted-${size}`);
    await expectAccessible(page, `accepted (${size})`);
    // The placement reaches the facility's free places through events too.
    await expect.poll(() => freePlacesOf(kita.id), { timeout: 30_000, interval: 500 }).toBe(placesBefore - 1);
  } finally {
    await context.close();
  }
}

describe('parent portal in Chromium', () => {
  it('the four steps at 1280×800: search, choose, reserve and release, accept the offer', async () => {
    await journey({
      size: 'desktop',
      viewport: { width: 1280, height: 800 },
      parent: 'eltern.neumann',
      child: { firstName: 'Lina', lastName: 'Neumann' },
      pick: 0,
    });
  }, 180_000);

  it('the same journey on a 390×844 phone', async () => {
    await journey({ size: 'phone', viewport: { width: 390, height: 844 }, parent: 'eltern.yilmaz', child: { firstName: 'Emir', lastName: 'Yılmaz' }, pick: 1 });
  }, 180_000);

  it('works by keyboard alone: skip link, text search, a facility, the shortlist, the form', async () => {
    const context = await browser.newContext({ timezoneId, viewport: { width: 1280, height: 800 }, locale: 'de-DE' });
    const page = await context.newPage();
    try {
      const [facility] = (await candidates(shiftMonths(-14, shiftMonths(8)), shiftMonths(8))).filter((candidate) => candidate.municipality === city);
      await page.goto(portal.url);
      await shows(page.locator('.result'));
      await page.keyboard.press('Tab');
      await textOf(page.locator(':focus')).toBe('Zum Inhalt springen');
      await page.keyboard.press('Enter');
      await attributeOf(page.locator(':focus'), 'id').toBe('main');
      await tabTo(page, 'f-text');
      await page.keyboard.type(facility.name);
      await page.keyboard.press('Enter');
      await textOf(page.locator('.result__name')).toBe(facility.name);
      await tabTo(page, facility.name);
      await page.keyboard.press('Enter');
      await shows(page.getByRole('heading', { level: 1, name: facility.name }));
      await tabTo(page, 'Merken');
      await page.keyboard.press('Space');
      await attributeOf(page.locator('.facility__actions .shortlist-button'), 'aria-pressed').toBe('true');
      await tabTo(page, 'Merkliste (1)');
      await page.keyboard.press('Enter');
      await shows(page.getByRole('heading', { level: 1, name: 'Merkliste' }));
      await tabTo(page, 'Diese Auswahl vormerken');
      await page.keyboard.press('Enter');
      await shows(page.getByRole('heading', { level: 1, name: 'Vormerkung' }));
      await tabTo(page, 'r-childFirstName');
      await page.keyboard.type('Mia');
      await expect.poll(() => page.locator('#r-childFirstName').inputValue()).toBe('Mia');
    } finally {
      await context.close();
    }
  }, 60_000);

  it('a parent withdraws a released choice and declines an offer, each after confirming', async () => {
    const wishedStart = shiftMonths(8);
    const birthDate = shiftMonths(-20, wishedStart);
    const [first, second] = (await candidates(birthDate, wishedStart)).filter(
      (facility) => facility.municipality === city && facility.kind === 'KINDERTAGESSTAETTE',
    );
    const parent = await tokenOf('eltern.schulz');
    const input = {
      applicationKey: crypto.randomUUID(),
      child: { firstName: 'Paul', lastName: 'Schulz', birthDate },
      guardians: [
        {
          firstName: 'Eva',
          lastName: 'Schulz',
          email: 'eva@example.org',
          address: { street: 'Am Berge 3', postalCode: '21335', city: 'Lüneburg', residenceMunicipality: city },
        },
      ],
      wishedStart,
      hoursPerWeek: 25,
      kindsOfCare: ['KINDERTAGESSTAETTE'],
      choices: [
        { facilityId: first.id, rank: 1 },
        { facilityId: second.id, rank: 2 },
      ],
    };
    await api.ok(
      'mutation($m: String!, $input: ReservationDraftInput!) { saveReservationDraft(municipality: $m, input: $input) { id } }',
      { m: city, input },
      parent,
    );
    const part = await api.ok(
      'mutation($m: String!, $k: ID!, $i: String!) { submitReservation(municipality: $m, applicationKey: $k, idempotencyKey: $i) { choices { id rank } } }',
      { m: city, k: input.applicationKey, i: crypto.randomUUID() },
      parent,
    );
    const offered = part.choices.find((choice: any) => choice.rank === 1).id;
    const office = await tokenOf('amt.stadt');
    await api.ok('mutation($id: ID!) { startReview(id: $id) { id } }', { id: offered }, office);
    await api.ok('mutation($id: ID!, $d: LocalDate!) { makeOffer(id: $id, deadline: $d) { id } }', { id: offered, d: shiftDays(14) }, office);

    const context = await browser.newContext({ timezoneId, viewport: { width: 390, height: 844 }, locale: 'de-DE' });
    const page = await context.newPage();
    try {
      await page.goto(`${portal.url}meine-vormerkungen`);
      await page.getByRole('button', { name: 'Anmelden' }).last().click();
      await page.locator('#username').fill('eltern.schulz');
      await page.locator('#password').fill('secret');
      await page.getByRole('button', { name: 'Anmelden' }).click();
      const choices = page.locator('.choice');
      await textOf(choices.nth(0)).toContain('noch 14 Tage');
      // Withdrawing the second choice: asked first, then done, in the history in plain words.
      await choices.nth(1).getByRole('button', { name: 'Zurückziehen' }).click();
      await textOf(choices.nth(1)).toContain('Möchten Sie diesen Wunsch wirklich zurückziehen?');
      await choices.nth(1).getByRole('button', { name: 'Wunsch zurückziehen' }).click();
      await attributeOf(choices.nth(1), 'data-status').toBe('WITHDRAWN');
      await choices.nth(1).locator('summary', { hasText: 'Verlauf' }).click();
      await textOf(choices.nth(1)).toContain('Der Wunsch wurde zurückgezogen (von Ihnen)');
      // Declining the offer on the first.
      await choices.nth(0).getByRole('button', { name: 'Ablehnen' }).click();
      await choices.nth(0).getByRole('button', { name: 'Angebot ablehnen' }).click();
      await attributeOf(choices.nth(0), 'data-status').toBe('DECLINED');
      await textOf(choices.nth(0)).toContain('Abgelehnt');
      await expectAccessible(page, 'declined and withdrawn');
      const statuses = await api.ok('{ myReservationParts { choices { rank status } } }', {}, parent);
      expect(statuses[0].choices.map((choice: any) => choice.status)).toEqual(['DECLINED', 'WITHDRAWN']);
    } finally {
      await context.close();
    }
  }, 60_000);

  it("the municipality's colour and crest from the registry; a colour of config.json that fails WCAG AA is darkened", async () => {
    const { theme } = await api.ok('query($k: String!) { municipalityByKey(key: $k) { theme { primaryColor logoUrl } } }', { k: city });
    expect(theme.primaryColor).toMatch(/^#[0-9a-f]{6}$/);
    const rgb = (hex: string) => `rgb(${[1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16)).join(', ')})`;
    const hex = (color: string) =>
      `#${(color.match(/\d+/g) ?? [])
        .slice(0, 3)
        .map((part) => Number(part).toString(16).padStart(2, '0'))
        .join('')}`;
    const background = (page: Page, selector: string) =>
      page.evaluate((css) => (globalThis as any).getComputedStyle((globalThis as any).document.querySelector(css)).backgroundColor, selector);
    for (const [size, viewport] of [
      ['desktop', { width: 1280, height: 800 }],
      ['phone', { width: 390, height: 844 }],
    ] as const) {
      const context = await browser.newContext({ timezoneId, viewport, locale: 'de-DE' });
      const page = await context.newPage();
      try {
        await page.goto(portal.url);
        await shows(page.locator('.result').first());
        // The header bar and KERN's primary buttons take the registry's colour; the crest heads the page.
        await expect.poll(() => background(page, '.app-header'), { timeout: 20_000 }).toBe(rgb(theme.primaryColor));
        await expect.poll(() => background(page, '.search-form .kern-btn--primary')).toBe(rgb(theme.primaryColor));
        await attributeOf(page.locator('.app-brand__logo'), 'src').toBe(theme.logoUrl);
        await expect.poll(() => page.locator('.app-brand__logo').evaluate((image: any) => image.complete && image.naturalWidth > 0)).toBe(true);
        await shot(page, `portal-theme-${size}`);
        await expectAccessible(page, `themed search (${size})`);
      } finally {
        await context.close();
      }
    }
    // config.json's light yellow would leave white text unreadable: the portal darkens it to 4.5:1.
    const context = await browser.newContext({ timezoneId, viewport: { width: 1280, height: 800 }, locale: 'de-DE' });
    const page = await context.newPage();
    try {
      await page.goto(overridden.url);
      await expect.poll(() => background(page, '.app-header'), { timeout: 20_000 }).not.toBe('rgba(0, 0, 0, 0)');
      const applied = hex(await background(page, '.app-header'));
      expect(applied).not.toBe('#ffd700');
      expect(contrastRatio(applied, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    } finally {
      await context.close();
    }
  }, 90_000);

  it('an address typed into the search (suggested by the geocoder) and a radius drive the search like "near me"', async () => {
    const context = await browser.newContext({ timezoneId, viewport: { width: 1280, height: 800 }, locale: 'de-DE' });
    const page = await context.newPage();
    try {
      await page.goto(portal.url);
      await shows(page.locator('.result').first());
      const field = page.getByRole('combobox', { name: 'Adresse' });
      await field.click();
      await page.keyboard.type('Kaltenm');
      await shows(page.getByRole('option', { name: /^Kaltenmoor, Lüneburg/ }));
      await attributeOf(field, 'aria-expanded').toBe('true');
      // Instantly (KERN scrolls smoothly), the field near the top with its suggestions below.
      await field.evaluate((element: any) => element.scrollIntoView({ block: 'start', behavior: 'instant' }));
      await page.evaluate(() => (globalThis as any).scrollBy({ top: -160, behavior: 'instant' }));
      await shot(page, 'portal-address-desktop');
      await expectAccessible(page, 'address suggestions');
      // By keyboard: the first suggestion (the district), chosen with Enter.
      await page.keyboard.press('ArrowDown');
      await expect.poll(() => field.getAttribute('aria-activedescendant')).toBeTruthy();
      await page.keyboard.press('Enter');
      await expect.poll(() => field.inputValue()).toMatch(/^Kaltenmoor, Lüneburg/);
      await attributeOf(field, 'aria-expanded').toBe('false');
      await page.getByLabel('Umkreis').selectOption('2');
      await page.getByRole('button', { name: 'Suchen', exact: true }).click();
      // The same point through the geocoder and the same radius through the API.
      const geocoded: any = await (await fetch(`${portal.origin}/geocoder/api?q=Kaltenmoor&limit=1`)).json();
      const [longitude, latitude] = geocoded.features[0].geometry.coordinates;
      const expected = await api.ok(
        `query($near: GeoPointInput, $f: FacilityFilter) { facilities(municipalities: ["${city}", "${landkreis}"], near: $near, orderBy: DISTANCE, first: 10, filter: $f) { totalCount edges { distanceKm node { name } } } }`,
        { near: { latitude, longitude }, f: { radiusKm: 2 } },
      );
      expect(expected.totalCount).toBeGreaterThan(0);
      await shows(page.getByRole('heading', { level: 2, name: `Treffer: ${expected.totalCount}` }));
      await textOf(page.locator('.result__name').first()).toBe(expected.edges[0].node.name);
      const distances = await page.locator('.result__distance').allInnerTexts();
      expect(distances.length).toBe(Math.min(10, expected.totalCount));
      for (const text of distances) expect(Number((/([\d,]+)\s*km/.exec(text)?.[1] ?? '99').replace(',', '.'))).toBeLessThanOrEqual(2);
      await page.locator('#results-heading').scrollIntoViewIfNeeded();
      await shot(page, 'portal-address-results-desktop');
    } finally {
      await context.close();
    }
  }, 60_000);

  it('the opening window on chosen weekdays finds a Kita open on Saturday', async () => {
    const name = 'Kita Wochenende Kaltenmoor';
    const openingHours = [1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: '07:00', closes: weekday === 6 ? '13:00' : '17:00' }));
    const [provider, office] = await Promise.all([tokenOf('traeger.wochenende'), tokenOf('amt.stadt')]);
    await publishFacility(api.ok, city, { ...kitaProfile(name), openingHours }, { provider, office });
    const filter = { openAt: { from: '08:00', until: '12:00', weekdays: [1, 2, 3, 4, 5, 6] } };
    const expected = await api.ok(
      `query($f: FacilityFilter) { facilities(municipalities: ["${city}", "${landkreis}"], orderBy: NAME, first: 10, filter: $f) { totalCount edges { node { name } } } }`,
      { f: filter },
    );
    expect(expected.edges.map((edge: any) => edge.node.name)).toContain(name);
    const context = await browser.newContext({ timezoneId, viewport: { width: 390, height: 844 }, locale: 'de-DE' });
    const page = await context.newPage();
    try {
      await page.goto(portal.url);
      await shows(page.locator('.result').first());
      await page.locator('summary', { hasText: 'Alle Filter' }).click();
      await page.locator('summary', { hasText: 'Weitere Filter' }).click();
      await page.getByLabel('Geöffnet ab').fill('08:00');
      await page.getByLabel('Geöffnet bis').fill('12:00');
      await page.getByLabel('Samstag').check();
      await expect.poll(() => page.getByLabel('Montag').isChecked()).toBe(true);
      await page.locator('.search-form__weekdays').scrollIntoViewIfNeeded();
      await shot(page, 'portal-weekdays-phone');
      await expectAccessible(page, 'weekday filter');
      await page.getByRole('button', { name: 'Suchen', exact: true }).click();
      await shows(page.getByRole('heading', { level: 2, name: `Treffer: ${expected.totalCount}` }));
      await shows(page.locator('.result__name', { hasText: name }));
    } finally {
      await context.close();
    }
  }, 60_000);

  it('a parent chooses the mail language and kinds per municipality; required kinds stay on; saved settings read back through the API', async () => {
    for (const [size, viewport] of [
      ['phone', { width: 390, height: 844 }],
      ['desktop', { width: 1280, height: 800 }],
    ] as const) {
      const context = await browser.newContext({ timezoneId, viewport, locale: 'de-DE' });
      const page = await context.newPage();
      try {
        await page.goto(`${portal.url}benachrichtigungen`);
        await shows(page.getByRole('heading', { level: 1, name: 'Benachrichtigungen' }));
        await page.getByRole('button', { name: 'Anmelden' }).last().click();
        await page.locator('#username').fill('eltern.berger');
        await page.locator('#password').fill('secret');
        await page.getByRole('button', { name: 'Anmelden' }).click();
        const cityCard = page.locator('.notification-settings', { has: page.getByRole('heading', { name: 'Hansestadt Lüneburg' }) });
        const offer = cityCard.getByLabel(/^Platzangebot mit Frist/);
        await shows(offer);
        // A required kind: on, not switchable, and the reason tied to it.
        expect(await offer.isChecked()).toBe(true);
        expect(await offer.isDisabled()).toBe(true);
        await textOf(page.locator(`#${await offer.getAttribute('aria-describedby')}`)).toContain('lassen sich nicht abschalten');
        if (size === 'phone') {
          await cityCard.getByLabel('Erinnerung 3 Tage vor Ablauf der Frist').uncheck();
          await cityCard.getByLabel('Sprache der E-Mails').selectOption('en');
          await cityCard.getByRole('button', { name: 'Einstellungen speichern' }).click();
          await textOf(cityCard.getByRole('status').filter({ hasText: 'gespeichert' })).toBe('Ihre Einstellungen sind gespeichert.');
        } else {
          // Read back after a new login on another device.
          await expect.poll(() => cityCard.getByLabel('Sprache der E-Mails').inputValue()).toBe('en');
          expect(await cityCard.getByLabel('Erinnerung 3 Tage vor Ablauf der Frist').isChecked()).toBe(false);
          expect(await cityCard.getByLabel('Vormerkung eingegangen').isChecked()).toBe(true);
        }
        await cityCard.scrollIntoViewIfNeeded();
        await shot(page, `portal-notifications-${size}`);
        await expectAccessible(page, `notification settings (${size})`);
      } finally {
        await context.close();
      }
    }
    const parent = await tokenOf('eltern.berger');
    const query = 'query($m: String!) { notificationSettings(municipality: $m) { municipality language disabledKinds requiredKinds } }';
    const saved = await api.ok(query, { m: city }, parent);
    expect(saved).toMatchObject({ municipality: city, language: 'en', disabledKinds: ['OFFER_REMINDER'] });
    expect(saved.requiredKinds).toEqual(expect.arrayContaining(['OFFER_MADE', 'OFFER_LAPSED', 'ZUSAGE_CONFIRMED']));
    // The Landkreis sends its own mail: its settings did not change.
    expect(await api.ok(query, { m: landkreis }, parent)).toMatchObject({ municipality: landkreis, language: 'de', disabledKinds: [] });
  }, 90_000);

  it('Arabic renders right to left, with every text translated', async () => {
    const context = await browser.newContext({ timezoneId, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    try {
      await page.goto(`${portal.url}?lang=ar`);
      await attributeOf(page.locator('html'), 'dir').toBe('rtl');
      await attributeOf(page.locator('html'), 'lang').toBe('ar');
      await textOf(page.getByRole('heading', { level: 1 })).toBe('ابحث عن مكان رعاية أطفال');
      await shows(page.locator('.result').first());
      await shot(page, 'search-ar-phone');
      await expectAccessible(page, 'search in Arabic');
    } finally {
      await context.close();
    }
  }, 60_000);

  it('sends the public search by GET with its hash and no text; a repeated search is answered by the browser cache or 304', async () => {
    // A gateway with the response cache (as deployed) in front of the same instances, and the portal pointed at it.
    const manifestFile = new URL('../../sdk/persisted-documents.json', import.meta.url);
    const searchHash = Object.entries(JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, string>)
      .find(([, text]) => /\bquery SearchFacilities\b/.test(text))?.[0]
      .replace(/^sha256:/, '');
    expect(searchHash).toBeTruthy();
    /** What the gateway's access log says it answered: method and status of every request to /graphql. */
    const answered: Array<{ method: string; status: number; operationName?: string }> = [];
    let cachedPortal: PortalServer | undefined;
    const cached = await startFrontGateway(stack, {
      verifier: new TokenVerifier(auth),
      serviceKeys: auth,
      logger: createLogger('gateway', (line) => {
        const entry = JSON.parse(line);
        if (entry.event === 'http_request') answered.push(entry);
      }),
      persistedDocuments: await loadPersistedDocuments(manifestFile.pathname, false),
      responseCache: { ttlMs: 600_000, eventsIntervalMs: 0 },
      cors: { origins: () => (cachedPortal ? [cachedPortal.origin] : []) },
    });
    cachedPortal = await servePortal({
      port: 0,
      config: () => ({
        gatewayUrl: cached.url,
        loginUrl: login.issuer,
        clientId: 'kita-portal',
        municipality: city,
        region: [city],
        tileUrl: null,
        tileAttribution: null,
        geocoderUrl: null,
        theme: { primary: null, logoUrl: null },
      }),
    });
    const context = await browser.newContext({ timezoneId, viewport: { width: 390, height: 844 }, locale: 'de-DE' });
    const page = await context.newPage();
    const searches: Array<{ method: string; url: URL; status?: number }> = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (request.url().startsWith(cached.url) && url.searchParams.get('operationName') === 'SearchFacilities')
        searches.push({ method: request.method(), url });
      else if (request.url().startsWith(cached.url) && request.method() === 'POST') searches.push({ method: 'POST', url });
    });
    page.on('response', (response) => {
      const search = searches.find((candidate) => candidate.url.href === response.url() && candidate.status === undefined);
      if (search) search.status = response.status();
    });
    try {
      await page.goto(cachedPortal.url);
      await shows(page.getByRole('heading', { level: 2, name: /Treffer: \d+/ }));
      await shows(page.locator('.result').first());
      // By GET, the hash in the URL and no query text; nothing by POST.
      expect(searches.map(({ method }) => method)).toEqual(['GET']);
      const [first] = searches;
      expect(first.url.searchParams.has('query')).toBe(false);
      expect(JSON.parse(first.url.searchParams.get('extensions') ?? '{}')).toMatchObject({ persistedQuery: { version: 1, sha256Hash: searchHash } });
      expect(JSON.parse(first.url.searchParams.get('variables') ?? '{}')).toMatchObject({ municipalities: [city], first: 10 });
      expect(first.status).toBe(200);
      // The portal is on another origin: the browser asked a preflight before its first GETs (CSRF prevention stays on).
      const preflights = () => answered.filter((entry) => entry.method === 'OPTIONS').length;
      expect(preflights()).toBeGreaterThan(0);
      const beforeReload = preflights();
      const gatewayGetsBefore = answered.filter((entry) => entry.method === 'GET' && entry.operationName === 'SearchFacilities').length;
      expect(gatewayGetsBefore).toBe(1);

      // The same search again in a fresh page (Apollo Client's own cache is gone): the browser keeps the answer.
      await page.reload();
      await shows(page.getByRole('heading', { level: 2, name: /Treffer: \d+/ }));
      await shows(page.locator('.result').first());
      await expect.poll(() => searches.length).toBe(2);
      await expect.poll(() => searches[1].status).toBeDefined();
      expect(searches[1].method).toBe('GET');
      expect(searches[1].url.href).toBe(first.url.href);
      const gatewayGets = answered.filter((entry) => entry.method === 'GET' && entry.operationName === 'SearchFacilities');
      // Either it never reached the gateway (max-age) or the gateway answered 304 to the browser's If-None-Match.
      expect(gatewayGets.length === 1 || gatewayGets[1]?.status === 304, JSON.stringify(gatewayGets)).toBe(true);
      // The preflight of the same URL is kept by the browser (Access-Control-Max-Age): none again.
      expect(preflights()).toBe(beforeReload);
    } finally {
      await context.close();
      await cachedPortal.close();
      await cached.close();
    }
  }, 90_000);

  it('a stopped municipality is named in a notice and the other results stay', async () => {
    await stack.instance(landkreis, 'facility').close();
    const context = await browser.newContext({ timezoneId, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    try {
      await page.goto(portal.url);
      await textOf(page.getByRole('status').filter({ hasText: 'Nicht alle Kommunen haben geantwortet' })).toContain('Landkreis Lüneburg');
      await shows(page.locator('.result').first());
      await shows(page.getByRole('heading', { level: 2, name: 'Treffer (nicht vollständig)' }));
      await page.locator('.partial-notice').scrollIntoViewIfNeeded();
      await shot(page, 'partial-desktop');
      await expectAccessible(page, 'partial answer');
    } finally {
      await context.close();
    }
  }, 60_000);
});
