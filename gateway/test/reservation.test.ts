import { randomUUID } from 'node:crypto';
import { FacilityEntity } from '@kita/facility';
import type { SubgraphCall } from '@kita/gateway';
import { FacilityFactEntity, ReservationPartEntity } from '@kita/reservation';
import { tokenFor } from '@kita/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  city,
  familyInput,
  gatewayClient,
  kitaProfile,
  landkreis,
  publishFacility,
  shiftDays,
  shiftMonths,
  startTestStack,
  type TestStack,
  tagespflegeProfile,
} from './support.js';

// A family's reservation across Hansestadt Lüneburg (03355022) and Landkreis Lüneburg (03355),
// through the real gateway: facilities registered and published by their providers and offices,
// their facts reaching the reservation subgraphs as events, one reservation in two parts, and
// every role against every field that holds personal data.
const calls: SubgraphCall[] = [];
let stack: TestStack;
const { call: gateway, ok } = gatewayClient(() => stack.gateway.url);

const officeCity = () => tokenFor({ role: 'office', subject: 'office-city', municipalities: [city] });
const officeLandkreis = () => tokenFor({ role: 'office', subject: 'office-landkreis', municipalities: [landkreis] });
const providerCity = () => tokenFor({ role: 'provider', subject: 'provider-city' });
const providerLandkreis = () => tokenFor({ role: 'provider', subject: 'provider-landkreis' });

const published = async (municipality: string, input: object, provider: string, office: string) =>
  publishFacility(ok, municipality, input, { provider, office });

const facilities: Record<'a' | 'b' | 'c' | 'unchosen' | 'tagespflege', string> = {} as never;
const applicationKey = randomUUID();
const wishedStart = shiftMonths(4);
const birthDate = shiftMonths(-24, wishedStart); // familyInput's child: 24 months at the wished start
const family = familyInput('Mila', 'Schröder', { wishedStart });
const parentToken = () => tokenFor({ role: 'parent', subject: 'parent-schroeder' });
let cityChoiceA: string;

const saveDraft = `mutation($m: String!, $input: ReservationDraftInput!) { saveReservationDraft(municipality: $m, input: $input) { id applicationKey choices { id rank status } } }`;
const submit = `mutation($m: String!, $key: ID!, $idem: String!) { submitReservation(municipality: $m, applicationKey: $key, idempotencyKey: $idem) { id submittedAt choices { id rank status } } }`;

beforeAll(async () => {
  stack = await startTestStack({ municipalities: [city, landkreis], observe: (call) => calls.push(call) });
  facilities.a = await published(city, kitaProfile('Kita Am Sande'), await providerCity(), await officeCity());
  facilities.b = await published(city, kitaProfile('Kita Bockelsberg'), await providerCity(), await officeCity());
  facilities.c = await published(city, kitaProfile('Kita Kreideberg'), await providerCity(), await officeCity());
  facilities.unchosen = await published(city, kitaProfile('Kita Oedeme'), await providerCity(), await officeCity());
  facilities.tagespflege = await published(landkreis, tagespflegeProfile, await providerLandkreis(), await officeLandkreis());
  // The carrier, owner of the four city Kitas, lets each Kita's leader act for that Kita alone.
  for (const [id, subject] of [
    [facilities.a, 'leader-am-sande'],
    [facilities.b, 'leader-bockelsberg'],
    [facilities.unchosen, 'leader-oedeme'],
  ]) {
    await ok('mutation($id: ID!, $subject: String!) { addFacilityMember(facilityId: $id, subject: $subject) { id } }', { id, subject }, await providerCity());
  }
  // The reservation subgraphs learn of the facilities and their members from the facility subgraphs' outboxes.
  for (const municipality of [city, landkreis]) await stack.instance(municipality, 'reservation').background!.catchUp!();
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

describe('a reservation across two municipalities', () => {
  it('takes the facility facts from the facility subgraphs as events', async () => {
    const facts = await stack.instance(city, 'reservation').database.orm.em.fork().find(FacilityFactEntity, {});
    expect(facts).toHaveLength(4);
    expect(facts.every((fact) => fact.status === 'PUBLISHED' && fact.boundToResidence && fact.district === 'Kaltenmoor')).toBe(true);
    const landkreisFacts = await stack.instance(landkreis, 'reservation').database.orm.em.fork().find(FacilityFactEntity, {});
    expect(landkreisFacts.map(({ kind, boundToResidence, district }) => ({ kind, boundToResidence, district }))).toEqual([
      { kind: 'KINDERTAGESPFLEGE', boundToResidence: false, district: 'Adendorf' },
    ]);
  });

  it('is saved and submitted as one part per municipality under one applicationKey, each mutation sent to one instance', async () => {
    const parent = await parentToken();
    calls.length = 0;
    const cityPart = await ok(
      saveDraft,
      {
        m: city,
        input: {
          ...family,
          applicationKey,
          choices: [
            { facilityId: facilities.a, rank: 1 },
            { facilityId: facilities.b, rank: 3 },
            { facilityId: facilities.c, rank: 4 },
          ],
          // Siblings attend Kita Am Sande, which the family chose, and Kita Oedeme, which it did not.
          siblingFacilityIds: [facilities.a, facilities.unchosen],
        },
      },
      parent,
    );
    const landkreisPart = await ok(
      saveDraft,
      { m: landkreis, input: { ...family, applicationKey, choices: [{ facilityId: facilities.tagespflege, rank: 2 }] } },
      parent,
    );
    expect(calls.map((call) => `${call.subgraph}@${call.municipality}`)).toEqual([`reservation@${city}`, `reservation@${landkreis}`]);
    expect(cityPart.applicationKey).toBe(applicationKey);
    expect(landkreisPart.applicationKey).toBe(applicationKey);
    cityChoiceA = cityPart.choices[0].id;

    // A city family may take the Landkreis's Tagespflege: it is not bound to residence.
    const idem = randomUUID();
    for (const [municipality, key] of [
      [city, idem],
      [landkreis, randomUUID()],
    ]) {
      const part = await ok(submit, { m: municipality, key: applicationKey, idem: key }, parent);
      expect(part.choices.every((choice: any) => choice.status === 'SUBMITTED')).toBe(true);
    }
    // A retry of the city's submission returns the same part and creates nothing.
    const retried = await ok(submit, { m: city, key: applicationKey, idem }, parent);
    expect(retried.id).toBe(cityPart.id);
    expect(await stack.instance(city, 'reservation').database.orm.em.fork().count(ReservationPartEntity, {})).toBe(1);
  });

  it('is one reservation with one status view for the parent: both parts, ranked choices, facility names from the catalogue', async () => {
    const office = await officeCity();
    await ok('mutation($id: ID!) { startReview(id: $id) { id } }', { id: cityChoiceA }, office);
    await ok(
      'mutation($id: ID!, $deadline: LocalDate!) { makeOffer(id: $id, deadline: $deadline) { id } }',
      { id: cityChoiceA, deadline: shiftDays(14) },
      office,
    );

    const parts = await ok(
      `{ myReservationParts { municipality applicationKey legalClaim { kind description } child { firstName }
          choices { rank status offerDeadline facility { id name } history { toStatus actorRole actorSubject description } } } }`,
      {},
      await parentToken(),
    );
    expect(parts.map((part: any) => [part.municipality, part.applicationKey])).toEqual([
      [city, applicationKey],
      [landkreis, applicationKey],
    ]);
    const view = parts.flatMap((part: any) => part.choices).sort((x: any, y: any) => x.rank - y.rank);
    expect(view.map((choice: any) => [choice.rank, choice.facility.name, choice.status])).toEqual([
      [1, 'Kita Am Sande', 'OFFERED'],
      [2, 'Kindertagespflege Krümelkiste', 'SUBMITTED'],
      [3, 'Kita Bockelsberg', 'SUBMITTED'],
      [4, 'Kita Kreideberg', 'SUBMITTED'],
    ]);
    expect(view[0].offerDeadline).toBe(shiftDays(14));
    expect(view[0].history.map((step: any) => step.description).at(-1)).toBe(
      `A place is offered. It must be accepted by ${shiftDays(14)}, or the offer lapses.`,
    );
    expect(view[0].history.map((step: any) => [step.toStatus, step.actorRole, step.actorSubject])).toEqual([
      ['DRAFT', 'PARENT', null],
      ['SUBMITTED', 'PARENT', null],
      ['IN_REVIEW', 'OFFICE', null],
      ['OFFERED', 'OFFICE', null],
    ]);
    expect(parts[0].legalClaim).toEqual({
      kind: 'ONE_TO_THREE',
      description: 'Legal claim at the wished start (§24 SGB VIII): a place in a Kita or in Kindertagespflege.',
    });

    const choices = await ok('{ myReservations { id applicationKey rank status } }', {}, await parentToken());
    expect(choices).toHaveLength(4);
    expect(new Set(choices.map((choice: any) => choice.applicationKey))).toEqual(new Set([applicationKey]));
  });

  it('recognises the same child in both municipalities by its pseudonym, shown to offices only', async () => {
    const both = await tokenFor({ role: 'office', subject: 'office-both', municipalities: [city, landkreis] });
    const queue = `query($m: String!) { reservationQueue(municipality: $m) { edges { node { part { childPseudonym } } } } }`;
    const pseudonyms = await Promise.all(
      [city, landkreis].map(async (m) => (await ok(queue, { m }, both)).edges.map((edge: any) => edge.node.part.childPseudonym)),
    );
    expect(new Set(pseudonyms.flat()).size).toBe(1);
    expect(pseudonyms.flat()[0]).toMatch(/^[0-9a-f]{64}$/);
  });

  it('counts the child once in demand statistics across both municipalities, where its first choice is', async () => {
    const statistics = `query($municipalities: [String!]) { demandStatistics(municipalities: $municipalities) { municipality district ageGroup children waiting placed openChoices } }`;
    const analyst = await tokenFor({ role: 'analyst', subject: 'analyst-region', municipalities: [city, landkreis] });
    // Rank 1 is in the city, rank 2 in the Landkreis: the child counts in Kaltenmoor only.
    expect(await ok(statistics, {}, analyst)).toEqual([
      { municipality: landkreis, district: 'Adendorf', ageGroup: 'KRIPPE', children: 0, waiting: 0, placed: 0, openChoices: 1 },
      { municipality: city, district: 'Kaltenmoor', ageGroup: 'KRIPPE', children: 1, waiting: 1, placed: 0, openChoices: 3 },
    ]);
    // Asked of the Landkreis alone, the child counts there: it has no better choice in view.
    const landkreisOnly = await tokenFor({ role: 'analyst', subject: 'analyst-landkreis', municipalities: [landkreis] });
    expect(await ok(statistics, {}, landkreisOnly)).toEqual([
      { municipality: landkreis, district: 'Adendorf', ageGroup: 'KRIPPE', children: 1, waiting: 1, placed: 0, openChoices: 1 },
    ]);
    const { body } = await gateway(statistics, {});
    expect(body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('sends the claims behind the count to the instances with one fresh salt per request, and never to the client', async () => {
    const analyst = await tokenFor({ role: 'analyst', subject: 'analyst-region', municipalities: [city, landkreis] });
    const statistics = '{ demandStatistics { children } }';
    calls.length = 0;
    const first = await gateway(statistics, {}, analyst);
    const salts = calls.filter((call) => call.subgraph === 'reservation').map((call) => call.variables?.__kita_salt);
    calls.length = 0;
    await gateway(statistics, {}, analyst);
    const nextSalt = calls.find((call) => call.subgraph === 'reservation')?.variables?.__kita_salt;

    expect(salts).toHaveLength(2);
    expect(new Set(salts).size).toBe(1);
    expect(nextSalt).not.toBe(salts[0]);
    expect(JSON.stringify(first.body)).not.toMatch(/claim|token|salt/i);
    const direct = await gateway(`{ demandStatistics { childClaims(salt: "0123456789abcdef") { token } } }`, {}, analyst);
    expect(direct.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

// Every role against every field that holds personal data, through the gateway, for the family's
// choice of Kita Am Sande in the city.
describe('who sees which personal data', () => {
  const personal = `query($id: ID!) { reservation(id: $id) {
    childBirthDate
    part { child { firstName lastName birthDate } childPseudonym siblingFacilities { id }
      guardians { firstName lastName email phone address { street postalCode city residenceMunicipality } } }
    history { actorSubject }
  } }`;
  type Visibility = 'all' | 'processing' | 'own' | 'null' | 'UNAUTHENTICATED' | 'FORBIDDEN';
  const viewers: Record<string, { token: () => Promise<string | undefined>; sees: Visibility }> = {
    anonymous: { token: async () => undefined, sees: 'UNAUTHENTICATED' },
    parentOwner: { token: parentToken, sees: 'own' },
    otherParent: { token: () => tokenFor({ role: 'parent', subject: 'parent-other' }), sees: 'null' },
    providerOfFacility: { token: () => tokenFor({ role: 'provider', subject: 'leader-am-sande' }), sees: 'processing' },
    providerOfOtherFacility: { token: () => tokenFor({ role: 'provider', subject: 'leader-oedeme' }), sees: 'null' },
    office: { token: officeCity, sees: 'all' },
    officeOfOtherMunicipality: { token: officeLandkreis, sees: 'null' },
    analyst: { token: () => tokenFor({ role: 'analyst', subject: 'analyst-region', municipalities: [city, landkreis] }), sees: 'FORBIDDEN' },
  };
  const clear = ['Mila', 'Schröder', 'Katarzyna', 'k.schroeder@example.org', '04131 123456', 'Bockelmannstraße', birthDate];

  for (const [name, viewer] of Object.entries(viewers)) {
    it(`${name}: ${viewer.sees}`, async () => {
      const { body } = await gateway(personal, { id: cityChoiceA }, await viewer.token());
      const reservation = (body.data as any)?.reservation ?? null;
      if (viewer.sees === 'UNAUTHENTICATED' || viewer.sees === 'FORBIDDEN' || viewer.sees === 'null') {
        expect(reservation).toBeNull();
        if (viewer.sees === 'null') expect(body.errors).toBeUndefined();
        else expect(body.errors?.[0].extensions?.code).toBe(viewer.sees);
        for (const value of [...clear, facilities.unchosen]) expect(JSON.stringify(body)).not.toContain(value);
        return;
      }
      expect(body.errors).toBeUndefined();
      const [guardian] = reservation.part.guardians;
      // Child's names and birth date, guardians' names and contact: everyone who may see the choice.
      expect(reservation.childBirthDate).toBe(birthDate);
      expect(reservation.part.child).toEqual(family.child);
      expect(guardian).toMatchObject({ firstName: 'Katarzyna', lastName: 'Schröder', email: 'k.schroeder@example.org', phone: '04131 123456' });
      // The address: the family and the office, not the provider.
      expect(guardian.address).toEqual(viewer.sees === 'processing' ? null : family.guardians[0].address);
      // Where siblings are: the family and the office all of it, a provider only its own facility.
      expect(reservation.part.siblingFacilities).toEqual(
        viewer.sees === 'processing' ? [{ id: facilities.a }] : [{ id: facilities.a }, { id: facilities.unchosen }],
      );
      // The pseudonym and who took each step: the office only.
      if (viewer.sees === 'all') {
        expect(reservation.part.childPseudonym).toMatch(/^[0-9a-f]{64}$/);
        expect(reservation.history.map((step: any) => step.actorSubject)).toEqual(['parent-schroeder', 'parent-schroeder', 'office-city', 'office-city']);
      } else {
        expect(reservation.part.childPseudonym).toBeNull();
        expect(reservation.history.every((step: any) => step.actorSubject === null)).toBe(true);
      }
    });
  }

  it("lists a parent's reservations only to that parent, and refuses analysts and the public", async () => {
    const query = '{ myReservationParts { child { firstName } guardians { email } } myReservations { childBirthDate } }';
    expect((await gateway(query, {}, await tokenFor({ role: 'parent', subject: 'parent-other' }))).body.data).toEqual({
      myReservationParts: [],
      myReservations: [],
    });
    for (const viewer of ['providerOfFacility', 'office'] as const) {
      expect((await gateway(query, {}, await viewers[viewer].token())).body.data).toEqual({ myReservationParts: [], myReservations: [] });
    }
    for (const [viewer, code] of [
      ['anonymous', 'UNAUTHENTICATED'],
      ['analyst', 'FORBIDDEN'],
    ] as const) {
      const { body } = await gateway(query, {}, await viewers[viewer].token());
      expect(body.errors?.map((error) => error.extensions?.code)).toContain(code);
      for (const value of clear) expect(JSON.stringify(body)).not.toContain(value);
    }
  });

  it("shows a provider of another chosen facility only that facility's choice of the family, and no sibling elsewhere", async () => {
    const token = await tokenFor({ role: 'provider', subject: 'leader-bockelsberg' });
    const queue = await ok(
      `query($m: String!) { reservationQueue(municipality: $m) { edges { node { rank facility { id } part { child { firstName } siblingFacilities { id } choices { facility { id } } } } } } }`,
      { m: city },
      token,
    );
    expect(queue.edges).toEqual([
      {
        node: {
          rank: 3,
          facility: { id: facilities.b },
          part: { child: { firstName: 'Mila' }, siblingFacilities: [], choices: [{ facility: { id: facilities.b } }] },
        },
      },
    ]);
  });

  it('gives the office of the other municipality its own part of the family, and nothing of the city', async () => {
    const queue = (m: string) =>
      gateway(
        `query($m: String!) { reservationQueue(municipality: $m) { edges { node { facility { id } part { child { firstName } } } } } }`,
        { m },
        undefined,
      );
    const own = await ok(
      `query($m: String!) { reservationQueue(municipality: $m) { edges { node { facility { id } part { child { firstName } } } } } }`,
      { m: landkreis },
      await officeLandkreis(),
    );
    expect(own.edges).toEqual([{ node: { facility: { id: facilities.tagespflege }, part: { child: { firstName: 'Mila' } } } }]);
    const { body } = await gateway(`query($m: String!) { reservationQueue(municipality: $m) { totalCount } }`, { m: city }, await officeLandkreis());
    expect(body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await queue(city)).body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('a draft that GraphQL itself rejects', () => {
  it('is refused with BAD_USER_INPUT naming where it is wrong, without echoing the family', async () => {
    const input = { ...family, applicationKey: randomUUID(), choices: [], guardians: [{ ...family.guardians[0], nickname: 'Kasia' }] };
    const { body } = await gateway(saveDraft, { m: city, input }, await parentToken());

    expect(body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0].message).toContain('at "input.guardians[0]"; Field "nickname" is not defined by type "GuardianInput"');
    for (const value of ['Mila', 'Schröder', 'Katarzyna', 'k.schroeder@example.org', 'Bockelmannstraße', 'Kasia'])
      expect(JSON.stringify(body)).not.toContain(value);
  });
});

// The demo data: every seeded reservation belongs to a part with a child and a guardian, and a
// demo parent's child has the same pseudonym in every municipality it reserves in.
describe('the demo seeding', () => {
  let demo: TestStack;

  beforeAll(async () => {
    demo = await startTestStack({ municipalities: [city, landkreis], seed: true, facilitiesPerMunicipality: 40 });
  }, 120_000);

  afterAll(async () => {
    await demo?.close();
  });

  it('gives every demo reservation a child, a guardian and a pseudonym that is the same across municipalities', async () => {
    const byParent = new Map<string, Set<string>>();
    for (const municipality of [city, landkreis]) {
      const em = demo.instance(municipality, 'reservation').database.orm.em.fork();
      const parts = await em.find(ReservationPartEntity, {});
      expect(parts.length).toBeGreaterThan(0);
      for (const part of parts) {
        expect(part.childFirstName).toBeTruthy();
        expect(part.guardians).toHaveLength(1);
        byParent.set(part.parentSubject, new Set([...(byParent.get(part.parentSubject) ?? []), part.childPseudonym]));
      }
      const [{ orphans }] = await em.execute('select count(*)::int as orphans from reservation where part_id is null');
      expect(orphans).toBe(0);
      // The seeded facilities reach the reservation subgraph as events, like any other.
      await demo.instance(municipality, 'reservation').background!.catchUp!();
      const facilityCount = await demo.instance(municipality, 'facility').database.orm.em.fork().count(FacilityEntity, {});
      expect(await em.count(FacilityFactEntity, {})).toBe(facilityCount);
    }
    expect([...byParent.values()].every((pseudonyms) => pseudonyms.size === 1)).toBe(true);
    expect([...byParent.values()].some(Boolean)).toBe(true);
  });

  it("lets each demo provider login manage its own facilities: their free places and their Vormerkungen, nobody else's", async () => {
    const client = gatewayClient(() => demo.gateway.url);
    for (const [municipality, subject, kinds] of [
      [city, 'demo-provider-03355022', ['KINDERTAGESSTAETTE']],
      [landkreis, 'demo-provider-03355', ['KINDERTAGESPFLEGE', 'GROSSTAGESPFLEGE']],
    ] as const) {
      await demo.instance(municipality, 'vacancy').background!.catchUp!();
      await demo.instance(municipality, 'reservation').background!.catchUp!();
      const token = await tokenFor({ role: 'provider', subject });

      const mine: Array<{ id: string; kind: string }> = await client.ok('{ myFacilities { id kind } }', {}, token);
      expect(mine).toHaveLength(3);
      expect(mine.every((facility) => facility.id.startsWith(`${municipality}:`) && (kinds as readonly string[]).includes(facility.kind))).toBe(true);

      const place = { places: 1, ageRange: { fromMonths: 0, toMonths: 36 }, hoursBand: 'FULL_DAY', availableFrom: shiftDays(30) };
      await client.ok(
        'mutation($id: ID!, $input: VacancyInput!) { addVacancy(facilityId: $id, input: $input) { id } }',
        { id: mine[0].id, input: place },
        token,
      );
      // The provider's queue holds exactly what the office's holds for these facilities.
      const office = await tokenFor({ role: 'office', subject: 'demo-office', municipalities: [municipality] });
      const queued = async (viewer: string, facilityId?: string): Promise<number> =>
        (
          await client.ok(
            'query($m: String!, $f: ID) { reservationQueue(municipality: $m, facilityId: $f) { totalCount } }',
            { m: municipality, f: facilityId },
            viewer,
          )
        ).totalCount;
      let ownQueue = 0;
      for (const facility of mine) ownQueue += await queued(office, facility.id);
      expect(await queued(token)).toBe(ownQueue);
      expect(await queued(office)).toBeGreaterThan(ownQueue);
    }
  });
});
