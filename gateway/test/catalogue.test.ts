import { randomBytes } from 'node:crypto';
import { type Stack, startStack, subgraphNames } from '@kita/dev';
import { FacilityEntity, facilityModule, PublicationStatus } from '@kita/facility';
import type { SubgraphCall } from '@kita/gateway';
import { parseRegistry } from '@kita/registry';
import { dropDatabases, externalPostgres, listDatabases, type SubgraphServer, silentLogger, startSubgraphInstance, today } from '@kita/shared';
import { postGraphQL, postgresUrl, testAuth, testVerifier, tokenFor } from '@kita/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The catalogue as parents, providers and offices use it, through the real gateway over the
// demo data of Hansestadt Lüneburg (03355022) and Landkreis Lüneburg (03355).
const city = '03355022';
const landkreis = '03355';
const kaltenmoor = { latitude: 53.2384, longitude: 10.4328 };
const prefix = `t${randomBytes(4).toString('hex')}`;
const calls: SubgraphCall[] = [];
let stack: Stack;
const restarted: SubgraphServer[] = [];

const nextAugustFirst = () => {
  const day = today();
  const year = Number(day.slice(0, 4)) + (day.slice(5) >= '08-01' ? 1 : 0);
  return `${year}-08-01`;
};

const facilityOf = (municipality: string) => restarted.find((instance) => instance.municipality === municipality) ?? stack.instance(municipality, 'facility');
const catchUp = async () => {
  for (const municipality of [city, landkreis]) await facilityOf(municipality).background?.catchUp?.();
};

beforeAll(async () => {
  stack = await startStack({
    postgres: externalPostgres(postgresUrl()),
    databasePrefix: prefix,
    municipalities: [city, landkreis],
    verifier: testVerifier,
    auth: testAuth,
    gatewayPort: 0,
    subgraphPort: 0,
    seed: true,
    tenancy: { timeoutMs: 3000 },
    development: true,
    logger: silentLogger,
    observe: (call) => calls.push(call),
  });
  await catchUp();
});

afterAll(async () => {
  for (const instance of restarted) await instance.close();
  await stack?.stop();
  await dropDatabases(postgresUrl(), await listDatabases(postgresUrl(), prefix));
});

const gateway = (query: string, variables: Record<string, unknown> = {}, token?: string) => postGraphQL(stack.gateway.url, query, variables, token);

const everything = `query All($municipalities: [String!], $after: String) {
  facilities(municipalities: $municipalities, first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { id name kind municipality boundToResidence location { latitude longitude } ageRange { fromMonths toMonths }
      vacancies { places ageRange { fromMonths toMonths } hoursBand availableFrom availableUntil } } }
  }
}`;

async function allFacilities(municipalities = [city, landkreis]): Promise<any[]> {
  const nodes: any[] = [];
  let after: string | null = null;
  do {
    const { body }: any = await gateway(everything, { municipalities, after });
    expect(body.errors).toBeUndefined();
    nodes.push(...body.data.facilities.edges.map((edge: any) => edge.node));
    after = body.data.facilities.pageInfo.hasNextPage ? body.data.facilities.pageInfo.endCursor : null;
  } while (after);
  return nodes;
}

function kilometres(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const radians = (degrees: number) => (degrees * Math.PI) / 180;
  const h =
    Math.sin(radians(b.latitude - a.latitude) / 2) ** 2 +
    Math.cos(radians(a.latitude)) * Math.cos(radians(b.latitude)) * Math.sin(radians(b.longitude - a.longitude) / 2) ** 2;
  return 6371.0088 * 2 * Math.asin(Math.sqrt(h));
}

const search = `query Search($municipalities: [String!], $filter: FacilityFilter, $near: GeoPointInput, $orderBy: FacilityOrder, $first: Int) {
  facilities(municipalities: $municipalities, filter: $filter, near: $near, orderBy: $orderBy, first: $first) {
    totalCount
    edges { distanceKm node { id name kind municipality boundToResidence } }
  }
}`;

describe('a parent searching across Hansestadt and Landkreis Lüneburg', () => {
  it('finds Krippe places in Kaltenmoor free from 1 August for 30 hours within 3 km, nearest first', async () => {
    const wishedStart = nextAugustFirst();
    const childBirthDate = `${Number(wishedStart.slice(0, 4)) - 2}-11-15`; // 20 months old at the start
    const { body } = await gateway(search, {
      municipalities: [city, landkreis],
      near: kaltenmoor,
      orderBy: 'DISTANCE',
      first: 50,
      filter: { kinds: ['KINDERTAGESSTAETTE'], childBirthDate, wishedStart, hoursPerWeek: 30, onlyWithFreePlaces: true, radiusKm: 3, residence: city },
    });
    expect(body.errors).toBeUndefined();

    // The oracle, from every facility with its vacancies as the gateway shows them unfiltered.
    const age = 20;
    const expected = (await allFacilities())
      .filter((facility) => facility.kind === 'KINDERTAGESSTAETTE' && (facility.municipality === city || !facility.boundToResidence))
      .filter((facility) => facility.ageRange.fromMonths <= age && facility.ageRange.toMonths > age)
      .filter((facility) =>
        facility.vacancies.some(
          (vacancy: any) =>
            vacancy.places > 0 &&
            vacancy.availableFrom <= wishedStart &&
            (vacancy.availableUntil === null || vacancy.availableUntil >= wishedStart) &&
            vacancy.ageRange.fromMonths <= age &&
            vacancy.ageRange.toMonths > age &&
            ['THREE_QUARTER', 'FULL_DAY'].includes(vacancy.hoursBand),
        ),
      )
      .map((facility) => ({ id: facility.id, km: kilometres(kaltenmoor, facility.location) }))
      .filter((facility) => facility.km <= 3)
      .sort((a, b) => a.km - b.km);
    expect(expected.length).toBeGreaterThan(0);
    expect(body.data.facilities.edges.map((edge: any) => edge.node.id)).toEqual(expected.map((facility) => facility.id));
    const distances = body.data.facilities.edges.map((edge: any) => edge.distanceKm);
    expect(distances).toEqual([...distances].sort((a: number, b: number) => a - b));
    expect(Math.max(...distances)).toBeLessThanOrEqual(3);
  });

  it('finds Kindertagespflege across the border both ways, but Kitas bound to residence only at home', async () => {
    for (const [home, away] of [
      [city, landkreis],
      [landkreis, city],
    ]) {
      const { body } = await gateway(search, { municipalities: [home, away], first: 100, filter: { residence: home } });
      expect(body.errors).toBeUndefined();
      const away_ = body.data.facilities.edges.map((edge: any) => edge.node).filter((node: any) => node.municipality === away);
      expect(away_.length).toBeGreaterThan(0);
      expect(away_.every((node: any) => node.kind !== 'KINDERTAGESSTAETTE' && node.boundToResidence === false)).toBe(true);
      const home_ = body.data.facilities.edges.map((edge: any) => edge.node).filter((node: any) => node.municipality === home);
      expect(home_.some((node: any) => node.kind === 'KINDERTAGESSTAETTE')).toBe(true);
    }
  });

  it('combines concept, language, accessibility, opening window, district and free text filters exactly', async () => {
    const profiles = `query($m: [String!], $after: String) { facilities(municipalities: $m, first: 100, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges { node { id name carrier address { district } concepts languages accessibility openingHours { weekday opens closes } } } } }`;
    const all: any[] = [];
    let after: string | null = null;
    do {
      const { body }: any = await gateway(profiles, { m: [city, landkreis], after });
      all.push(...body.data.facilities.edges.map((edge: any) => edge.node));
      after = body.data.facilities.pageInfo.hasNextPage ? body.data.facilities.pageInfo.endCursor : null;
    } while (after);
    const opensFor = (node: any, weekdays: number[], from: string, until: string) =>
      weekdays.every((day) => node.openingHours.some((hours: any) => hours.weekday === day && hours.opens <= from && hours.closes >= until));
    const cases: Array<[Record<string, unknown>, (node: any) => boolean]> = [
      [{ concepts: ['Montessori'] }, (node) => node.concepts.includes('Montessori')],
      [{ languages: ['tr', 'pl'] }, (node) => node.languages.includes('tr') || node.languages.includes('pl')],
      [
        { accessibility: ['STEP_FREE_ENTRANCE', 'WHEELCHAIR_ACCESSIBLE'] },
        (node) => node.accessibility.includes('STEP_FREE_ENTRANCE') && node.accessibility.includes('WHEELCHAIR_ACCESSIBLE'),
      ],
      [{ openAt: { from: '07:00', until: '16:30', weekdays: [1, 5] } }, (node) => opensFor(node, [1, 5], '07:00', '16:30')],
      [
        { districts: ['Kaltenmoor', 'Adendorf'], languages: ['en'] },
        (node) => ['Kaltenmoor', 'Adendorf'].includes(node.address.district) && node.languages.includes('en'),
      ],
      [{ text: 'awo' }, (node) => [node.name, node.carrier, node.address.district].some((value: string) => value.toLowerCase().includes('awo'))],
    ];
    for (const [filter, matches] of cases) {
      const { body } = await gateway(search, { municipalities: [city, landkreis], first: 100, filter });
      expect(body.errors, JSON.stringify(filter)).toBeUndefined();
      const expected = all
        .filter(matches)
        .map((node) => node.id)
        .sort();
      expect(expected.length, `oracle for ${JSON.stringify(filter)} is not empty`).toBeGreaterThan(0);
      expect(body.data.facilities.edges.map((edge: any) => edge.node.id).sort(), JSON.stringify(filter)).toEqual(expected);
    }
  });

  it('draws a whole municipality on a map with compact markers whose traffic light matches the vacancies', async () => {
    const { body } = await gateway(
      `query($m: [String!]) {
        facilityMarkers(municipalities: $m) { id kind latitude longitude freePlaces availability }
        facilities(municipalities: $m, first: 100) { totalCount edges { node { id availability } } }
      }`,
      { m: [city] },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.facilityMarkers).toHaveLength(body.data.facilities.totalCount);
    const light = new Map(body.data.facilities.edges.map((edge: any) => [edge.node.id, edge.node.availability]));
    for (const marker of body.data.facilityMarkers) expect(marker.availability, marker.id).toBe(light.get(marker.id));
    expect(new Set(body.data.facilityMarkers.map((marker: any) => marker.availability)).size).toBeGreaterThan(1);
  });

  it('answers bad input with clear codes and never a server error', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ filter: { wishedStart: '2027-02-30' } }, 'BAD_USER_INPUT'],
      [{ filter: { ageInMonths: 300 } }, 'BAD_USER_INPUT'],
      [{ filter: { childBirthDate: '2030-01-01', wishedStart: '2027-08-01' } }, 'BAD_USER_INPUT'],
      [{ near: { latitude: 123, longitude: 10 }, orderBy: 'DISTANCE' }, 'BAD_USER_INPUT'],
      [{ filter: { radiusKm: 3 } }, 'BAD_USER_INPUT'],
      [{ filter: { openAt: { from: '18:00', until: '07:00' } } }, 'BAD_USER_INPUT'],
      [{ filter: { hoursPerWeek: 80 } }, 'BAD_USER_INPUT'],
      [{ filter: { residence: '3355' } }, 'BAD_USER_INPUT'],
      [{ municipalities: ['03999'] }, 'UNKNOWN_MUNICIPALITY'],
    ];
    for (const [variables, code] of cases) {
      const { status, body } = await gateway(search, { first: 5, ...variables });
      expect(status, JSON.stringify(variables)).toBeLessThan(500);
      expect(body.errors?.[0]?.extensions?.code, JSON.stringify(variables)).toBe(code);
      expect(JSON.stringify(body)).not.toMatch(/stacktrace|INTERNAL_SERVER_ERROR/);
    }
    const impossible = await gateway(search, { first: 5, filter: { kinds: [] } });
    expect(impossible.body.errors).toBeUndefined();
    expect(impossible.body.data.facilities).toMatchObject({ totalCount: 0, edges: [] });
  });

  it('costs a constant number of SQL statements per subgraph for a filtered page of 50 with groups, media and free places', async () => {
    const page = `query($first: Int, $filter: FacilityFilter, $near: GeoPointInput) {
      facilities(municipalities: ["03355022", "03355"], first: $first, filter: $filter, near: $near, orderBy: DISTANCE) {
        edges { node { id name groups { name capacity } media { url } freePlaces availability } }
      }
    }`;
    const counters = [city, landkreis]
      .flatMap((municipality) => [stack.instance(municipality, 'facility'), stack.instance(municipality, 'vacancy')])
      .map((instance) => instance.database.statements);
    const measure = async (first: number) => {
      counters.forEach((counter) => counter.reset());
      const { body } = await gateway(page, { first, near: kaltenmoor, filter: { openAt: { from: '09:00', until: '11:00', weekdays: [2, 3] } } });
      expect(body.errors).toBeUndefined();
      expect(body.data.facilities.edges).toHaveLength(first);
      return counters.map((counter) => counter.count);
    };
    // Background work (the free-place consumer polling its source) is not a request's cost.
    counters.forEach((counter) => counter.reset());
    await catchUp();
    expect(counters.map((counter) => counter.count)).toEqual([0, 0, 0, 0]);
    const five = await measure(5);
    const fifty = await measure(50);
    // Per subgraph instance: page, groups, media (facility); vacancies (vacancy), whatever the page
    // size. No count statement: the query does not select totalCount, so the search skips counting.
    // (With 5 the Landkreis's edges may all lose the merge, so its vacancies are not asked.)
    const sent = counters.map((counter) => counter.recent.map((sql) => sql.slice(0, 60)));
    expect(fifty, `statements: ${JSON.stringify(sent)}`).toEqual([3, 1, 3, 1]);
    five.forEach((count, index) => expect(count).toBeLessThanOrEqual(fifty[index]));
  });
});

describe('free places become searchable through the projection', () => {
  const onlyFree = { municipalities: [landkreis], first: 100, filter: { onlyWithFreePlaces: true } };
  const ids = async () => ((await gateway(search, onlyFree)).body.data.facilities.edges as any[]).map((edge) => edge.node.id);

  async function facilityWithoutPlaces(): Promise<{ id: string }> {
    const free = new Set(await ids());
    const candidate = (await allFacilities([landkreis])).find((facility) => !free.has(facility.id) && facility.kind === 'KINDERTAGESSTAETTE');
    expect(candidate).toBeDefined();
    return candidate;
  }

  const addVacancy = (facilityId: string, token: string) =>
    gateway(
      `mutation($facilityId: ID!) { addVacancy(facilityId: $facilityId, input: { places: 1, ageRange: { fromMonths: 0, toMonths: 72 }, hoursBand: FULL_DAY, availableFrom: "${today()}" }) { id } }`,
      { facilityId },
      token,
    );

  it('shows a facility once its provider publishes a free place, and hides it again when removed', async () => {
    const facility = await facilityWithoutPlaces();
    // A seeded Kita has no provider yet: the office makes one its owner, and the vacancy subgraph learns it from the facility's events.
    const office = await tokenFor({ role: 'office', municipalities: [landkreis] });
    const owner = await gateway(
      'mutation($id: ID!) { addFacilityMember(facilityId: $id, subject: "provider-kita-landkreis", role: OWNER) { id } }',
      { id: facility.id },
      office,
    );
    expect(owner.body.errors).toBeUndefined();
    await stack.instance(landkreis, 'vacancy').background?.catchUp?.();
    const provider = await tokenFor({ role: 'provider', subject: 'provider-kita-landkreis' });
    const added = await addVacancy(facility.id, provider);
    expect(added.body.errors).toBeUndefined();
    await catchUp();
    expect(await ids()).toContain(facility.id);

    const removed = await gateway('mutation($ids: [ID!]!) { removeVacancies(ids: $ids) }', { ids: [added.body.data.addVacancy.id] }, provider);
    expect(removed.body.errors).toBeUndefined();
    await catchUp();
    expect(await ids()).not.toContain(facility.id);
  });

  it('loses nothing when the facility subgraph was down while the vacancy changed', async () => {
    const facility = await facilityWithoutPlaces();
    const office = await tokenFor({ role: 'office', municipalities: [landkreis] });
    const old = stack.instance(landkreis, 'facility');
    const databaseUrl = old.database.orm.config.get('clientUrl') as string;
    await old.close();

    const added = await addVacancy(facility.id, office);
    expect(added.body.errors).toBeUndefined();

    // The consumer comes back on its own database and catches up from its stored cursor.
    const back = await startSubgraphInstance(facilityModule, {
      municipality: landkreis,
      databaseUrl,
      port: 0,
      verifier: testVerifier,
      auth: testAuth,
      production: false,
      logger: silentLogger,
      peerUrl: (subgraph) => stack.instance(landkreis, subgraph).url,
    });
    restarted.push(back);
    await stack.gateway.reload(
      parseRegistry(
        {
          municipalities: stack.entries.map((entry) => (entry.key === landkreis ? { ...entry, subgraphs: { ...entry.subgraphs, facility: back.url } } : entry)),
        },
        { subgraphs: [...subgraphNames] },
      ),
    );
    await back.background?.catchUp?.();
    expect(await ids()).toContain(facility.id);
  });
});

describe('a provider registers a Kindertagespflege and the office publishes it', () => {
  const profile = {
    kind: 'KINDERTAGESPFLEGE',
    name: 'Kindertagespflege Kieselstein Adendorf',
    carrier: 'Maria Schulz',
    carrierType: 'PERSON',
    address: { street: 'Am Kirchweg 4', postalCode: '21365', city: 'Adendorf', district: 'Adendorf' },
    location: { latitude: 53.2818, longitude: 10.4419 },
    languages: ['de', 'pl'],
    openingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '07:30', closes: '15:00' })),
    groups: [{ name: 'Tagespflegegruppe', ageRange: { fromMonths: 0, toMonths: 36 }, hoursBand: 'THREE_QUARTER', capacity: 5 }],
  };
  const findIt = async () =>
    (
      (await gateway(search, { municipalities: [city, landkreis], first: 100, filter: { residence: city, text: 'Kieselstein' } })).body.data.facilities
        .edges as any[]
    ).map((edge) => edge.node.id);

  it('goes from draft to public search, disappears when its permit lapses, and returns with a new one', async () => {
    const provider = await tokenFor({ role: 'provider', subject: 'provider-schulz' });
    const office = await tokenFor({ role: 'office', municipalities: [landkreis] });
    const cityOffice = await tokenFor({ role: 'office', municipalities: [city] });

    const registered = await gateway(
      'mutation($input: FacilityProfileInput!) { registerFacility(municipality: "03355", input: $input) { id publicationStatus } }',
      { input: profile },
      provider,
    );
    expect(registered.body.errors).toBeUndefined();
    const id = registered.body.data.registerFacility.id;
    expect(id.startsWith(`${landkreis}:`)).toBe(true);
    expect(await findIt()).not.toContain(id);

    const permit = (validUntil: string) => ({ number: 'PE-LG-2026-17', issuedOn: today(), validUntil, maxChildren: 5 });
    const refused = await gateway(
      'mutation($id: ID!, $p: PermitInput!) { recordPermit(facilityId: $id, input: $p) { id } }',
      { id, p: permit('2030-06-30') },
      cityOffice,
    );
    expect(refused.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const recorded = await gateway(
      'mutation($id: ID!, $p: PermitInput!) { recordPermit(facilityId: $id, input: $p) { permit { validUntil } } }',
      { id, p: permit('2030-06-30') },
      office,
    );
    expect(recorded.body.errors).toBeUndefined();

    const submitted = await gateway('mutation($id: ID!) { submitFacility(id: $id) { publicationStatus } }', { id }, provider);
    expect(submitted.body.data.submitFacility.publicationStatus).toBe('SUBMITTED');
    const published = await gateway('mutation($id: ID!) { publishFacility(id: $id) { publicationStatus history { toStatus actorRole } } }', { id }, office);
    expect(published.body.errors).toBeUndefined();
    expect(published.body.data.publishFacility.history.map((step: any) => step.toStatus)).toEqual(['DRAFT', 'SUBMITTED', 'PUBLISHED']);
    // Kindertagespflege is not bound to residence: a city family finds it in the Landkreis.
    expect(await findIt()).toEqual([id]);

    // Time passes: the permit lapses. The profile disappears at once and the watch suspends it.
    const em = facilityOf(landkreis).database.orm.em.fork();
    await em.nativeUpdate(FacilityEntity, { id: id.split(':')[1] }, { permitValidUntil: '2020-01-01' });
    expect(await findIt()).toEqual([]);
    const { suspendLapsedPermits } = await import('@kita/facility');
    expect(await suspendLapsedPermits(facilityOf(landkreis).database.orm.em.fork() as any, landkreis, today())).toBe(1);
    expect((await em.fork().findOneOrFail(FacilityEntity, { id: id.split(':')[1] })).status).toBe(PublicationStatus.SUSPENDED);

    const renewed = await gateway(
      'mutation($id: ID!, $p: PermitInput!) { recordPermit(facilityId: $id, input: $p) { publicationStatus } }',
      { id, p: permit('2031-06-30') },
      office,
    );
    expect(renewed.body.data.recordPermit.publicationStatus).toBe('PUBLISHED');
    expect(await findIt()).toEqual([id]);
  });

  it('lets a provider edit only its own profiles', async () => {
    const someoneElse = await tokenFor({ role: 'provider', subject: 'provider-other' });
    const [target] = await findIt();
    const { body } = await gateway(
      'mutation($id: ID!, $input: FacilityProfileInput!) { updateFacilityProfile(id: $id, input: $input) { id } }',
      { id: target, input: profile },
      someoneElse,
    );
    expect(body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
