import { randomUUID } from 'node:crypto';
import { type CaughtMail, type MailCatcher, startMailCatcher, subgraphNames } from '@kita/dev';
import { defaultMailTiming, type MailSettings } from '@kita/notification';
import { parseRegistry } from '@kita/registry';
import { createReservationModule, type ReservationSettings } from '@kita/reservation';
import { type SubgraphServer, silentLogger, startSubgraphInstance, today } from '@kita/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  city,
  familyInput,
  gatewayClient,
  kitaProfile,
  landkreis,
  loginAccount,
  publishFacility,
  reservationMutations,
  shiftDays,
  shiftMonths,
  startTestLogin,
  startTestStack,
  type TestLogin,
  type TestStack,
  tagespflegeProfile,
} from './support.js';

// Issue 16's Done means, with a real SMTP server (smtp-server in this process) and the real stack:
// the reservation flow across Hansestadt and Landkreis Lüneburg sends exactly the expected mails,
// each once, in the family's language and from each municipality's own sender; a mail server that
// is down delays mails and loses none; a restarted instance sends nothing twice; the reminder goes
// out 3 days before the deadline, with the instances' clock moved by the test, not by waiting.
let stack: TestStack;
let login: TestLogin;
let mail: MailCatcher;
const restarted: SubgraphServer[] = [];
const { ok } = gatewayClient(() => stack.gateway.url);

/** The instances' clock: real time plus what the test added; it starts at 03:00 German time today, before the office's digest is due. */
const berlinNow = Object.fromEntries(
  new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23' })
    .formatToParts(new Date())
    .map((part) => [part.type, Number(part.value)]),
);
let offsetMs = -((berlinNow.hour - 3) * 3600 + berlinNow.minute * 60 + berlinNow.second) * 1000;
const clock = () => new Date(Date.now() + offsetMs);
const moveClockDays = (days: number) => {
  offsetMs += days * 24 * 60 * 60 * 1000;
};

const names: Record<string, string> = { [city]: 'Hansestadt Lüneburg', [landkreis]: 'Landkreis Lüneburg' };
const senders: Record<string, string> = { [city]: 'kita@stadt.lueneburg.test', [landkreis]: 'kita@landkreis.lueneburg.test' };
// Timers far apart: the test drives scan and delivery by catchUp, so nothing depends on timing.
const mailOf =
  (smtpUrl: string) =>
  (municipality: string): MailSettings => ({
    ...defaultMailTiming,
    smtpUrl,
    from: `"${names[municipality]}" <${senders[municipality]}>`,
    municipalityName: names[municipality],
    portalUrl: 'https://kita.lueneburg.test',
    retryBaseMs: 60_000,
    retryMaxMs: 10 * 60_000,
    intervalMs: 3_600_000,
    ...(municipality === city ? { officeAddress: officeAddress } : {}),
  });
let reservationSettings: Partial<ReservationSettings>;

const accounts = [
  loginAccount('office-city', 'office', [city]),
  loginAccount('office-landkreis', 'office', [landkreis]),
  loginAccount('provider-lueneburg', 'provider'),
  loginAccount('parent-schroeder', 'parent'),
  loginAccount('parent-yilmaz', 'parent'),
  loginAccount('parent-krause', 'parent'),
];
const officeCity = () => login.tokenOf('office-city');
const mila = () => login.tokenOf('parent-schroeder');
const noah = () => login.tokenOf('parent-yilmaz');
const ida = () => login.tokenOf('parent-krause');

const milaAddress = 'k.schroeder@example.org';
const amSandeAddress = 'leitung@am-sande.kita.test';
const kruemelkisteAddress = 'anna.meyer@kruemelkiste.test';
const sonnenscheinAddress = 'info@sonnenschein.kita.test';
const officeAddress = 'jugendamt@stadt.lueneburg.test';
const noahAddress = 'noah.eltern@example.org';
const wishedStart = shiftMonths(4);
const facilities: Record<'amSande' | 'bockelsberg' | 'kruemelkiste', string> = {} as never;
const milaChoices: Record<string, string> = {};

const reservationOf = (municipality: string) =>
  restarted.find((instance) => instance.municipality === municipality) ?? stack.instance(municipality, 'reservation');

async function catchUp(): Promise<void> {
  for (const subgraph of ['reservation', 'vacancy', 'facility'] as const) {
    for (const municipality of [city, landkreis]) {
      const instance = subgraph === 'reservation' ? reservationOf(municipality) : stack.instance(municipality, subgraph);
      await instance.background?.catchUp?.();
    }
  }
  // Mails last: the steps the consumers took (withdrawals) are queued and sent too.
  for (const municipality of [city, landkreis]) await reservationOf(municipality).background?.catchUp?.();
}

const providerKinds = ['PROFILE_PUBLISHED', 'PROFILE_REJECTED', 'PERMIT_EXPIRING', 'PERMIT_LAPSED', 'NEW_RESERVATION', 'OFFICE_DIGEST'];
const familyMails = () => mail.messages().filter((m) => !providerKinds.includes(m.kind));

/** The mails so far, as (to, kind, language, sender) tuples, in a stable order. */
const summary = (mails: CaughtMail[]) => mails.map((m) => [m.to.join(','), m.kind, m.language, m.from.replace(/^.*<|>$/g, '')].join(' ')).sort();

async function mailRows(municipality: string) {
  return reservationOf(municipality)
    .database.orm.em.fork()
    .getConnection()
    .execute(`select kind, status, attempts, last_error from notification_mail order by created_at, kind`);
}

beforeAll(async () => {
  mail = await startMailCatcher();
  reservationSettings = { mail: mailOf(mail.smtpUrl), clock };
  login = await startTestLogin(accounts);
  stack = await startTestStack({
    municipalities: [city, landkreis],
    auth: login.auth,
    verifier: login.verifier,
    reservation: reservationSettings,
    facility: { mail: mailOf(mail.smtpUrl), clock },
  });
  const cityTokens = { provider: await login.tokenOf('provider-lueneburg'), office: await officeCity() };
  facilities.amSande = await publishFacility(ok, city, { ...kitaProfile('Kita Am Sande'), contact: { email: amSandeAddress } }, cityTokens);
  facilities.bockelsberg = await publishFacility(ok, city, kitaProfile('Kita Bockelsberg'), cityTokens);
  facilities.kruemelkiste = await publishFacility(
    ok,
    landkreis,
    { ...tagespflegeProfile, contact: { email: kruemelkisteAddress } },
    {
      provider: await login.tokenOf('provider-lueneburg'),
      office: await login.tokenOf('office-landkreis'),
    },
  );
  const vacancy = { places: 1, ageRange: { fromMonths: 0, toMonths: 36 }, hoursBand: 'FULL_DAY', availableFrom: today() };
  await ok(
    'mutation($id: ID!, $input: VacancyInput!) { addVacancy(facilityId: $id, input: $input) { id } }',
    { id: facilities.amSande, input: vacancy },
    await officeCity(),
  );
  await catchUp();
}, 120_000);

afterAll(async () => {
  for (const instance of restarted) await instance.close();
  await stack?.close();
  await login?.close();
  await mail?.close();
});

const settingsMutation = `mutation($m: String!, $language: String!, $off: [NotificationKind!]!) { setNotificationSettings(municipality: $m, language: $language, disabledKinds: $off) { municipality language disabledKinds requiredKinds } }`;

describe('e-mail notifications of the reservation flow, across two municipalities', () => {
  it('lets a family choose Turkish in both municipalities, and refuses switching off an offer', async () => {
    for (const m of [city, landkreis]) {
      expect(await ok(settingsMutation, { m, language: 'tr', off: [] }, await mila())).toMatchObject({ municipality: m, language: 'tr', disabledKinds: [] });
    }
    const refused = await gatewayClient(() => stack.gateway.url).call(settingsMutation, { m: city, language: 'tr', off: ['OFFER_MADE'] }, await mila());
    expect(refused.body.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    // Noah's family does not want the confirmation of receipt.
    expect(await ok(settingsMutation, { m: city, language: 'de', off: ['RESERVATION_RECEIVED'] }, await noah())).toMatchObject({
      disabledKinds: ['RESERVATION_RECEIVED'],
    });
  });

  it('confirms each municipality’s Vormerkung once, from its own sender, in the family’s language', async () => {
    const applicationKey = randomUUID();
    const family = { ...familyInput('Mila', 'Schröder', { wishedStart, ageMonths: 26 }), applicationKey };
    await ok(
      reservationMutations.saveDraft,
      {
        m: city,
        input: {
          ...family,
          choices: [
            { facilityId: facilities.amSande, rank: 1 },
            { facilityId: facilities.bockelsberg, rank: 3 },
          ],
        },
      },
      await mila(),
    );
    await ok(reservationMutations.saveDraft, { m: landkreis, input: { ...family, choices: [{ facilityId: facilities.kruemelkiste, rank: 2 }] } }, await mila());
    for (const m of [city, landkreis]) await ok(reservationMutations.submit, { m, key: applicationKey, idem: randomUUID() }, await mila());
    const parts = await ok(`{ myReservationParts { choices { id facility { id } } } }`, {}, await mila());
    for (const part of parts) for (const choice of part.choices) milaChoices[choice.facility.id] = choice.id;

    const other = familyInput('Noah', 'Yılmaz', { wishedStart, ageMonths: 14 });
    other.guardians[0].email = noahAddress;
    const noahKey = randomUUID();
    await ok(
      reservationMutations.saveDraft,
      { m: city, input: { ...other, applicationKey: noahKey, choices: [{ facilityId: facilities.amSande, rank: 1 }] } },
      await noah(),
    );
    await ok(reservationMutations.submit, { m: city, key: noahKey, idem: randomUUID() }, await noah());

    await catchUp();
    await catchUp();
    expect(summary(familyMails())).toEqual(
      [`${milaAddress} RESERVATION_RECEIVED tr ${senders[city]}`, `${milaAddress} RESERVATION_RECEIVED tr ${senders[landkreis]}`].sort(),
    );
    const [cityMail] = familyMails().filter((m) => m.from.includes(senders[city]));
    expect(cityMail.subject).toBe('Hansestadt Lüneburg: ön kaydınız alındı');
    expect(cityMail.text).toContain('Mila için ön kayıt alındı.');
    expect(cityMail.text).toContain('Hansestadt Lüneburg');
    expect(cityMail.html).toContain('<html lang="tr"');
    // No surname, no birth date, no guardian's name in the mail.
    for (const m of mail.messages()) expect(`${m.subject}${m.text}${m.html}`).not.toMatch(/Schröder|Katarzyna|Bockelmann/);
    // The facilities with a contact address learn of each new Vormerkung (Mila's and Noah's at Am Sande), without the child.
    const news = mail.messages().filter((m) => m.kind === 'NEW_RESERVATION');
    expect(summary(news)).toEqual(
      [
        `${amSandeAddress} NEW_RESERVATION de ${senders[city]}`,
        `${amSandeAddress} NEW_RESERVATION de ${senders[city]}`,
        `${kruemelkisteAddress} NEW_RESERVATION de ${senders[landkreis]}`,
      ].sort(),
    );
    for (const m of news) expect(`${m.subject}${m.text}${m.html}`).not.toMatch(/Mila|Noah|Yılmaz|Schröder/);
    expect(news[0].subject).toBe('Hansestadt Lüneburg: neue Vormerkung');
  });

  it('tells providers that their profile was published, or rejected with the reason', async () => {
    const published = mail.messages().filter((m) => m.kind === 'PROFILE_PUBLISHED');
    expect(summary(published)).toEqual(
      [`${amSandeAddress} PROFILE_PUBLISHED de ${senders[city]}`, `${kruemelkisteAddress} PROFILE_PUBLISHED de ${senders[landkreis]}`].sort(),
    );
    expect(published.find((m) => m.to.includes(amSandeAddress))?.text).toContain('das Profil von Kita Am Sande ist veröffentlicht');

    const tokens = { provider: await login.tokenOf('provider-lueneburg'), office: await officeCity() };
    const { id } = await ok(
      'mutation($m: String!, $input: FacilityProfileInput!) { registerFacility(municipality: $m, input: $input) { id } }',
      { m: city, input: { ...kitaProfile('Kita Sonnenschein'), contact: { email: sonnenscheinAddress } } },
      tokens.provider,
    );
    await ok('mutation($id: ID!) { submitFacility(id: $id) { id } }', { id }, tokens.provider);
    await ok(
      'mutation($id: ID!, $reason: String!) { rejectFacility(id: $id, reason: $reason) { id } }',
      { id, reason: 'Bitte die Öffnungszeiten ergänzen.' },
      tokens.office,
    );
    await catchUp();
    const rejected = mail.messages().filter((m) => m.kind === 'PROFILE_REJECTED');
    expect(summary(rejected)).toEqual([`${sonnenscheinAddress} PROFILE_REJECTED de ${senders[city]}`]);
    expect(rejected[0].text).toContain('Begründung des Amtes: Bitte die Öffnungszeiten ergänzen.');
  });

  it('sends the offer with facility, start, deadline and link, and the reminder 3 days before the deadline, once', async () => {
    const run = await ok(`mutation($m: String!) { previewAllocation(municipality: $m) { id matchedCount } }`, { m: city }, await officeCity());
    expect(run.matchedCount).toBe(1);
    const deadline = shiftDays(14);
    await ok(
      `mutation($id: ID!, $deadline: LocalDate!) { confirmAllocation(runId: $id, deadline: $deadline) { id } }`,
      { id: run.id, deadline },
      await officeCity(),
    );
    await catchUp();
    const offers = familyMails().filter((m) => m.kind === 'OFFER_MADE');
    expect(offers.map((m) => m.to)).toEqual([[milaAddress]]);
    expect(offers[0].subject).toBe('Hansestadt Lüneburg: yer teklifi');
    expect(offers[0].text).toContain('Kita Am Sande');
    expect(offers[0].text).toContain(
      new Intl.DateTimeFormat('tr', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${deadline}T12:00:00Z`)),
    );
    expect(offers[0].text).toContain('https://kita.lueneburg.test/reservations');

    // 10 days later the deadline is 4 days away: no reminder yet. A day later it is 3 days away.
    moveClockDays(10);
    await catchUp();
    expect(mail.messages().filter((m) => m.kind === 'OFFER_REMINDER')).toEqual([]);
    moveClockDays(1);
    await catchUp();
    await catchUp();
    const reminders = mail.messages().filter((m) => m.kind === 'OFFER_REMINDER');
    expect(reminders.map((m) => [m.to, m.language, m.subject])).toEqual([
      [[milaAddress], 'tr', 'Hansestadt Lüneburg: hatırlatma – teklif 3 gün içinde sona eriyor'],
    ]);
  });

  it('delays the Zusage and the withdrawals while the mail server is down, and loses none', async () => {
    const before = familyMails().length;
    await mail.pause();
    await ok(`mutation($id: ID!) { acceptOffer(id: $id) { id status } }`, { id: milaChoices[facilities.amSande] }, await mila());
    await catchUp();
    await catchUp();
    expect(familyMails().length).toBe(before);
    const waiting = (await mailRows(city)).filter((row: any) => row.status === 'PENDING');
    expect(waiting.length).toBeGreaterThan(0);
    expect(waiting.every((row: any) => row.attempts <= 1)).toBe(true);

    // Back again; the next attempt is due after the back-off: move the clock past it.
    await mail.resume();
    moveClockDays(0.01);
    await catchUp();
    await catchUp();
    const after = familyMails().slice(before);
    expect(summary(after)).toEqual(
      [
        `${milaAddress} CHOICE_WITHDRAWN_PLACED tr ${senders[city]}`,
        `${milaAddress} CHOICE_WITHDRAWN_PLACED tr ${senders[landkreis]}`,
        `${milaAddress} ZUSAGE_CONFIRMED tr ${senders[city]}`,
      ].sort(),
    );
    expect(after.find((m) => m.kind === 'CHOICE_WITHDRAWN_PLACED' && m.from.includes(senders[landkreis]))?.text).toContain('Kindertagespflege Krümelkiste');
  });

  it('records an address the mail server refuses and shows it to the office', async () => {
    // A city family whose address the mail server refuses submits and would get its confirmation of receipt.
    const refusedAddress = 'nicht.zustellbar@example.org';
    mail.refuse(refusedAddress);
    const family = familyInput('Ida', 'Krause', { wishedStart, ageMonths: 20 });
    family.guardians[0].email = refusedAddress;
    const key = randomUUID();
    await ok(
      reservationMutations.saveDraft,
      { m: city, input: { ...family, applicationKey: key, choices: [{ facilityId: facilities.bockelsberg, rank: 1 }] } },
      await ida(),
    );
    await ok(reservationMutations.submit, { m: city, key, idem: randomUUID() }, await ida());
    await catchUp();
    const problems = await ok(
      `query($m: String!) { undeliverableNotifications(municipality: $m) { kind status address error } }`,
      { m: city },
      await officeCity(),
    );
    expect(problems).toEqual([{ kind: 'RESERVATION_RECEIVED', status: 'REFUSED', address: refusedAddress, error: '550' }]);
    expect(mail.messages().some((m) => m.to.includes(refusedAddress))).toBe(false);
  });

  it('sends the city office its digest once a day from 7 o’clock: counts only', async () => {
    expect(mail.messages().filter((m) => m.kind === 'OFFICE_DIGEST')).toEqual([]);
    moveClockDays(5 / 24);
    await catchUp();
    await catchUp();
    const digests = mail.messages().filter((m) => m.kind === 'OFFICE_DIGEST');
    expect(summary(digests)).toEqual([`${officeAddress} OFFICE_DIGEST de ${senders[city]}`]);
    // Noah's and Ida's choices wait for review (Mila's other city choice was withdrawn), and Ida's address was refused.
    expect(digests[0].text).toContain('2 neue Vormerkungen, 0 in Prüfung,');
    expect(digests[0].text).toContain('1 nicht zustellbare Nachrichten');
    expect(digests[0].text).not.toMatch(/Noah|Ida|Mila/);
  });

  it('sends nothing twice after a restart of the instance', async () => {
    const before = mail.messages().length;
    const old = stack.instance(city, 'reservation');
    const databaseUrl = old.database.orm.config.get('clientUrl') as string;
    await old.close();
    // Whatever the last run marked, a restarted instance reads the same idempotency records.
    const back = await startSubgraphInstance(createReservationModule(reservationSettings), {
      municipality: city,
      databaseUrl,
      port: 0,
      verifier: login.verifier,
      auth: login.auth,
      production: false,
      logger: silentLogger,
      peerUrl: (subgraph) => (subgraph === 'reservation' ? back.url : stack.instance(city, subgraph).url),
      peers: (subgraph) => [{ municipality: landkreis, url: stack.instance(landkreis, subgraph).url }],
    });
    restarted.push(back);
    await stack.gateway.reload(
      parseRegistry(
        { municipalities: stack.entries.map((entry) => (entry.key === city ? { ...entry, subgraphs: { ...entry.subgraphs, reservation: back.url } } : entry)) },
        { subgraphs: [...subgraphNames] },
      ),
    );
    // Only the restarted instance: the other municipality's consumer of the stopped one's events would wait for it.
    await back.background?.catchUp?.();
    await back.background?.catchUp?.();
    expect(mail.messages().length).toBe(before);
  });

  it('warns the Tagespflege 60 days before its permit lapses, once', async () => {
    // The permit runs until 700 days after the test's start; the clock stands about 12 days on.
    const validUntil = shiftDays(700);
    const days = (Date.parse(validUntil) - Date.parse(today(clock()))) / 86_400_000;
    moveClockDays(days - 61);
    await stack.instance(landkreis, 'facility').background?.catchUp?.();
    expect(mail.messages().filter((m) => m.kind === 'PERMIT_EXPIRING')).toEqual([]);
    moveClockDays(1);
    await stack.instance(landkreis, 'facility').background?.catchUp?.();
    await stack.instance(landkreis, 'facility').background?.catchUp?.();
    const warnings = mail.messages().filter((m) => m.kind === 'PERMIT_EXPIRING');
    expect(summary(warnings)).toEqual([`${kruemelkisteAddress} PERMIT_EXPIRING de ${senders[landkreis]}`]);
    expect(warnings[0].subject).toBe('Landkreis Lüneburg: Pflegeerlaubnis läuft in 60 Tagen ab');
    // Mails done for more than 30 days keep their idempotency record, not the address or the parameters.
    const rows = await stack
      .instance(landkreis, 'facility')
      .database.orm.em.fork()
      .getConnection()
      .execute(`select kind, status, address, params from notification_mail order by created_at`);
    expect(rows.map((row: any) => [row.kind, row.status, row.address, Object.keys(row.params).length > 0])).toEqual([
      ['PROFILE_PUBLISHED', 'SENT', null, false],
      ['PERMIT_EXPIRING', 'SENT', kruemelkisteAddress, true],
    ]);
  });

  it('sent every mail exactly once', async () => {
    const ids = mail.messages().map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(summary(familyMails())).toEqual(
      [
        `${milaAddress} RESERVATION_RECEIVED tr ${senders[city]}`,
        `${milaAddress} RESERVATION_RECEIVED tr ${senders[landkreis]}`,
        `${milaAddress} OFFER_MADE tr ${senders[city]}`,
        `${milaAddress} OFFER_REMINDER tr ${senders[city]}`,
        `${milaAddress} CHOICE_WITHDRAWN_PLACED tr ${senders[city]}`,
        `${milaAddress} CHOICE_WITHDRAWN_PLACED tr ${senders[landkreis]}`,
        `${milaAddress} ZUSAGE_CONFIRMED tr ${senders[city]}`,
      ].sort(),
    );
  });
});
