// The office area of the workspace in real Chromium against the real stack (Hansestadt and
// Landkreis Lüneburg, demo data): the city's Jugendamt reviews a submitted profile side by side
// and publishes it, files a family's paper Vormerkung, previews and confirms an allocation run
// (the family, having taken the Vormerkung over with its code, sees the offer), and sees a child
// that also waits in the Landkreis without any name. axe-core on every page, phone and desktop.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { type DemoAccount, type LoginProvider, loginWithPassword, type OfficeRuntimeConfig, officeDist, type PortalServer, servePortal } from '@kita/dev';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  city,
  familyInput,
  gatewayClient,
  kitaProfile,
  landkreis,
  loginAccount,
  reservationMutations,
  shiftDays,
  shiftMonths,
  type TestStack,
  tagespflegeProfile,
} from '../../../gateway/test/support.js';
import { attributeOf, expectAccessible, launchChromium, shot, shows, textOf, timezoneId } from '../../shell/testing/browser.js';
import { startLoginAndStack } from '../../shell/testing/stack.js';

const accounts: DemoAccount[] = [
  loginAccount('amt.lueneburg', 'office', [city]),
  loginAccount('amt.landkreis', 'office', [landkreis]),
  loginAccount('anbieter.aue', 'provider'),
  loginAccount('tagespflege.ilmenau', 'provider'),
  loginAccount('eltern.nowak', 'parent'),
  loginAccount('eltern.schroeder', 'parent'),
];

let stack: TestStack;
let login: LoginProvider;
let office: PortalServer;
let browser: Browser;
const api = gatewayClient(() => stack.gateway.url);
const tokenOf = (username: string) =>
  loginWithPassword({ issuer: login.issuer, clientId: 'kita-office', redirectUri: `${office.origin}/callback`, username, password: 'secret' }).then(
    (answer) => answer.accessToken,
  );

const phone = { width: 390, height: 844 };
const desktop = { width: 1280, height: 800 };
const wishedStart = shiftMonths(4);
/** The Kita the provider registers and the office publishes; the family's paper Vormerkung chooses it. */
const kitaName = 'Kita Ilmenau-Aue';
let kitaId = '';

beforeAll(async () => {
  if (!existsSync(`${officeDist}/index.html`)) execFileSync('npm', ['run', 'build', '-w', '@kita/office'], { stdio: 'ignore' });
  let gatewayUrl = '';
  office = await servePortal({
    port: 0,
    dist: officeDist,
    config: (): OfficeRuntimeConfig => ({ gatewayUrl, loginUrl: login.issuer, clientId: 'kita-office', portalUrl: '' }),
  });
  ({ login, stack } = await startLoginAndStack({ clientId: 'kita-office', appOrigin: office.origin, accounts }));
  gatewayUrl = stack.gateway.url;
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
  await login?.close();
  await office?.close();
});

/** A browser context of the given size, logged in as the office account through the real login page. */
async function officeLogin(viewport: { width: number; height: number }, username = 'amt.lueneburg'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ timezoneId, viewport, locale: 'de-DE', isMobile: viewport === phone, hasTouch: viewport === phone });
  const page = await context.newPage();
  await page.goto(office.url);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.locator('#username').fill(username);
  await page.locator('#password').fill('secret');
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await shows(page.getByRole('heading', { level: 1, name: 'Prüfung der Profile' }));
  return { context, page };
}

/** Texts a page must never show on the duplicate review: the child's and the guardian's names, the address. */
const personal = ['Ronja', 'Quast', 'Katarzyna', 'k.schroeder', 'Bockelmann'];

describe('the office area in Chromium', () => {
  it('the office reviews a submitted profile side by side and publishes it (390×844)', async () => {
    const provider = await tokenOf('anbieter.aue');
    const profile = { ...kitaProfile(kitaName), description: 'Kleine Kita an der Ilmenau mit großem Garten.' };
    ({ id: kitaId } = await api.ok(
      'mutation($m: String!, $input: FacilityProfileInput!) { registerFacility(municipality: $m, input: $input) { id } }',
      { m: city, input: profile },
      provider,
    ));
    // A photo (a 1×1 PNG): not public before publication, so the office's page fetches it with its token.
    const photo = {
      kind: 'PHOTO',
      fileName: 'garten.png',
      contentType: 'image/png',
      contentBase64: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
      altText: 'Der Garten an der Ilmenau',
    };
    await api.ok('mutation($id: ID!, $input: MediaInput!) { addFacilityMedia(facilityId: $id, input: $input) { id } }', { id: kitaId, input: photo }, provider);
    await api.ok('mutation($id: ID!) { submitFacility(id: $id) { id } }', { id: kitaId }, provider);

    const { context, page } = await officeLogin(phone);
    try {
      await shows(page.getByRole('heading', { level: 2, name: /eingereicht/ }));
      await page.getByRole('link', { name: kitaName }).click();
      await shows(page.getByRole('heading', { level: 1, name: kitaName }));
      // Side by side: nothing published yet, the submitted text on the right.
      const table = page.getByRole('table', { name: /Neues Profil/ });
      await shows(table);
      const description = table.getByRole('row', { name: /Beschreibung/ });
      await textOf(description.getByRole('cell').nth(1)).toBe('Kleine Kita an der Ilmenau mit großem Garten.');
      await textOf(description.getByRole('cell').nth(0)).toBe('–');
      const image = page.getByRole('img', { name: 'Der Garten an der Ilmenau' });
      await expect.poll(() => image.evaluate((element: any) => element.complete && element.naturalWidth), { timeout: 20_000 }).toBe(1);
      await shot(page, 'office-desk-review-phone');
      await expectAccessible(page, 'review of a submitted profile (phone)');

      await page.getByRole('button', { name: 'Veröffentlichen' }).click();
      await shows(page.getByText(`„${kitaName}“ ist veröffentlicht.`));
      await expectAccessible(page, 'review queue after publishing (phone)');
      const published = await api.ok('query($id: ID!) { facility(id: $id) { publicationStatus } }', { id: kitaId });
      expect(published.publicationStatus).toBe('PUBLISHED');
    } finally {
      await context.close();
    }
  }, 120_000);

  it('the office compares a published profile with its provider’s edit and approves it; the public sees the new text only then (1280×800)', async () => {
    expect(kitaId).not.toBe('');
    const before = 'Kleine Kita an der Ilmenau mit großem Garten.';
    const after = 'Kleine Kita an der Ilmenau mit großem Garten und eigener Küche.';
    await api.ok(
      'mutation($id: ID!, $input: FacilityProfileInput!) { updateFacilityProfile(id: $id, input: $input) { id } }',
      { id: kitaId, input: { ...kitaProfile(kitaName), description: after } },
      await tokenOf('anbieter.aue'),
    );
    const publicText = async () => (await api.ok('query($id: ID!) { facility(id: $id) { description } }', { id: kitaId })).description;
    expect(await publicText()).toBe(before);

    const { context, page } = await officeLogin(desktop);
    try {
      await shows(page.getByRole('heading', { level: 2, name: '1 geändertes veröffentlichtes Profil' }));
      await page.getByRole('link', { name: kitaName }).click();
      const table = page.getByRole('table', { name: /Geänderte Angaben/ });
      await shows(table);
      // Only what changed, the public text on the left, the proposal on the right, marked in words.
      const description = table.getByRole('row', { name: /Beschreibung/ });
      await textOf(description.getByRole('cell').nth(0)).toBe(before);
      await textOf(description.getByRole('cell').nth(1)).toBe(after);
      await textOf(description.getByRole('rowheader')).toContain('geändert');
      expect(await table.getByRole('row').count()).toBe(2);
      await shot(page, 'office-desk-revision-desktop');
      await expectAccessible(page, 'revision of a published profile');
      await page.getByRole('button', { name: 'Änderung freigeben' }).click();
      await shows(page.getByText(`„${kitaName}“ ist veröffentlicht.`));
      expect(await publicText()).toBe(after);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('files a paper Vormerkung, previews and confirms an allocation run, and the family sees the offer (1280×800)', async () => {
    expect(kitaId).not.toBe('');
    // Two free Krippe places from today at the new Kita, as its provider publishes them; the
    // reservation subgraph learns of them through events.
    const provider = await tokenOf('anbieter.aue');
    // The vacancy subgraph knows the Kita's providers from the facility subgraph's events.
    await stack.instance(city, 'vacancy').background?.catchUp?.();
    await api.ok(
      'mutation($id: ID!, $input: VacancyInput!) { addVacancy(facilityId: $id, input: $input) { id } }',
      { id: kitaId, input: { places: 2, ageRange: { fromMonths: 12, toMonths: 36 }, hoursBand: 'FULL_DAY', availableFrom: shiftDays(0) } },
      provider,
    );
    for (const subgraph of ['facility', 'reservation'] as const) await stack.instance(city, subgraph).background?.catchUp?.();

    const { context, page } = await officeLogin(desktop);
    try {
      await page.getByRole('link', { name: 'Vormerkung erfassen' }).click();
      await shows(page.getByRole('heading', { level: 1, name: 'Vormerkung für eine Familie erfassen' }));
      // Released empty: the messages sit beside the fields.
      await page.getByRole('button', { name: 'Vormerkung erfassen und freigeben' }).click();
      await shows(page.getByText('Ohne Einwilligung kann die Vormerkung nicht erfasst werden.'));
      await expectAccessible(page, 'filing form with errors');

      await page.getByLabel('Papierformular').check();
      await page.getByLabel('Vorname des Kindes').fill('Jonas');
      await page.getByLabel('Nachname des Kindes').fill('Nowak');
      await page.getByLabel('Geburtsdatum').fill(shiftMonths(-24, wishedStart));
      await page.getByLabel('Vorname', { exact: true }).fill('Ewa');
      await page.getByLabel('Nachname', { exact: true }).fill('Nowak');
      await page.getByRole('textbox', { name: 'Telefon' }).fill('04131 987654');
      await page.getByLabel('Straße und Hausnummer').fill('Am Sande 4');
      await page.getByLabel('Postleitzahl').fill('21335');
      await page.getByLabel('Ort', { exact: true }).fill('Lüneburg');
      await page.getByLabel('Gewünschter Beginn').fill(wishedStart);
      await page.getByLabel('Stunden pro Woche').fill('40');
      await page.getByLabel('Wunsch 1').selectOption({ label: `${kitaName} (Kaltenmoor)` });
      await page.getByLabel('Die Familie hat in die Verarbeitung ihrer Angaben eingewilligt.').check();
      await page.getByRole('button', { name: 'Vormerkung erfassen und freigeben' }).click();
      await shows(page.getByRole('heading', { level: 1, name: 'Die Vormerkung ist erfasst und freigegeben' }));
      const code = ((await page.locator('.takeover__code').textContent()) ?? '').trim();
      expect(code).toMatch(/^[A-Z0-9]{4}(-[A-Z0-9]{4})+$/);
      await textOf(page.locator('main')).toContain(`1. ${kitaName}: Freigegeben`);
      await shot(page, 'office-desk-filed-desktop');
      await expectAccessible(page, 'filed with the takeover code');

      // The family takes the Vormerkung over into its account with the code.
      const parent = await tokenOf('eltern.nowak');
      await api.ok('mutation($m: String!, $code: String!) { takeOverReservation(municipality: $m, code: $code) { id } }', { m: city, code }, parent);

      // The allocation run: a preview that explains each child's outcome, then confirmed.
      await page.getByRole('link', { name: 'Platzvergabe' }).click();
      await page.getByRole('button', { name: 'Vorschau erstellen' }).click();
      const jonas = page.locator('.desk-outcome', { hasText: 'Jonas Nowak' });
      await textOf(jonas).toContain(`Angebot bei ${kitaName}`);
      await textOf(jonas).toContain('Der erste Wunsch');
      await shows(page.locator('.desk-outcome--none').or(page.locator('.desk-outcome--matched')).first());
      await shot(page, 'office-desk-allocation-desktop');
      await expectAccessible(page, 'allocation preview');
      await page.getByLabel('Annahme bis').fill(shiftDays(21));
      await page.getByRole('button', { name: /^Bestätigen: \d+ Angebote senden$/ }).click();
      await shows(page.getByText(/Angebote verschickt, annehmen bis/));
      await expectAccessible(page, 'allocation confirmed');

      // The family sees the offer with its deadline in its own account.
      const parts = await api.ok('{ myReservationParts { child { firstName } choices { status offerDeadline facility { name } } } }', {}, parent);
      expect(parts).toMatchObject([
        { child: { firstName: 'Jonas' }, choices: [{ status: 'OFFERED', offerDeadline: shiftDays(21), facility: { name: kitaName } }] },
      ]);

      // The queue shows the offer too, filtered to the Kita.
      await page.getByRole('link', { name: 'Vormerkungen' }).click();
      await page.getByLabel('Einrichtung').selectOption({ label: kitaName });
      await page.getByLabel('Stand').selectOption({ label: 'Platz angeboten' });
      await page.getByRole('button', { name: 'Filtern' }).click();
      await textOf(page.getByRole('heading', { level: 2, name: /Vormerkung/ })).toBe('1 Vormerkung');
      await textOf(page.locator('.desk-card').first()).toContain('Jonas Nowak');
      await shot(page, 'office-desk-queue-desktop');
      await expectAccessible(page, 'reservation queue filtered');
    } finally {
      await context.close();
    }
  }, 180_000);

  it('shows the city office a child that also waits in the Landkreis, without names, then offers the child a place from the queue (390×844)', async () => {
    // Ronja waits for a Kita in the city and a Tagespflege in the Landkreis: one reservation, two parts.
    const tagespflege = await tokenOf('tagespflege.ilmenau');
    const { id: pflegeId } = await api.ok(
      'mutation($m: String!, $input: FacilityProfileInput!) { registerFacility(municipality: $m, input: $input) { id } }',
      { m: landkreis, input: tagespflegeProfile },
      tagespflege,
    );
    const landkreisOffice = await tokenOf('amt.landkreis');
    const permit = { number: 'PE-2026-014', issuedOn: shiftDays(-30), validUntil: shiftDays(700), maxChildren: 5 };
    await api.ok(
      'mutation($id: ID!, $input: PermitInput!) { recordPermit(facilityId: $id, input: $input) { id } }',
      { id: pflegeId, input: permit },
      landkreisOffice,
    );
    await api.ok('mutation($id: ID!) { submitFacility(id: $id) { id } }', { id: pflegeId }, tagespflege);
    await api.ok('mutation($id: ID!) { publishFacility(id: $id) { id } }', { id: pflegeId }, landkreisOffice);
    for (const m of [city, landkreis]) await stack.instance(m, 'reservation').background?.catchUp?.();
    const parent = await tokenOf('eltern.schroeder');
    const applicationKey = randomUUID();
    const family = familyInput('Ronja', 'Quast', { wishedStart });
    for (const [m, facilityId, rank] of [
      [city, kitaId, 1],
      [landkreis, pflegeId, 2],
    ] as const) {
      await api.ok(reservationMutations.saveDraft, { m, input: { ...family, applicationKey, choices: [{ facilityId, rank }] } }, parent);
      await api.ok(reservationMutations.submit, { m, key: applicationKey, idem: randomUUID() }, parent);
    }
    const queue = await api.ok(
      'query($m: String!) { reservationQueue(municipality: $m, first: 100) { edges { node { part { child { firstName lastName } childPseudonym } } } } }',
      { m: city },
      await tokenOf('amt.lueneburg'),
    );
    const pseudonym: string = queue.edges.find((edge: any) => edge.node.part.child?.lastName === 'Quast').node.part.childPseudonym;

    const { context, page } = await officeLogin(phone);
    try {
      await page.getByRole('link', { name: 'Doppelte' }).click();
      await shows(page.getByRole('heading', { level: 1, name: 'Doppelte Vormerkungen' }));
      const card = page.locator(`[data-pseudonym="${pseudonym}"]`);
      await textOf(card).toContain(`Kind ${pseudonym.slice(0, 8).toUpperCase()}`);
      const row = card.getByRole('row', { name: /Landkreis Lüneburg/ });
      await textOf(row).toContain('Kindertagespflege');
      await textOf(row).toContain('Freigegeben');
      await textOf(card).toContain(`Hier 1 Wunsch: 1. ${kitaName} (Freigegeben)`);
      // No name, no address of the child or the family anywhere on the page.
      const text = (await page.locator('body').textContent()) ?? '';
      for (const value of personal) expect(text).not.toContain(value);
      await card.scrollIntoViewIfNeeded();
      await shot(page, 'office-desk-duplicates-phone');
      await expectAccessible(page, 'duplicate review (phone)');

      // Back in the queue (names are the office's to see there): review Ronja's choice and offer the place.
      await page.getByRole('link', { name: 'Vormerkungen' }).click();
      const choice = page.locator('.desk-card', { has: page.getByRole('heading', { name: 'Ronja Quast' }) });
      await textOf(choice).toContain(`Wunsch 1: ${kitaName}`);
      await choice.getByRole('button', { name: 'Prüfung beginnen' }).click();
      await attributeOf(choice, 'data-status').toBe('IN_REVIEW');
      await choice.getByRole('button', { name: 'Platz anbieten' }).click();
      await choice.getByLabel('Annahme bis').fill(shiftDays(20));
      await choice.getByRole('button', { name: 'Angebot senden' }).click();
      await attributeOf(choice, 'data-status').toBe('OFFERED');
      await textOf(choice).toContain('Platz angeboten');
      await choice.scrollIntoViewIfNeeded();
      await shot(page, 'office-desk-queue-phone');
      await expectAccessible(page, 'queue with an offer (phone)');

      // The filing form on a phone: the ways a Vormerkung comes in, first.
      await page.getByRole('link', { name: 'Vormerkung erfassen' }).click();
      await shows(page.getByRole('radio', { name: 'Telefonisch' }));
      await shot(page, 'office-desk-filing-phone');
      await expectAccessible(page, 'filing form (phone)');
    } finally {
      await context.close();
    }
  }, 120_000);

  it('the office records the permit of a new Tagespflege and is warned of one that lapses within 60 days (390×844)', async () => {
    const provider = await tokenOf('tagespflege.ilmenau');
    const register = (name: string) =>
      api.ok(
        'mutation($m: String!, $input: FacilityProfileInput!) { registerFacility(municipality: $m, input: $input) { id } }',
        {
          m: city,
          input: { ...tagespflegeProfile, name, address: { ...tagespflegeProfile.address, city: 'Lüneburg', postalCode: '21339', district: 'Kreideberg' } },
        },
        provider,
      );
    await register('Tagespflege Wasserturm');
    const { id: lapsing } = await register('Tagespflege Kalkberg');
    const permit = { number: 'PE-2021-007', issuedOn: shiftDays(-1700), validUntil: shiftDays(30), maxChildren: 5 };
    await api.ok(
      'mutation($id: ID!, $input: PermitInput!) { recordPermit(facilityId: $id, input: $input) { id } }',
      { id: lapsing, input: permit },
      await tokenOf('amt.lueneburg'),
    );

    const { context, page } = await officeLogin(phone);
    try {
      await page.getByRole('link', { name: 'Pflegeerlaubnisse' }).click();
      await shows(page.getByRole('heading', { level: 1, name: 'Pflegeerlaubnisse' }));
      await textOf(page.getByRole('status').filter({ hasText: 'in den nächsten 60 Tagen' })).toContain('Tagespflege Kalkberg: gültig bis');
      await textOf(page.getByRole('status').filter({ hasText: 'in den nächsten 60 Tagen' })).toContain('noch 30 Tage');
      const card = page.locator('.desk-card', { has: page.getByRole('heading', { name: 'Tagespflege Wasserturm' }) });
      await textOf(card).toContain('Keine Pflegeerlaubnis erfasst.');
      await card.getByRole('button', { name: /^Erlaubnis erfassen/ }).click();
      await card.getByLabel('Nummer der Erlaubnis').fill('PE-2026-031');
      await shot(page, 'office-desk-permit-phone');
      await expectAccessible(page, 'permit form (phone)');
      await card.getByRole('button', { name: 'Erlaubnis speichern' }).click();
      await textOf(card).toContain('Erlaubnis Nr. PE-2026-031');

      // What is left to clear up: double acceptances and undelivered mails, in English too.
      await page.getByRole('link', { name: 'Zu klären' }).click();
      await shows(page.getByRole('heading', { level: 2, name: 'Nicht zugestellte Mails' }));
      await expectAccessible(page, 'to clear up (phone)');
      await page.goto(`${office.url}amt/erlaubnisse?lang=en`);
      await shows(page.getByRole('heading', { level: 1, name: 'Care permits' }));
      await textOf(page.locator('.desk-card', { has: page.getByRole('heading', { name: 'Tagespflege Wasserturm' }) })).toContain('Permit no. PE-2026-031');
      await expectAccessible(page, 'permits in English (phone)');
    } finally {
      await context.close();
    }
  }, 120_000);

  it('the office chooses the language of its daily digest and switches it off; the API keeps it (390×844, 1280×800)', async () => {
    const officeToken = await tokenOf('amt.lueneburg');
    const read = () =>
      api.ok('query($m: String!) { notificationSettings(municipality: $m) { language disabledKinds kinds requiredKinds } }', { m: city }, officeToken);
    expect(await read()).toEqual({ language: 'de', disabledKinds: [], kinds: ['OFFICE_DIGEST'], requiredKinds: [] });

    const { context, page } = await officeLogin(phone);
    try {
      await page.getByRole('link', { name: 'Benachrichtigungen' }).click();
      await shows(page.getByRole('heading', { level: 1, name: 'Mails an das Jugendamt' }));
      const digest = page.getByRole('checkbox', { name: 'Tägliche Übersicht: was beim Jugendamt wartet' });
      expect(await digest.isChecked()).toBe(true);
      expect(await digest.isDisabled()).toBe(false);
      await page.getByLabel('Sprache der Mails').selectOption({ label: 'English' });
      await digest.uncheck();
      await page.getByRole('button', { name: 'Einstellungen speichern' }).click();
      await shows(page.getByText('Gespeichert. Die nächsten Mails folgen diesen Einstellungen.'));
      expect(await read()).toMatchObject({ language: 'en', disabledKinds: ['OFFICE_DIGEST'] });
      // The form from its start: the language, then the kinds.
      await page.getByLabel('Sprache der Mails').evaluate((element: any) => element.scrollIntoView({ block: 'center', behavior: 'instant' }));
      await shot(page, 'office-settings-office-phone');
      await expectAccessible(page, 'office mail settings (phone)');

      // Switched on again, in the desktop's layout; a reload shows what the API keeps.
      await page.setViewportSize(desktop);
      await page.reload();
      await shows(page.getByRole('heading', { level: 1, name: 'Mails an das Jugendamt' }));
      await expect.poll(() => page.getByLabel('Sprache der Mails').inputValue()).toBe('en');
      await expect.poll(() => digest.isChecked()).toBe(false);
      await digest.check();
      await page.getByRole('button', { name: 'Einstellungen speichern' }).click();
      await shows(page.getByText('Gespeichert. Die nächsten Mails folgen diesen Einstellungen.'));
      expect(await read()).toMatchObject({ language: 'en', disabledKinds: [] });
      await shot(page, 'office-settings-office-desktop');
      await expectAccessible(page, 'office mail settings (desktop)');

      // 'Zu klären' lists the undelivered mails of both subgraphs under one heading.
      await page.getByRole('link', { name: 'Zu klären' }).click();
      await shows(page.getByRole('heading', { level: 2, name: 'Nicht zugestellte Mails' }));
      const [families, facilities] = await Promise.all(
        ['undeliverableNotifications', 'undeliverableFacilityNotifications'].map((field) =>
          api.ok(`query($m: String!) { ${field}(municipality: $m) { id } }`, { m: city }, officeToken),
        ),
      );
      const count = families.length + facilities.length;
      await expect.poll(() => page.locator('#undeliverable-title ~ ul > li').count()).toBe(count);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('filters the queue by kind of care in the API: the count is the API’s, every card of that kind (1280×800)', async () => {
    const officeToken = await tokenOf('amt.lueneburg');
    const count = (kindsOfCare?: string[]) =>
      api
        .ok(
          'query($m: String!, $k: [FacilityKind!]) { reservationQueue(municipality: $m, kindsOfCare: $k, first: 1) { totalCount } }',
          { m: city, k: kindsOfCare ?? null },
          officeToken,
        )
        .then((queue) => queue.totalCount as number);
    const [all, tagespflege] = [await count(), await count(['KINDERTAGESPFLEGE'])];
    expect(tagespflege).toBeGreaterThan(0);
    expect(tagespflege).toBeLessThan(all);

    const { context, page } = await officeLogin(desktop);
    // The page asks the API with the filter (not filtering what it loaded).
    const asked: unknown[] = [];
    page.on('request', (request) => {
      const body = request.postDataJSON?.() as { operationName?: string; variables?: { kindsOfCare?: unknown } } | null;
      if (body?.operationName === 'DeskReservationQueue' && body.variables?.kindsOfCare) asked.push(body.variables.kindsOfCare);
    });
    try {
      await page.getByRole('link', { name: 'Vormerkungen' }).click();
      await textOf(page.getByRole('heading', { level: 2, name: /Vormerkung/ })).toBe(`${all} Vormerkungen`);
      await page.getByLabel('Betreuungsart').selectOption({ value: 'KINDERTAGESPFLEGE' });
      await page.getByRole('button', { name: 'Filtern' }).click();
      await textOf(page.getByRole('heading', { level: 2, name: /Vormerkung/ })).toBe(tagespflege === 1 ? '1 Vormerkung' : `${tagespflege} Vormerkungen`);
      await expect.poll(() => page.locator('.desk-card').count()).toBe(tagespflege);
      for (const care of await page.locator('.desk-card dd').filter({ hasText: 'Std./Woche' }).allInnerTexts()) expect(care).toMatch(/^Kindertagespflege,/);
      expect(asked).toContainEqual(['KINDERTAGESPFLEGE']);
      await expectAccessible(page, 'queue filtered by kind of care');
    } finally {
      await context.close();
    }
  }, 120_000);

  it('grants a family from the Landkreis an exception to the city Kita’s residence rule, and the family can then release its draft (1280×800)', async () => {
    const parent = await tokenOf('eltern.nowak');
    const applicationKey = randomUUID();
    const family = familyInput('Lotta', 'Brinkmann', { wishedStart });
    family.guardians[0].address = { street: 'Hauptstraße 2', postalCode: '21365', city: 'Adendorf', residenceMunicipality: landkreis };
    await api.ok(reservationMutations.saveDraft, { m: city, input: { ...family, applicationKey, choices: [{ facilityId: kitaId, rank: 1 }] } }, parent);
    const release = () => api.call(reservationMutations.submit, { m: city, key: applicationKey, idem: randomUUID() }, parent);
    expect((await release()).body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    const { context, page } = await officeLogin(desktop);
    try {
      await page.getByRole('link', { name: 'Vormerkungen' }).click();
      await page.getByLabel('Stand').selectOption({ label: 'Entwurf' });
      await page.getByRole('button', { name: 'Filtern' }).click();
      const draft = page.locator('.desk-card', { has: page.getByRole('heading', { name: 'Lotta Brinkmann' }) });
      await textOf(draft).toContain('Die Familie wohnt außerhalb');
      await draft.getByRole('button', { name: 'Ausnahme Wohnort' }).click();
      await draft.getByLabel('Begründung der Ausnahme').fill('Die Mutter arbeitet in der Kita-Nähe; Härtefall nach Satzung.');
      await draft.getByRole('button', { name: 'Ausnahme erteilen' }).click();
      await textOf(draft).toContain('eine Ausnahme ist erteilt');
      await expectAccessible(page, 'residence exception granted');
    } finally {
      await context.close();
    }
    const released = await release();
    expect(released.body.errors).toBeUndefined();
  }, 120_000);
});
