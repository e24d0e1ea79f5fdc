import { randomBytes, randomUUID } from 'node:crypto';
import { type MailCatcher, sendDeliveryStatusNotification, startMailCatcher } from '@kita/dev';
import { defaultMailTiming, type MailSettings } from '@kita/notification';
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
  shiftMonths,
  startTestLogin,
  startTestStack,
  type TestLogin,
  type TestStack,
} from './support.js';

// Issue 16, the second round, with a real SMTP server (smtp-server in this process) and the real
// stack of Hansestadt and Landkreis Lüneburg: providers (per facility) and offices (per
// municipality) choose the language of their mails and which kinds they get, read where each mail
// is sent; required kinds still arrive; every role's access to the settings, straight to the
// subgraphs and through the gateway. Late bounces: each mail's VERP envelope sender, a DSN sent
// over SMTP to it (the catcher relays it to the instance's bounce receiver) marks the mail
// BOUNCED for the office, and the address gets no further mail; a forged token changes nothing.
let stack: TestStack;
let login: TestLogin;
let mail: MailCatcher;
const { ok, call } = gatewayClient(() => stack.gateway.url);

/** The instances' clock: real time plus what the test added; it starts at 03:00 German time today, before the office's digest is due. */
const berlinNow = Object.fromEntries(
  new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23' })
    .formatToParts(new Date())
    .map((part) => [part.type, Number(part.value)]),
);
let offsetMs = -((berlinNow.hour - 3) * 3600 + berlinNow.minute * 60 + berlinNow.second) * 1000;
const clock = () => new Date(Date.now() + offsetMs);

const names: Record<string, string> = { [city]: 'Hansestadt Lüneburg', [landkreis]: 'Landkreis Lüneburg' };
const offices: Record<string, string> = { [city]: 'jugendamt@stadt.lueneburg.test', [landkreis]: 'jugendamt@landkreis.lueneburg.test' };
const bounceDomains: Record<string, string> = { [city]: 'bounces.stadt.lueneburg.test', [landkreis]: 'bounces.landkreis.lueneburg.test' };
const mailOf =
  (catcher: MailCatcher) =>
  (municipality: string): MailSettings => ({
    ...defaultMailTiming,
    smtpUrl: catcher.smtpUrl,
    from: `"${names[municipality]}" <kita@${municipality}.lueneburg.test>`,
    municipalityName: names[municipality],
    portalUrl: 'https://kita.lueneburg.test',
    retryBaseMs: 60_000,
    retryMaxMs: 10 * 60_000,
    intervalMs: 3_600_000,
    officeAddress: offices[municipality],
    bounceDomain: bounceDomains[municipality],
    bounceListen: { host: '127.0.0.1', port: 0 },
    onBounceReceiver: (domain, url) => catcher.routeBounces(domain, url),
  });

const accounts = [
  loginAccount('office-city', 'office', [city]),
  loginAccount('office-landkreis', 'office', [landkreis]),
  loginAccount('analyst-city', 'analyst', [city]),
  loginAccount('provider-am-sande', 'provider'),
  loginAccount('provider-other', 'provider'),
  loginAccount('parent-schroeder', 'parent'),
  loginAccount('parent-krause', 'parent'),
];
const token = (name: string) => login.tokenOf(name);

const amSandeAddress = 'leitung@am-sande.kita.test';
const kreidebergAddress = 'leitung@kreideberg.kita.test';
const bouncingAddress = 'gibt.es.nicht@example.org';
const wishedStart = shiftMonths(4);
const facilities: Record<'amSande' | 'kreideberg', string> = {} as never;

async function catchUp(): Promise<void> {
  // Facility events first (the reservation subgraph follows the facilities' settings), mails last.
  for (const subgraph of ['facility', 'vacancy', 'reservation', 'facility', 'reservation'] as const) {
    for (const municipality of [city, landkreis]) await stack.instance(municipality, subgraph).background?.catchUp?.();
  }
}

const mailsTo = (address: string) => mail.messages().filter((m) => m.to.includes(address));

beforeAll(async () => {
  mail = await startMailCatcher();
  login = await startTestLogin(accounts);
  stack = await startTestStack({
    municipalities: [city, landkreis],
    auth: login.auth,
    verifier: login.verifier,
    reservation: { mail: mailOf(mail), clock },
    facility: { mail: mailOf(mail), clock },
  });
  const tokens = { provider: await token('provider-am-sande'), office: await token('office-city') };
  facilities.kreideberg = await publishFacility(ok, city, { ...kitaProfile('Kita Am Kreideberg'), contact: { email: kreidebergAddress } }, tokens);
  await catchUp();
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await login?.close();
  await mail?.close();
});

const facilitySettings = `query($id: ID!) { facilityNotificationSettings(facilityId: $id) { facilityId language disabledKinds kinds requiredKinds } }`;
const setFacilitySettings = `mutation($id: ID!, $language: String!, $off: [NotificationKind!]!) { setFacilityNotificationSettings(facilityId: $id, language: $language, disabledKinds: $off) { facilityId language disabledKinds kinds requiredKinds } }`;
const settings = `query($m: String!) { notificationSettings(municipality: $m) { municipality language disabledKinds kinds requiredKinds } }`;
const setSettings = `mutation($m: String!, $language: String!, $off: [NotificationKind!]!) { setNotificationSettings(municipality: $m, language: $language, disabledKinds: $off) { municipality language disabledKinds kinds requiredKinds } }`;

describe('a facility’s mail settings', () => {
  it('lets the facility’s provider choose English and switch off the new Vormerkungen, never a rejection', async () => {
    const provider = await token('provider-am-sande');
    // Registered, not yet published: the settings apply to the publication mail already.
    const { id } = await ok(
      'mutation($m: String!, $input: FacilityProfileInput!) { registerFacility(municipality: $m, input: $input) { id } }',
      { m: city, input: { ...kitaProfile('Kita Am Sande'), contact: { email: amSandeAddress } } },
      provider,
    );
    facilities.amSande = id;
    expect(await ok(facilitySettings, { id }, provider)).toEqual({
      facilityId: id,
      language: 'de',
      disabledKinds: [],
      kinds: ['PROFILE_PUBLISHED', 'PROFILE_REJECTED', 'PERMIT_EXPIRING', 'PERMIT_LAPSED', 'NEW_RESERVATION'],
      requiredKinds: ['PROFILE_REJECTED', 'PERMIT_LAPSED'],
    });
    expect(await ok(setFacilitySettings, { id, language: 'en', off: ['NEW_RESERVATION'] }, provider)).toMatchObject({
      language: 'en',
      disabledKinds: ['NEW_RESERVATION'],
    });
    // A required kind or one that is no facility's: refused, nothing changed.
    for (const off of [['PROFILE_REJECTED'], ['OFFICE_DIGEST'], ['OFFER_MADE']]) {
      const refused = await call(setFacilitySettings, { id, language: 'de', off }, provider);
      expect(refused.body.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    }
    const unknownLanguage = await call(setFacilitySettings, { id, language: 'xx', off: [] }, provider);
    expect(unknownLanguage.body.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(await ok(facilitySettings, { id }, provider)).toMatchObject({ language: 'en', disabledKinds: ['NEW_RESERVATION'] });

    await ok('mutation($id: ID!) { submitFacility(id: $id) { id } }', { id }, provider);
    await ok('mutation($id: ID!) { publishFacility(id: $id) { id } }', { id }, await token('office-city'));
    await catchUp();
    const published = mailsTo(amSandeAddress);
    expect(published.map((m) => [m.kind, m.language, m.subject])).toEqual([['PROFILE_PUBLISHED', 'en', expect.stringContaining('Hansestadt Lüneburg')]]);
  });

  it('sends the new Vormerkung to the facility that kept it, not to the one that switched it off (read by the reservation subgraph)', async () => {
    const family = familyInput('Mila', 'Schröder', { wishedStart, ageMonths: 26 });
    const key = randomUUID();
    await ok(
      reservationMutations.saveDraft,
      {
        m: city,
        input: {
          ...family,
          applicationKey: key,
          choices: [
            { facilityId: facilities.amSande, rank: 1 },
            { facilityId: facilities.kreideberg, rank: 2 },
          ],
        },
      },
      await token('parent-schroeder'),
    );
    await ok(reservationMutations.submit, { m: city, key, idem: randomUUID() }, await token('parent-schroeder'));
    await catchUp();
    expect(
      mailsTo(kreidebergAddress)
        .filter((m) => m.kind === 'NEW_RESERVATION')
        .map((m) => m.language),
    ).toEqual(['de']);
    expect(mailsTo(amSandeAddress).filter((m) => m.kind === 'NEW_RESERVATION')).toEqual([]);
    const rows = await stack
      .instance(city, 'reservation')
      .database.orm.em.fork()
      .getConnection()
      .execute(`select status, last_error from notification_mail where kind = 'NEW_RESERVATION' and recipient like 'facility:%' order by status`);
    expect(rows.map((row: any) => [row.status, row.last_error])).toEqual([
      ['SENT', null],
      ['SKIPPED', 'SWITCHED_OFF'],
    ]);
  });

  it('still sends a rejection (required), in the chosen language', async () => {
    const provider = await token('provider-am-sande');
    const address = 'leitung@sonnenschein.kita.test';
    const { id } = await ok(
      'mutation($m: String!, $input: FacilityProfileInput!) { registerFacility(municipality: $m, input: $input) { id } }',
      { m: city, input: { ...kitaProfile('Kita Sonnenschein'), contact: { email: address } } },
      provider,
    );
    // Everything that may be switched off is.
    await ok(setFacilitySettings, { id, language: 'pl', off: ['PROFILE_PUBLISHED', 'PERMIT_EXPIRING', 'NEW_RESERVATION'] }, provider);
    await ok('mutation($id: ID!) { submitFacility(id: $id) { id } }', { id }, provider);
    await ok(
      'mutation($id: ID!, $reason: String!) { rejectFacility(id: $id, reason: $reason) { id } }',
      { id, reason: 'Bitte die Öffnungszeiten ergänzen.' },
      await token('office-city'),
    );
    await catchUp();
    expect(mailsTo(address).map((m) => [m.kind, m.language])).toEqual([['PROFILE_REJECTED', 'pl']]);
    expect(mailsTo(address)[0].text).toContain('Bitte die Öffnungszeiten ergänzen.');
  });
});

describe('an office’s mail settings', () => {
  it('sends the digest in the office’s language, and none to the office that switched it off', async () => {
    expect(await ok(settings, { m: city }, await token('office-city'))).toEqual({
      municipality: city,
      language: 'de',
      disabledKinds: [],
      kinds: ['OFFICE_DIGEST'],
      requiredKinds: [],
    });
    await ok(setSettings, { m: city, language: 'de', off: ['OFFICE_DIGEST'] }, await token('office-city'));
    expect(await ok(setSettings, { m: landkreis, language: 'en', off: [] }, await token('office-landkreis'))).toMatchObject({
      municipality: landkreis,
      language: 'en',
    });
    // A family kind is no office's to switch off.
    const refused = await call(setSettings, { m: city, language: 'de', off: ['RESERVATION_RECEIVED'] }, await token('office-city'));
    expect(refused.body.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);

    offsetMs += 5 * 60 * 60 * 1000; // 08:00 German time: the digest is due.
    await catchUp();
    expect(mailsTo(offices[city])).toEqual([]);
    expect(mailsTo(offices[landkreis]).map((m) => [m.kind, m.language])).toEqual([['OFFICE_DIGEST', 'en']]);
    // The parent's settings are still the family's own.
    expect(await ok(settings, { m: city }, await token('parent-schroeder'))).toMatchObject({
      kinds: ['RESERVATION_RECEIVED', 'OFFER_MADE', 'OFFER_REMINDER', 'OFFER_LAPSED', 'CHOICE_WITHDRAWN_PLACED', 'ZUSAGE_CONFIRMED'],
      requiredKinds: ['OFFER_MADE', 'OFFER_LAPSED', 'ZUSAGE_CONFIRMED'],
    });
  });
});

const targets = [
  { name: 'through the gateway', facility: () => stack.gateway.url, reservation: () => stack.gateway.url },
  { name: 'straight to the subgraphs', facility: () => stack.instance(city, 'facility').url, reservation: () => stack.instance(city, 'reservation').url },
];

describe.each(targets)('who may see and change the settings, $name', (target) => {
  const codeOf = async (url: () => string, query: string, variables: Record<string, unknown>, who?: string) => {
    const answer = await gatewayClient(url).call(query, variables, who ? await token(who) : undefined);
    return answer.body.errors?.map((error) => error.extensions?.code).join(',') ?? 'OK';
  };

  it('a facility’s: its own providers only', async () => {
    const id = facilities.amSande;
    const expected: Array<[string | undefined, string]> = [
      [undefined, 'UNAUTHENTICATED'],
      ['parent-schroeder', 'FORBIDDEN'],
      ['provider-other', 'FORBIDDEN'],
      ['provider-am-sande', 'OK'],
      ['office-city', 'FORBIDDEN'],
      ['office-landkreis', 'FORBIDDEN'],
      ['analyst-city', 'FORBIDDEN'],
    ];
    for (const [who, code] of expected) {
      expect([who, await codeOf(target.facility, facilitySettings, { id }, who)]).toEqual([who, code]);
      expect([who, await codeOf(target.facility, setFacilitySettings, { id, language: 'en', off: ['NEW_RESERVATION'] }, who)]).toEqual([who, code]);
    }
    // An ID that names no facility: nothing learnt.
    const unknown = id.replace(/[0-9a-f]{12}$/, '000000000000');
    expect(await codeOf(target.facility, facilitySettings, { id: unknown }, 'provider-other')).toBe('FORBIDDEN');
    expect(await ok(facilitySettings, { id }, await token('provider-am-sande'))).toMatchObject({ language: 'en', disabledKinds: ['NEW_RESERVATION'] });
  });

  it('a municipality’s: the parent its own, the office of that municipality the office’s', async () => {
    const expected: Array<[string | undefined, string]> = [
      [undefined, 'UNAUTHENTICATED'],
      ['parent-krause', 'OK'],
      ['provider-am-sande', 'FORBIDDEN'],
      ['office-city', 'OK'],
      ['office-landkreis', 'FORBIDDEN'],
      ['analyst-city', 'FORBIDDEN'],
    ];
    for (const [who, code] of expected) {
      expect([who, await codeOf(target.reservation, settings, { m: city }, who)]).toEqual([who, code]);
    }
    // Each sees its own: the city office its switched-off digest, a parent the family's defaults.
    expect(await gatewayClient(target.reservation).ok(settings, { m: city }, await token('office-city'))).toMatchObject({ disabledKinds: ['OFFICE_DIGEST'] });
    expect(await gatewayClient(target.reservation).ok(settings, { m: city }, await token('parent-krause'))).toMatchObject({ disabledKinds: [] });
    // The other municipality's office changes nothing here.
    expect(await codeOf(target.reservation, setSettings, { m: city, language: 'en', off: [] }, 'office-landkreis')).toBe('FORBIDDEN');
    expect(await codeOf(target.reservation, setSettings, { m: city, language: 'en', off: [] }, 'analyst-city')).toBe('FORBIDDEN');
    expect(await ok(settings, { m: city }, await token('office-city'))).toMatchObject({ language: 'de', disabledKinds: ['OFFICE_DIGEST'] });
  });
});

/** Sends a DSN over SMTP to the catcher (the municipality's MX in this test), which relays it to the instance's bounce receiver. */
const sendDsn = (to: string, recipient: string, status = '5.1.1') => sendDeliveryStatusNotification(mail.smtpUrl, { to, recipient, status });

const undeliverable = `query($m: String!) { undeliverableNotifications(municipality: $m) { kind status address error } }`;

describe('late bounces', () => {
  it('sends each mail with its own envelope sender at the municipality’s bounce domain', () => {
    const envelopes = mail.messages().map((m) => m.envelopeFrom);
    expect(envelopes.length).toBeGreaterThan(3);
    for (const m of mail.messages()) {
      const subgraph = m.kind === 'PROFILE_PUBLISHED' || m.kind === 'PROFILE_REJECTED' ? 'facility' : 'reservation';
      const domain = m.from.includes(`<kita@${landkreis}.`) ? bounceDomains[landkreis] : bounceDomains[city];
      expect(m.envelopeFrom).toMatch(new RegExp(`^bounce\\+[0-9a-f]{24}@${subgraph}\\.${domain.replaceAll('.', '\\.')}$`));
    }
    expect(new Set(envelopes).size).toBe(envelopes.length);
  });

  it('marks a mail BOUNCED when its DSN arrives, shows it to the office, and sends that address nothing more', async () => {
    const family = familyInput('Ida', 'Krause', { wishedStart, ageMonths: 20 });
    family.guardians[0].email = bouncingAddress;
    const key = randomUUID();
    await ok(
      reservationMutations.saveDraft,
      { m: city, input: { ...family, applicationKey: key, choices: [{ facilityId: facilities.kreideberg, rank: 1 }] } },
      await token('parent-krause'),
    );
    await ok(reservationMutations.submit, { m: city, key, idem: randomUUID() }, await token('parent-krause'));
    await catchUp();
    const [received] = mailsTo(bouncingAddress);
    expect(received.kind).toBe('RESERVATION_RECEIVED');
    expect(await ok(undeliverable, { m: city }, await token('office-city'))).toEqual([]);

    // A forged token (right form, no such mail) and a token of another domain change nothing.
    await sendDsn(`bounce+${randomBytes(12).toString('hex')}@reservation.${bounceDomains[city]}`, bouncingAddress);
    await sendDsn(received.envelopeFrom.replace(`reservation.${bounceDomains[city]}`, `reservation.${bounceDomains[landkreis]}`), bouncingAddress);
    expect(await ok(undeliverable, { m: city }, await token('office-city'))).toEqual([]);

    // The receiving server gives up later: its DSN goes to the mail's envelope sender.
    await sendDsn(received.envelopeFrom, bouncingAddress, '5.1.1');
    // The catcher (this test's MX) shows each DSN it handed on.
    expect(mail.messages().filter((m) => m.kind === 'DSN')).toHaveLength(3);
    expect(await ok(undeliverable, { m: city }, await token('office-city'))).toEqual([
      { kind: 'RESERVATION_RECEIVED', status: 'BOUNCED', address: bouncingAddress, error: '5.1.1' },
    ]);
    // Only the office of the municipality sees it.
    const other = await call(undeliverable, { m: city }, await token('office-landkreis'));
    expect(other.body.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);

    // Another Vormerkung (Ida's brother) with the same address: its mail is not attempted; with a new address it is.
    const second = { ...familyInput('Paul', 'Krause', { wishedStart, ageMonths: 30 }), applicationKey: randomUUID() };
    second.guardians[0].email = bouncingAddress;
    await ok(
      reservationMutations.saveDraft,
      { m: city, input: { ...second, choices: [{ facilityId: facilities.amSande, rank: 1 }] } },
      await token('parent-krause'),
    );
    await ok(reservationMutations.submit, { m: city, key: second.applicationKey, idem: randomUUID() }, await token('parent-krause'));
    await catchUp();
    expect(mailsTo(bouncingAddress)).toHaveLength(1);
    expect(await ok(undeliverable, { m: city }, await token('office-city'))).toEqual([
      { kind: 'RESERVATION_RECEIVED', status: 'SKIPPED', address: bouncingAddress, error: 'ADDRESS_BOUNCED' },
      { kind: 'RESERVATION_RECEIVED', status: 'BOUNCED', address: bouncingAddress, error: '5.1.1' },
    ]);

    const changed = { ...familyInput('Lena', 'Krause', { wishedStart, ageMonths: 12 }), applicationKey: randomUUID() };
    changed.guardians[0].email = 'ida.krause.neu@example.org';
    await ok(
      reservationMutations.saveDraft,
      { m: city, input: { ...changed, choices: [{ facilityId: facilities.amSande, rank: 1 }] } },
      await token('parent-krause'),
    );
    await ok(reservationMutations.submit, { m: city, key: changed.applicationKey, idem: randomUUID() }, await token('parent-krause'));
    await catchUp();
    expect(mailsTo('ida.krause.neu@example.org').map((m) => m.kind)).toEqual(['RESERVATION_RECEIVED']);
    // The suppression list keeps a hash, never the address.
    const suppressed = await stack.instance(city, 'reservation').database.orm.em.fork().getConnection().execute(`select * from notification_suppression`);
    expect(suppressed).toHaveLength(1);
    expect(JSON.stringify(suppressed)).not.toContain('example.org');
  });

  it('shows the office a bounced mail of the facility subgraph, to the office of the municipality only', async () => {
    const facilityUndeliverable = `query($m: String!) { undeliverableFacilityNotifications(municipality: $m) { kind status address error } }`;
    const [published] = mailsTo(amSandeAddress).filter((m) => m.kind === 'PROFILE_PUBLISHED');
    expect(published.envelopeFrom).toMatch(`@facility.${bounceDomains[city]}`);
    // The same token at the reservation instance's domain is no mail of it: nothing changes there.
    await sendDsn(published.envelopeFrom.replace('@facility.', '@reservation.'), amSandeAddress, '5.2.2');
    expect(await ok(facilityUndeliverable, { m: city }, await token('office-city'))).toEqual([]);
    // A failure that is not permanent (4.x.x) marks the mail but does not stop further mail.
    await sendDsn(published.envelopeFrom, amSandeAddress, '4.2.2');
    expect(await ok(facilityUndeliverable, { m: city }, await token('office-city'))).toEqual([
      { kind: 'PROFILE_PUBLISHED', status: 'BOUNCED', address: amSandeAddress, error: '4.2.2' },
    ]);
    const suppressed = await stack.instance(city, 'facility').database.orm.em.fork().getConnection().execute(`select * from notification_suppression`);
    expect(suppressed).toEqual([]);
    for (const url of [() => stack.gateway.url, () => stack.instance(city, 'facility').url]) {
      const codes: Array<[string | undefined, string]> = [];
      for (const who of [undefined, 'parent-krause', 'provider-am-sande', 'office-landkreis', 'analyst-city']) {
        const answer = await gatewayClient(url).call(facilityUndeliverable, { m: city }, who ? await token(who) : undefined);
        codes.push([who, answer.body.errors?.map((error) => error.extensions?.code).join(',') ?? 'OK']);
      }
      expect(codes).toEqual([
        [undefined, 'UNAUTHENTICATED'],
        ['parent-krause', 'FORBIDDEN'],
        ['provider-am-sande', 'FORBIDDEN'],
        ['office-landkreis', 'FORBIDDEN'],
        ['analyst-city', 'FORBIDDEN'],
      ]);
    }
  });
});
