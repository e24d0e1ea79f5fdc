// The provider area of the workspace in real Chromium against the real stack (Hansestadt and
// Landkreis Lüneburg): a Tagespflegeperson without a facility registers one in the Landkreis,
// adds a photo with its text alternative and submits it; the Landkreis office records the
// Pflegeerlaubnis and publishes through the API; the provider adds and changes a vacancy, which the
// parent portal then finds; the provider edits the description of the published profile and the
// portal keeps the published text until the office approves the revision. Phone first (390×844),
// the main pages also at 1280×800; axe-core on every page.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';
import { type DemoAccount, demoGeocoder, type LoginProvider, loginWithPassword, officeDist, type PortalServer, portalDist, servePortal } from '@kita/dev';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { city, gatewayClient, landkreis, loginAccount, shiftDays, type TestStack } from '../../../gateway/test/support.js';
import { attributeOf, expectAccessible, launchChromium, shot, shows, tabTo, textOf, timezoneId } from '../../shell/testing/browser.js';
import { startLoginAndStack } from '../../shell/testing/stack.js';

const accounts: DemoAccount[] = [
  loginAccount('tagespflege.neu', 'provider'),
  // The seeded Tagespflegen of the Landkreis belong to this subject (dev/src/seed.ts).
  { ...loginAccount('tagespflege.heide', 'provider'), subject: 'demo-provider-03355' },
  loginAccount('amt.landkreis', 'office', [landkreis]),
  loginAccount('eltern.kind', 'parent'),
];

let stack: TestStack;
let login: LoginProvider;
let office: PortalServer;
let portal: PortalServer;
let browser: Browser;
const api = gatewayClient(() => stack.gateway.url);
const phone = { width: 390, height: 844 };
const desktop = { width: 1280, height: 800 };

const officeToken = () =>
  loginWithPassword({
    issuer: login.issuer,
    clientId: 'kita-office',
    redirectUri: `${office.origin}/callback`,
    username: 'amt.landkreis',
    password: 'secret',
  }).then((answer) => answer.accessToken);

beforeAll(async () => {
  // The workspace under test is built from its current sources, the portal only when missing; as
  // production builds (vitest's NODE_ENV=test would bundle React's development build).
  const build = { stdio: 'ignore', env: { ...process.env, NODE_ENV: 'production' }, cwd: fileURLToPath(new URL('../../..', import.meta.url)) } as const;
  execFileSync('npx', ['tsc', '-b', 'clients/sdk'], build);
  execFileSync('npm', ['run', 'build', '-w', '@kita/office'], build);
  if (!existsSync(`${portalDist}/index.html`)) execFileSync('npm', ['run', 'build', '-w', '@kita/portal'], build);
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
      maxChoices: {},
      theme: { primary: '#004b76', logoUrl: null },
    }),
  });
  office = await servePortal({
    port: 0,
    dist: officeDist,
    // The development address search beside the workspace, as npm start serves it.
    config: () => ({ gatewayUrl, loginUrl: login.issuer, clientId: 'kita-office', portalUrl: portal.url, geocoderUrl: '/geocoder/api' }),
    routes: { '/geocoder/api': demoGeocoder([city, landkreis]) },
  });
  ({ login, stack } = await startLoginAndStack({ clientId: 'kita-office', appOrigin: office.origin, accounts, otherOrigins: [portal.origin] }));
  gatewayUrl = stack.gateway.url;
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
  await login?.close();
  await office?.close();
  await portal?.close();
});

/** A 320×180 PNG: a window above, a wooden floor below, like a playroom photo. */
function playroomPicture(): Buffer {
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
    for (let x = 0; x < width; x += 1) rows.push(...(y < 100 ? [235, 240 - (x % 30), 250] : [170 + (y % 12), 120 + (x % 16), 70]));
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Logs in at the login provider's page (the workspace sent the browser there). */
async function logIn(page: Page, username: string) {
  await page.locator('#username').fill(username);
  await page.locator('#password').fill('secret');
  await page.getByRole('button', { name: 'Anmelden' }).click();
}

/** Both sizes of one state: the phone first (the test runs at it), then the desktop, then back. */
async function shots(page: Page, name: string) {
  await shot(page, `office-${name}-phone`);
  await page.setViewportSize(desktop);
  await shot(page, `office-${name}-desktop`);
  await expectAccessible(page, `${name} (desktop)`);
  await page.setViewportSize(phone);
}

describe('provider area of the workspace in Chromium', () => {
  it('a Tagespflegeperson registers, adds a photo, submits; after publication keeps free places current; an edit waits for the office', async () => {
    const context: BrowserContext = await browser.newContext({ timezoneId, viewport: phone, locale: 'de-DE', hasTouch: true, isMobile: true });
    const page = await context.newPage();
    const name = 'Tagespflege Kleine Strolche';
    const oldText = 'Kleine Gruppe mit großem Garten, Eingewöhnung nach dem Berliner Modell.';
    const newText = 'Kleine Gruppe mit großem Garten und Hochbeet; wir kochen jeden Tag frisch.';
    try {
      // Not logged in: what the workspace is for, and the login.
      await page.goto(office.url);
      await shows(page.getByRole('heading', { level: 1, name: 'Kita-Arbeitsbereich' }));
      await shots(page, 'login');
      await expectAccessible(page, 'login gate');
      await page.getByRole('button', { name: 'Anmelden' }).click();
      await logIn(page, 'tagespflege.neu');

      // The provider's start page: no facility yet.
      await shows(page.getByRole('heading', { level: 1, name: 'Meine Einrichtungen' }));
      expect(new URL(page.url()).pathname).toBe('/anbieter');
      await shows(page.getByText('Sie haben noch keine Einrichtung.'));
      await expectAccessible(page, 'my facilities, empty');

      // By keyboard: the skip link to the content, then to registering.
      await page.keyboard.press('Tab');
      await textOf(page.locator(':focus')).toBe('Zum Inhalt springen');
      await page.keyboard.press('Enter');
      await attributeOf(page.locator(':focus'), 'id').toBe('main');
      await tabTo(page, 'Einrichtung registrieren');
      await page.keyboard.press('Enter');
      // Registering: messages next to the fields first, the first field focused.
      await shows(page.getByRole('heading', { level: 1, name: 'Einrichtung registrieren' }));
      await page.getByRole('button', { name: 'Als Entwurf anlegen' }).click();
      await textOf(page.locator('#p-municipality-error')).toBe('Bitte ausfüllen.');
      await textOf(page.locator('#p-name-error')).toBe('Bitte ausfüllen.');
      await textOf(page.locator('#p-postalCode-error')).toBe('Die Postleitzahl hat fünf Ziffern.');
      await attributeOf(page.locator('#p-name'), 'aria-invalid').toBe('true');
      await attributeOf(page.locator(':focus'), 'id').toBe('p-municipality');
      await page.evaluate(() => (globalThis as any).scrollTo(0, 0));
      await shots(page, 'register-errors');
      await expectAccessible(page, 'register with errors');
      await page.getByLabel('Zuständiges Jugendamt').selectOption(landkreis);
      await page.getByLabel('Name der Einrichtung').fill(name);
      // The location from the address search (the geocoder the portal uses too), chosen by keyboard.
      const answer = (await (await fetch(`${office.url}geocoder/api?q=Adendorf&limit=5`)).json()) as { features: { geometry: { coordinates: number[] } }[] };
      const [place] = answer.features;
      const search = page.getByRole('combobox', { name: 'Adresse suchen' });
      await search.fill('Adendorf');
      await shows(page.getByRole('option', { name: /Adendorf/ }));
      await search.press('ArrowDown');
      await attributeOf(search, 'aria-activedescendant').not.toBeNull();
      await search.evaluate((element: any) => element.scrollIntoView({ block: 'center', behavior: 'instant' }));
      await shot(page, 'office-register-address-phone');
      await expectAccessible(page, 'address suggestions');
      await search.press('Enter');
      const [longitude, latitude] = place.geometry.coordinates;
      await textOf(page.locator('.address-found')).toBe(`Lage aus der Adresssuche übernommen: ${latitude}, ${longitude}.`);
      expect(await page.getByLabel('Breitengrad').inputValue()).toBe(String(latitude));
      await page.getByLabel('Straße und Hausnummer').fill('Artlenburger Landstraße 7');
      await page.getByLabel('Postleitzahl').fill('21365');
      await page.getByLabel('Ort', { exact: true }).fill('Adendorf');
      await page.getByLabel('Stadtteil oder Gemeinde').selectOption('Adendorf');
      await page.getByLabel('Beschreibung').fill(oldText);
      await page.getByLabel('Rollstuhlgerecht').check();
      await page.getByRole('button', { name: 'Als Entwurf anlegen' }).click();

      // The draft's overview: what comes next.
      await shows(page.getByRole('heading', { level: 1, name }));
      await shows(page.getByText('Ihre Einrichtung ist als Entwurf angelegt.'));
      await textOf(page.locator('.facility-area__status')).toContain('Entwurf');
      await textOf(page.locator('.permit-line')).toBe('Noch keine Pflegeerlaubnis eingetragen.');
      const id = decodeURIComponent(new URL(page.url()).pathname.split('/')[3]);
      expect(id.startsWith(`${landkreis}:`)).toBe(true);
      const saved = await api.ok('query($id: ID!) { facility(id: $id) { location { latitude longitude } } }', { id }, await officeToken());
      expect(saved.location).toEqual({ latitude, longitude });
      await expectAccessible(page, 'draft overview');

      // A photo with its text alternative.
      await page.getByRole('navigation', { name: 'Seiten der Einrichtung' }).getByRole('link', { name: 'Fotos und Anhänge' }).click();
      await page.getByRole('button', { name: 'Hochladen' }).click();
      await textOf(page.locator('#photo-file-error')).toBe('Bitte wählen Sie ein Foto aus.');
      await textOf(page.locator('#photo-alt-error')).toBe('Bitte beschreiben Sie das Foto in 3 bis 300 Zeichen.');
      const altText = 'Spielzimmer mit Holzboden und großem Fenster zum Garten';
      await page.getByLabel('Foto oder PDF').setInputFiles({ name: 'spielzimmer.png', mimeType: 'image/png', buffer: playroomPicture() });
      await page.getByLabel('Was zeigt das Foto?').fill(altText);
      await page.getByRole('button', { name: 'Hochladen' }).click();
      await shows(page.getByText('Das Foto ist hinzugefügt.'));
      const image = page.getByRole('img', { name: altText });
      await shows(image);
      // The draft's photo comes with the provider's token (not public yet) and shows.
      await expect.poll(() => image.evaluate((element: any) => element.complete && element.naturalWidth)).toBe(320);
      // A PDF attachment: its link reads the text given (optional for an attachment).
      await page.getByLabel('Foto oder PDF').setInputFiles({
        name: 'konzept.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
      });
      await page.getByLabel('Linktext des Anhangs').fill('Unser pädagogisches Konzept (PDF)');
      await page.getByRole('button', { name: 'Hochladen' }).click();
      await shows(page.getByText('Der Anhang ist hinzugefügt.'));
      await attributeOf(page.getByRole('link', { name: 'Unser pädagogisches Konzept (PDF)' }), 'download').toBe('konzept.pdf');
      await page.locator('.photo').first().scrollIntoViewIfNeeded();
      await shots(page, 'photos');
      await expectAccessible(page, 'photos');

      // Submitting before the office recorded the Pflegeerlaubnis: told why, nothing changes.
      await page.getByRole('navigation', { name: 'Seiten der Einrichtung' }).getByRole('link', { name: 'Überblick' }).click();
      await page.getByRole('button', { name: 'Beim Jugendamt einreichen' }).click();
      await textOf(page.getByRole('alert')).toContain('Das Jugendamt muss zuerst Ihre gültige Pflegeerlaubnis eintragen');
      await textOf(page.locator('.facility-area__status')).toContain('Entwurf');

      // The Landkreis office records the permit (its own area's pages are tested on their own); then the provider submits.
      const officeBearer = await officeToken();
      const permit = { number: 'LG-TP-2026-17', issuedOn: shiftDays(-7), validUntil: shiftDays(40), maxChildren: 5 };
      await api.ok('mutation($id: ID!, $p: PermitInput!) { recordPermit(facilityId: $id, input: $p) { id } }', { id, p: permit }, officeBearer);
      await page.reload();
      // The permit lapses in 40 days: the provider is warned to renew it.
      await textOf(page.locator('.permit-line')).toContain('läuft am');
      await page.getByRole('button', { name: 'Beim Jugendamt einreichen' }).click();
      await shows(page.getByText('Eingereicht. Das Jugendamt prüft Ihr Profil jetzt.'));
      await textOf(page.locator('.facility-area__status')).toContain('Zur Prüfung eingereicht');
      // The office sends it back with a reason; the provider reads it and submits again.
      const returned = 'Bitte ergänzen Sie die Öffnungszeiten am Freitag.';
      await api.ok('mutation($id: ID!, $r: String!) { rejectFacility(id: $id, reason: $r) { id } }', { id, r: returned }, officeBearer);
      await page.reload();
      await textOf(page.locator('.facility-area__status')).toContain('Zurückgegeben');
      await textOf(page.locator('.rejection-reason')).toBe(returned);
      await expectAccessible(page, 'returned with a reason');
      await page.getByRole('button', { name: 'Beim Jugendamt einreichen' }).click();
      await shows(page.getByText('Eingereicht. Das Jugendamt prüft Ihr Profil jetzt.'));
      await shots(page, 'submitted');
      await expectAccessible(page, 'submitted');
      const queue = await api.ok('query($m: String!) { facilityReviewQueue(municipality: $m) { id publicationStatus } }', { m: landkreis }, officeBearer);
      expect(queue).toContainEqual({ id, publicationStatus: 'SUBMITTED' });
      await api.ok('mutation($id: ID!) { publishFacility(id: $id) { id } }', { id }, officeBearer);
      // The vacancy subgraph knows who may manage the facility's free places from the facility
      // subgraph's events (facility_member): here seconds after registering, so its consumer first
      // catches up, as it would on its own within its poll (up to 5 s idle).
      await stack.instance(landkreis, 'vacancy').background?.catchUp?.();

      // Published: free places now and later, added and changed at once.
      await page.reload();
      await textOf(page.locator('.facility-area__status')).toContain('Veröffentlicht');
      await page.getByRole('navigation', { name: 'Seiten der Einrichtung' }).getByRole('link', { name: 'Freie Plätze' }).click();
      await shows(page.getByText('Zurzeit keine freien Plätze eingetragen.'));
      const form = page.locator('.vacancy-form').last();
      await form.getByLabel('Anzahl Plätze').fill('0');
      await form.getByRole('button', { name: 'Eintragen' }).click();
      await textOf(page.locator('#v-new-places-error')).toBe('Eine ganze Zahl von 1 bis 50.');
      await form.getByLabel('Anzahl Plätze').fill('2');
      await form.getByRole('button', { name: 'Eintragen' }).click();
      await shows(page.getByText('Die freien Plätze sind eingetragen.'));
      await textOf(page.locator('.vacancy').first()).toContain('2 Plätze');
      await textOf(page.locator('.places-summary')).toBe('Jetzt frei: 2 · später frei: 0');
      // A second vacancy from a later day, then the first one changed to three places.
      await form.getByLabel('Anzahl Plätze').fill('1');
      await form.getByLabel('Frei ab').fill(shiftDays(60));
      await form.getByRole('button', { name: 'Eintragen' }).click();
      await textOf(page.locator('.places-summary')).toBe('Jetzt frei: 2 · später frei: 1');
      await page.locator('.vacancy').first().getByRole('button', { name: 'Ändern' }).click();
      await page.locator('.vacancy').first().getByLabel('Anzahl Plätze').fill('3');
      await page.locator('.vacancy').first().getByRole('button', { name: 'Speichern' }).click();
      await shows(page.getByText('Die freien Plätze sind geändert.'));
      await textOf(page.locator('.places-summary')).toBe('Jetzt frei: 3 · später frei: 1');
      await shots(page, 'vacancies');
      await expectAccessible(page, 'vacancies');
      // Removing the later one: asked first.
      await page.locator('.vacancy').nth(1).getByRole('button', { name: 'Entfernen' }).click();
      await page.locator('.vacancy').nth(1).getByRole('button', { name: 'Ja, entfernen' }).click();
      await shows(page.getByText('Die freien Plätze sind entfernt.'));
      await textOf(page.locator('.places-summary')).toBe('Jetzt frei: 3 · später frei: 0');

      // The portal finds it with its free places (the search learns of vacancies through events).
      const portalPage = await context.newPage();
      await expect
        .poll(
          async () => {
            await portalPage.goto(`${portal.url}`);
            await portalPage.locator('#f-text').fill(name);
            await portalPage.locator('#f-text').press('Enter');
            await portalPage.locator('.result').first().waitFor({ timeout: 10_000 });
            const card = portalPage.locator('.result', { has: portalPage.getByRole('link', { name, exact: true }) });
            return (await card.count()) ? Boolean((await card.textContent())?.includes('Jetzt frei')) : false;
          },
          { timeout: 60_000, interval: 1000, message: 'the new Tagespflege with its free places in the portal search' },
        )
        .toBe(true);
      await shot(portalPage, 'office-found-in-portal-phone');

      // An edit of the published description waits for the office; the portal keeps the old text.
      await page.getByRole('navigation', { name: 'Seiten der Einrichtung' }).getByRole('link', { name: 'Profil' }).click();
      await shows(page.getByText('Änderungen prüft das Jugendamt, bevor Familien sie sehen'));
      await page.getByLabel('Beschreibung').fill(newText);
      await page.getByRole('button', { name: 'Änderung zur Prüfung senden' }).click();
      await shows(page.getByText('Ihre Änderung ist gespeichert und wartet auf das Jugendamt.'));
      const change = page.locator('.pending-revision tr', { has: page.getByRole('rowheader', { name: 'Beschreibung' }) });
      await textOf(change).toContain(oldText);
      await textOf(change).toContain(newText);
      await textOf(page.locator('.facility-area__status')).toContain('Änderung wartet auf das Jugendamt');
      await page.locator('.pending-revision').scrollIntoViewIfNeeded();
      await shots(page, 'revision');
      await expectAccessible(page, 'pending revision');

      await portalPage.goto(`${portal.url}einrichtung/${encodeURIComponent(id)}`);
      await shows(portalPage.getByRole('heading', { level: 1, name }));
      await shows(portalPage.getByText(oldText));
      expect(await portalPage.getByText(newText).count()).toBe(0);
      // The office approves (its review page is the office area's): now the portal shows the new text.
      await api.ok('mutation($id: ID!) { approveFacilityRevision(id: $id) { id } }', { id }, officeBearer);
      await portalPage.reload();
      await shows(portalPage.getByText(newText));
      await page.reload();
      await textOf(page.locator('.facility-area__status')).toBe('Veröffentlicht');
      // A further edit the office rejects: the published text stays and the provider reads why.
      await page.getByLabel('Beschreibung').fill('Nur noch Ganztagsplätze.');
      await page.getByRole('button', { name: 'Änderung zur Prüfung senden' }).click();
      await shows(page.getByText('Ihre Änderung ist gespeichert und wartet auf das Jugendamt.'));
      const reason = 'Bitte nennen Sie weiterhin auch die Halbtagsbetreuung.';
      await api.ok('mutation($id: ID!, $r: String!) { rejectFacilityRevision(id: $id, reason: $r) { id } }', { id, r: reason }, officeBearer);
      await page.reload();
      await textOf(page.locator('.revision-decision')).toContain(reason);
      await expect.poll(() => page.locator('#p-description').inputValue()).toBe(newText);
      await expectAccessible(page, 'revision rejected');

      // A colleague is invited by the subject of their login.
      await page.getByRole('navigation', { name: 'Seiten der Einrichtung' }).getByRole('link', { name: 'Team' }).click();
      await page.getByLabel('Kennung des Zugangs').fill('kollegin.tagespflege');
      await page.getByRole('button', { name: 'Einladen' }).click();
      await shows(page.getByText('Die Person kann jetzt für die Einrichtung handeln.'));
      await textOf(page.locator('.member-list')).toContain('kollegin.tagespflege');
      await expectAccessible(page, 'team');
      await page.getByRole('navigation', { name: 'Seiten der Einrichtung' }).getByRole('link', { name: 'Vormerkungen' }).click();
      await shows(page.getByText('Noch keine Vormerkungen.'));
      await expectAccessible(page, 'reservations');

      // Back on the list: the facility with its state, in English too.
      await page.getByRole('link', { name: 'Zurück zu meinen Einrichtungen' }).click();
      await textOf(page.locator('.facility-card')).toContain('Jetzt frei: 3');
      await page.getByLabel('Sprache').selectOption('en');
      await shows(page.getByRole('heading', { level: 1, name: 'My facilities' }));
      await textOf(page.locator('.facility-card')).toContain('Free now: 3');
      await shots(page, 'facilities');
    } finally {
      await context.close();
    }
  }, 240_000);

  it('a provider sees the Vormerkungen of its own facility: the child and the family contact, no address', async () => {
    const token = (
      await loginWithPassword({
        issuer: login.issuer,
        clientId: 'kita-office',
        redirectUri: `${office.origin}/callback`,
        username: 'tagespflege.heide',
        password: 'secret',
      })
    ).accessToken;
    // A seeded Tagespflege of this provider with released Vormerkungen, as the API lists them.
    const mine = await api.ok('{ myFacilities { id name reservations { id status part { child { firstName lastName } } } } }', {}, token);
    const facility = mine.find((candidate: any) => candidate.reservations?.some((reservation: any) => reservation.part?.child));
    expect(facility, 'a seeded facility of demo-provider-03355 with Vormerkungen').toBeDefined();
    const child = facility.reservations.find((reservation: any) => reservation.part?.child).part.child;

    const context = await browser.newContext({ timezoneId, viewport: desktop, locale: 'de-DE' });
    const page = await context.newPage();
    try {
      await page.goto(office.url);
      await page.getByRole('button', { name: 'Anmelden' }).click();
      await logIn(page, 'tagespflege.heide');
      await page.getByRole('link', { name: facility.name, exact: true }).click();
      await page.getByRole('navigation', { name: 'Seiten der Einrichtung' }).getByRole('link', { name: 'Vormerkungen' }).click();
      await shows(page.getByRole('rowheader', { name: `${child.firstName} ${child.lastName}` }));
      await expect.poll(() => page.locator('.reservation-table tbody tr').count()).toBe(facility.reservations.length);
      // Providers get names and contact, never the family's address (the API gives none).
      expect(await page.locator('.reservation-table').textContent()).not.toMatch(/\b\d{5}\b/);
      await shot(page, 'office-reservations-desktop');
      await expectAccessible(page, 'Vormerkungen of a facility');
    } finally {
      await context.close();
    }
  }, 60_000);

  it('a provider chooses the language and the kinds of its facility’s mails; required ones stay on, with the reason', async () => {
    const token = (
      await loginWithPassword({
        issuer: login.issuer,
        clientId: 'kita-office',
        redirectUri: `${office.origin}/callback`,
        username: 'tagespflege.heide',
        password: 'secret',
      })
    ).accessToken;
    const [facility] = await api.ok('{ myFacilities { id name } }', {}, token);
    const read = () =>
      api.ok('query($id: ID!) { facilityNotificationSettings(facilityId: $id) { language disabledKinds requiredKinds } }', { id: facility.id }, token);
    expect(await read()).toMatchObject({ language: 'de', disabledKinds: [] });

    const context = await browser.newContext({ timezoneId, viewport: phone, locale: 'de-DE', hasTouch: true, isMobile: true });
    const page = await context.newPage();
    try {
      await page.goto(office.url);
      await page.getByRole('button', { name: 'Anmelden' }).click();
      await logIn(page, 'tagespflege.heide');
      await page.getByRole('link', { name: facility.name, exact: true }).click();
      await page.getByRole('navigation', { name: 'Seiten der Einrichtung' }).getByRole('link', { name: 'Benachrichtigungen' }).click();
      await shows(page.getByRole('heading', { level: 2, name: 'Benachrichtigungen' }));
      // Required kinds: on, not to be switched off, the reason tied to the box.
      const rejected = page.getByRole('checkbox', { name: /Profil zurückgegeben/ });
      expect(await rejected.isChecked()).toBe(true);
      expect(await rejected.isDisabled()).toBe(true);
      await attributeOf(rejected, 'aria-describedby').toBe('facility-mail-PROFILE_REJECTED-why');
      await textOf(page.locator('#facility-mail-PROFILE_REJECTED-why')).toContain('Wird immer gesendet');
      expect(await page.getByRole('checkbox', { name: /Pflegeerlaubnis abgelaufen/ }).isDisabled()).toBe(true);
      // The portal's languages, each named in itself.
      const languages = await page.getByLabel('Sprache der Mails').locator('option').allTextContents();
      expect(languages).toEqual(['Deutsch', 'English', 'Türkçe', 'العربية', 'Українська', 'Русский', 'Polski']);

      await page.getByRole('checkbox', { name: /Neue Vormerkung/ }).uncheck();
      await page.getByLabel('Sprache der Mails').selectOption('en');
      await page.getByRole('button', { name: 'Einstellungen speichern' }).click();
      await shows(page.getByText('Gespeichert. Die nächsten Mails folgen diesen Einstellungen.'));
      const saved = await read();
      expect(saved).toEqual({ language: 'en', disabledKinds: ['NEW_RESERVATION'], requiredKinds: ['PROFILE_REJECTED', 'PERMIT_LAPSED'] });
      await expectAccessible(page, 'facility mail settings (phone)');
      // The form from its start: the language, then the kinds.
      await page.getByLabel('Sprache der Mails').evaluate((element: any) => element.scrollIntoView({ block: 'center', behavior: 'instant' }));
      await shots(page, 'settings-provider');

      // Read back after a reload: the page shows what the API keeps.
      await page.reload();
      await shows(page.getByRole('heading', { level: 2, name: 'Benachrichtigungen' }));
      await expect.poll(() => page.getByLabel('Sprache der Mails').inputValue()).toBe('en');
      expect(await page.getByRole('checkbox', { name: /Neue Vormerkung/ }).isChecked()).toBe(false);
      expect(await page.getByRole('checkbox', { name: /Profil veröffentlicht/ }).isChecked()).toBe(true);
    } finally {
      await context.close();
    }
  }, 90_000);

  it('a parent who logs in is told the workspace is for providers and the office', async () => {
    const context = await browser.newContext({ timezoneId, viewport: phone, locale: 'de-DE' });
    const page = await context.newPage();
    try {
      await page.goto(`${office.url}anbieter`);
      await page.getByRole('button', { name: 'Anmelden' }).click();
      await logIn(page, 'eltern.kind');
      await shows(page.getByRole('heading', { level: 1, name: 'Dieser Arbeitsbereich ist für Anbieter und das Jugendamt' }));
      await attributeOf(page.getByRole('link', { name: 'Zum Kita-Portal' }), 'href').toBe(portal.url);
      await expectAccessible(page, 'wrong role');
    } finally {
      await context.close();
    }
  }, 60_000);
});
