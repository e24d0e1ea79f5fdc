import { randomBytes } from 'node:crypto';
import { type Stack, startStack } from '@kita/dev';
import { FacilityEntity, FacilityKind, PublicationStatus } from '@kita/facility';
import type { SubgraphCall } from '@kita/gateway';
import { ReservationEntity, ReservationStatus } from '@kita/reservation';
import { dropDatabases, externalPostgres, formatId, listDatabases, silentLogger } from '@kita/shared';
import { postGraphQL, postgresUrl, testAuth, testVerifier, tokenFor } from '@kita/shared/testing';
import { HoursBand, VacancyEntity } from '@kita/vacancy';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const lueneburg = '03355022';
const prefix = `t${randomBytes(4).toString('hex')}`;
const calls: SubgraphCall[] = [];
let stack: Stack;
let kitaId: string;
let otherKitaId: string;
let reservationOfParentA: string;

const facilityRow = (name: string, index: number) =>
  Object.assign(new FacilityEntity(), {
    kind: FacilityKind.KINDERTAGESSTAETTE,
    name,
    carrier: 'AWO Lüneburg',
    street: `Stresemannstraße ${index}`,
    postalCode: '21337',
    city: 'Lüneburg',
    district: 'Kaltenmoor',
    latitude: 53.2384,
    longitude: 10.4328,
    ageFromMonths: 0,
    ageToMonths: 72,
    capacity: 40,
    openingHours: [],
    status: PublicationStatus.PUBLISHED,
  });

beforeAll(async () => {
  stack = await startStack({
    postgres: externalPostgres(postgresUrl()),
    databasePrefix: prefix,
    municipalities: [lueneburg],
    verifier: testVerifier,
    auth: testAuth,
    gatewayPort: 0,
    subgraphPort: 0,
    seed: false,
    development: true,
    logger: silentLogger,
    observe: (call) => calls.push(call),
  });
  const facilities = Array.from({ length: 60 }, (_, index) => facilityRow(`Kita ${String(index).padStart(2, '0')}`, index));
  await stack.instance(lueneburg, 'facility').database.orm.em.fork().insertMany(FacilityEntity, facilities);
  kitaId = formatId(lueneburg, facilities[0].id);
  otherKitaId = formatId(lueneburg, facilities[1].id);
  const vacancies: VacancyEntity[] = facilities.flatMap((facility, index) =>
    Array.from({ length: 1 + (index % 3) }, (_, n) =>
      Object.assign(new VacancyEntity(), {
        facilityId: facility.id,
        places: n + 1,
        ageFromMonths: 12,
        ageToMonths: 36,
        hoursBand: HoursBand.FULL_DAY,
        availableFrom: '2027-08-01',
        availableUntil: null,
      }),
    ),
  );
  // An expired vacancy must not count.
  vacancies.push(
    Object.assign(new VacancyEntity(), {
      facilityId: facilities[0].id,
      places: 9,
      ageFromMonths: 12,
      ageToMonths: 36,
      hoursBand: HoursBand.HALF_DAY,
      availableFrom: '2020-01-01',
      availableUntil: '2020-07-31',
    }),
  );
  await stack.instance(lueneburg, 'vacancy').database.orm.em.fork().insertMany(VacancyEntity, vacancies);
  const reservations = [
    { facilityId: facilities[0].id, parentSubject: 'parent-a', childBirthDate: '2025-03-14' },
    { facilityId: facilities[0].id, parentSubject: 'parent-b', childBirthDate: '2024-11-02' },
    { facilityId: facilities[1].id, parentSubject: 'parent-a', childBirthDate: '2025-03-14' },
  ].map((values) => Object.assign(new ReservationEntity(), { ...values, wishedStart: '2027-08-01', hoursPerWeek: 35, status: ReservationStatus.SUBMITTED }));
  await stack.instance(lueneburg, 'reservation').database.orm.em.fork().insertMany(ReservationEntity, reservations);
  reservationOfParentA = formatId(lueneburg, reservations[0].id);
  // Seeded Kitas have no provider yet: the office makes one the owner of each, and the reservation
  // subgraph learns it from the facility subgraph's events.
  const office = await tokenFor({ role: 'office', municipalities: [lueneburg] });
  for (const [id, subject] of [
    [kitaId, 'provider-kita-00'],
    [otherKitaId, 'provider-kita-01'],
  ]) {
    const { body } = await postGraphQL(
      stack.gateway.url,
      'mutation($id: ID!, $subject: String!) { addFacilityMember(facilityId: $id, subject: $subject, role: OWNER) { id } }',
      { id, subject },
      office,
    );
    expect(body.errors).toBeUndefined();
  }
  await stack.instance(lueneburg, 'reservation').background!.catchUp!();
});

afterAll(async () => {
  await stack?.stop();
  await dropDatabases(postgresUrl(), await listDatabases(postgresUrl(), prefix));
});

beforeEach(() => {
  calls.length = 0;
});

const gateway = (query: string, variables: Record<string, unknown> = {}, token?: string) => postGraphQL(stack.gateway.url, query, variables, token);
const calledSubgraphs = () => calls.map((call) => call.subgraph).sort();

const facilityWithEverything = `query($id: ID!) {
  facility(id: $id) {
    name
    freePlaces
    vacancies { places availableFrom availableUntil hoursBand }
    reservations { id childBirthDate wishedStart hoursPerWeek status }
  }
}`;

describe('the gateway over real subgraphs and PostgreSQL', () => {
  it('returns a facility with its vacancies and, for the office, its reservations', async () => {
    const token = await tokenFor({ role: 'office', municipalities: [lueneburg] });
    const { body } = await gateway(facilityWithEverything, { id: kitaId }, token);
    expect(body.errors).toBeUndefined();
    expect(body.data.facility.name).toBe('Kita 00');
    expect(body.data.facility.freePlaces).toBe(1);
    expect(body.data.facility.vacancies).toEqual([{ places: 1, availableFrom: '2027-08-01', availableUntil: null, hoursBand: 'FULL_DAY' }]);
    expect(body.data.facility.reservations.map((r: any) => r.childBirthDate).sort()).toEqual(['2024-11-02', '2025-03-14']);
    expect(calledSubgraphs()).toEqual(['facility', 'reservation', 'vacancy']);
    // The gateway forwards the caller's token: each subgraph verifies it again.
    expect(calls.every((call) => call.url.startsWith('http://127.0.0.1:'))).toBe(true);
  });

  it('refuses reservation data without a token but still answers the public part', async () => {
    const { body } = await gateway(facilityWithEverything, { id: kitaId });
    expect(body.data.facility.name).toBe('Kita 00');
    expect(body.data.facility.vacancies).toHaveLength(1);
    expect(body.data.facility.reservations).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(body.errors![0].path).toEqual(['facility', 'reservations']);
    expect(Object.keys(body.errors![0].extensions ?? {}).sort()).toEqual(['code', 'municipality', 'serviceName']);
    expect(JSON.stringify(body)).not.toContain('2025-03-14');
  });

  it('rejects a forged token at the gateway before any subgraph is called', async () => {
    const { status, body } = await gateway(facilityWithEverything, { id: kitaId }, 'eyJhbGciOiJIUzI1NiJ9.e30.forged');
    expect(status).toBe(401);
    expect(body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(calls).toHaveLength(0);
  });

  it('costs a constant number of SQL statements per subgraph for a page of 50 facilities with vacancies', async () => {
    const page = `query($first: Int) { facilities(first: $first) { edges { node { id name freePlaces vacancies { places } } } } }`;
    const facility = stack.instance(lueneburg, 'facility').database.statements;
    const vacancy = stack.instance(lueneburg, 'vacancy').database.statements;
    const measure = async (first: number) => {
      facility.reset();
      vacancy.reset();
      const { body } = await gateway(page, { first });
      expect(body.errors).toBeUndefined();
      expect(body.data.facilities.edges).toHaveLength(first);
      return { facility: facility.count, vacancy: vacancy.count };
    };
    const fifty = await measure(50);
    const five = await measure(5);
    expect(fifty).toEqual(five);
    expect(fifty.facility).toBe(1); // the page (no totalCount asked, so no count statement)
    expect(fifty.vacancy).toBe(1); // one batched select for all 50 facilities
    const freePlaces = calls.filter((call) => call.subgraph === 'vacancy');
    expect(freePlaces).toHaveLength(2); // one _entities fetch per query, not one per facility
    expect(freePlaces[0].variables?.representations as unknown[]).toHaveLength(50);
  });
});

const reservationById = `query($id: ID!) { reservation(id: $id) { id childBirthDate facility { id name } } }`;
const facilityReservations = `query($id: ID!) { facility(id: $id) { reservations { childBirthDate } } }`;

// Every role against every field that holds personal data (the child's birth date), both
// through the facility and by reservation ID.
describe('who sees reservations (personal data)', () => {
  const viewers = {
    anonymous: async () => undefined,
    parentOwner: () => tokenFor({ role: 'parent', subject: 'parent-a' }),
    otherParent: () => tokenFor({ role: 'parent', subject: 'parent-c' }),
    providerOfFacility: () => tokenFor({ role: 'provider', subject: 'provider-kita-00' }),
    providerOfOtherFacility: () => tokenFor({ role: 'provider', subject: 'provider-kita-01' }),
    office: () => tokenFor({ role: 'office', municipalities: [lueneburg] }),
    officeOfLandkreis: () => tokenFor({ role: 'office', municipalities: ['03355'] }),
    analyst: () => tokenFor({ role: 'analyst', municipalities: [lueneburg] }),
  };
  const expectations: Record<keyof typeof viewers, { byFacility: string; byId: string }> = {
    anonymous: { byFacility: 'UNAUTHENTICATED', byId: 'UNAUTHENTICATED' },
    parentOwner: { byFacility: 'FORBIDDEN', byId: 'visible' },
    otherParent: { byFacility: 'FORBIDDEN', byId: 'null' },
    providerOfFacility: { byFacility: 'visible', byId: 'visible' },
    providerOfOtherFacility: { byFacility: 'FORBIDDEN', byId: 'null' },
    office: { byFacility: 'visible', byId: 'visible' },
    officeOfLandkreis: { byFacility: 'FORBIDDEN', byId: 'null' },
    analyst: { byFacility: 'FORBIDDEN', byId: 'FORBIDDEN' },
  };

  for (const [viewer, expected] of Object.entries(expectations) as Array<[keyof typeof viewers, { byFacility: string; byId: string }]>) {
    it(`${viewer}: facility reservations ${expected.byFacility}, reservation by ID ${expected.byId}`, async () => {
      const token = await viewers[viewer]();
      const byFacility = await gateway(facilityReservations, { id: kitaId }, token);
      if (expected.byFacility === 'visible') {
        expect(byFacility.body.errors).toBeUndefined();
        expect(byFacility.body.data.facility.reservations).toHaveLength(2);
      } else {
        expect(byFacility.body.data.facility.reservations).toBeNull();
        expect(byFacility.body.errors?.[0].extensions?.code).toBe(expected.byFacility);
        expect(JSON.stringify(byFacility.body)).not.toMatch(/2025-03-14|2024-11-02/);
      }
      const byId = await gateway(reservationById, { id: reservationOfParentA }, token);
      if (expected.byId === 'visible') {
        expect(byId.body.errors).toBeUndefined();
        expect(byId.body.data.reservation).toMatchObject({ childBirthDate: '2025-03-14', facility: { id: kitaId, name: 'Kita 00' } });
      } else {
        expect(byId.body.data?.reservation ?? null).toBeNull();
        if (expected.byId !== 'null') expect(byId.body.errors?.[0].extensions?.code).toBe(expected.byId);
        expect(JSON.stringify(byId.body)).not.toContain('2025-03-14');
      }
    });
  }

  it("a parent's own reservations list holds only that parent's reservations", async () => {
    const { body } = await gateway('{ myReservations { id facility { name } } }', {}, await tokenFor({ role: 'parent', subject: 'parent-a' }));
    expect(body.errors).toBeUndefined();
    expect(body.data.myReservations.map((r: any) => r.facility.name).sort()).toEqual(['Kita 00', 'Kita 01']);
  });

  it('refuses reservations resolved as entities directly at the subgraph, bypassing the gateway', async () => {
    const query = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Reservation { childBirthDate } } }';
    const representations = [{ __typename: 'Reservation', id: reservationOfParentA }];
    const url = stack.instance(lueneburg, 'reservation').url;
    const anonymous = await postGraphQL(url, query, { r: representations });
    expect(anonymous.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(anonymous.body)).not.toContain('2025-03-14');
    const analyst = await postGraphQL(url, query, { r: representations }, await tokenFor({ role: 'analyst', municipalities: [lueneburg] }));
    expect(analyst.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('hostile queries', () => {
  it('refuses a deeply nested query before any subgraph is called', async () => {
    calls.length = 0;
    const deep = `{ facilities(first: 1) { edges { node { ${'groups { ageRange { fromMonths } } '.repeat(1)} vacancies { facility { vacancies { facility { vacancies { facility { vacancies { facility { vacancies { places } } } } } } } } } } } } }`;
    const { status, body } = await gateway(deep);
    expect(status).toBe(400);
    expect(body.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(body.errors?.[0].message).toMatch(/levels deep \(at most 12\)/);
    expect(calls).toHaveLength(0);
  });
});
