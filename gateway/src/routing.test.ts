import { parseRegistry } from '@kita/registry';
import { decodeCursor, encodeCursor, formatId, type MunicipalityKey, newLocalId } from '@kita/schema';
import { GraphQLError } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type StandIns, standInSchema, startStandInGateway, startStandIns } from '../test/stand-ins.js';
import { type RunningGateway } from './gateway.js';
import { compareKeys } from './tenancy/merge.js';

// The real gateway on the committed supergraph in front of stand-in instances that serve the
// committed facility and vacancy schemas over fixture data: query planning, routing by
// municipality and by global ID, the fan-out merges, entity fetches and partial failure, with
// no database (../test/stand-ins.ts). The same stories against real instances on PostgreSQL are
// in gateway/test; these run in a fraction of the time.

const city = '03355022';
const landkreis = '03355';
const braunschweig = '03101';
const municipalities = [city, landkreis, braunschweig];

interface Fixture {
  id: string;
  name: string;
  municipality: string;
  places: number[];
}
const names: Record<string, string[]> = {
  [city]: ['Kita Am Sande', 'Kita Kaltenmoor', 'Kita Zeltberg', 'Tagespflege Meyer'],
  [landkreis]: ['Kita Adendorf', 'Kita Bardowick', 'Kita Kaltenmoor', 'Tagespflege Heide'],
  [braunschweig]: ['Kita Heidberg', 'Kita Weststadt'],
};
const fixtures: Fixture[] = Object.entries(names).flatMap(([municipality, list]) =>
  list.map((name, index) => ({ id: formatId(municipality as MunicipalityKey, newLocalId()), name, municipality, places: index % 2 ? [] : [2, 1] })),
);
const byName = (a: Fixture, b: Fixture) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1);
const facilitiesOf = (municipality: string) => fixtures.filter((fixture) => fixture.municipality === municipality).sort(byName);
const node = (fixture: Fixture) => ({ __typename: 'Facility', id: fixture.id, name: fixture.name, municipality: fixture.municipality });

/** One municipality's facility instance: NAME-ordered keyset pages as the real one pages them. */
const facilitySchema = (municipality: string) =>
  standInSchema('facility', {
    Query: {
      facility: (_, { id }: { id: string }) => {
        const found = facilitiesOf(municipality).find((fixture) => fixture.id === id);
        return found ? node(found) : null;
      },
      facilities: (_, { first, after }: { first: number; after?: string | null }) => {
        if (first < 1 || first > 100)
          throw new GraphQLError('"first" must be between 1 and 100.', { extensions: { code: 'BAD_USER_INPUT', argument: 'first' } });
        const edges = facilitiesOf(municipality).map((fixture) => ({
          key: [fixture.name, fixture.id],
          cursor: encodeCursor([fixture.name, fixture.id]),
          node: node(fixture),
        }));
        const position = after ? decodeCursor(after) : undefined;
        const found = position ? edges.findIndex((edge) => compareKeys(edge.key, position) > 0) : 0;
        const start = found < 0 ? edges.length : found;
        const page = edges.slice(start, start + first);
        return {
          edges: page,
          totalCount: edges.length,
          missingMunicipalities: [],
          pageInfo: { hasNextPage: start + first < edges.length, endCursor: page.at(-1)?.cursor ?? null },
        };
      },
      facilityMarkers: () =>
        facilitiesOf(municipality).map((fixture) => ({
          id: fixture.id,
          name: fixture.name,
          freePlacesNow: fixture.places.reduce((sum, count) => sum + count, 0),
        })),
      _entities: (_, { representations }: { representations: Array<{ id: string }> }) =>
        representations.map(({ id }) => {
          const found = facilitiesOf(municipality).find((fixture) => fixture.id === id);
          return found ? node(found) : null;
        }),
    },
  });

/** One municipality's vacancy instance: each facility's vacancies, contributed by entity fetches. */
const vacancySchema = (municipality: string) =>
  standInSchema('vacancy', {
    Query: {
      // Every vacancy counts as a Krippe place for half days, one bucket per municipality.
      freePlaceStatistics: () => {
        const places = facilitiesOf(municipality).flatMap((fixture) => fixture.places);
        return [{ ageGroup: 'KRIPPE', hoursBand: 'HALF_DAY', vacancies: places.length, places: places.reduce((sum, count) => sum + count, 0) }];
      },
      _entities: (_, { representations }: { representations: Array<{ id: string }> }) =>
        representations.map(({ id }) => {
          const found = facilitiesOf(municipality).find((fixture) => fixture.id === id);
          if (!found) return null;
          const vacancies = found.places.map((places, index) => ({ id: `${id}:${index}`, places, availableFrom: `2027-0${index + 1}-01` }));
          return { __typename: 'Facility', id, vacancies };
        }),
    },
    Mutation: {
      removeVacancies: (_, { ids }: { ids: string[] }) => ids,
    },
  });

/**
 * Children waiting, as one municipality's reservation instance counts them for the gateway (raw,
 * unsuppressed): six in the city, three in the Landkreis, one of whom (c1) chose both and counts
 * in the city (its rank 1 there). Merged: 8 in the region; the Landkreis's 2 (1 to 4) suppressed.
 */
const waitingChildren: Record<string, Array<{ child: string; weight: number }>> = {
  [city]: ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'].map((child) => ({ child, weight: 1 })),
  [landkreis]: [
    { child: 'c1', weight: 2 },
    { child: 'c7', weight: 1 },
    { child: 'c8', weight: 1 },
  ],
  [braunschweig]: [],
};

/** One municipality's reservation instance: one supply-and-demand bucket (grouped by municipality or not at all). */
const reservationSchema = (municipality: string) =>
  standInSchema('reservation', {
    Query: {
      supplyDemandStatistics: (_, { groupBy }: { groupBy?: string[] | null }) => {
        const children = waitingChildren[municipality];
        return [
          {
            municipality: groupBy?.includes('MUNICIPALITY') ? municipality : null,
            district: null,
            kind: null,
            ageGroup: null,
            hoursBand: null,
            capacity: 10,
            freePlaces: 2,
            children: children.length,
            waiting: children.length,
            placed: 0,
            suppressed: false,
            coverage: null,
            claims: children,
          },
        ];
      },
    },
    SupplyDemandBucket: {
      childClaims: (bucket: { claims: Array<{ child: string; weight: number }> }, { salt }: { salt: string }) =>
        bucket.claims.map(({ child, weight }) => ({ token: `${salt}:${child}`, weight, tally: ['children', 'waiting'] })),
    },
  });

let instances: StandIns;
let gateway: RunningGateway;

beforeAll(async () => {
  instances = await startStandIns(municipalities, ['facility', 'vacancy', 'reservation'], (municipality, subgraph) =>
    subgraph === 'facility' ? facilitySchema(municipality) : subgraph === 'vacancy' ? vacancySchema(municipality) : reservationSchema(municipality),
  );
  const entries = [
    { key: city, name: 'Hansestadt Lüneburg', kind: 'CITY', parent: landkreis },
    { key: landkreis, name: 'Landkreis Lüneburg', kind: 'LANDKREIS' },
    { key: braunschweig, name: 'Braunschweig', kind: 'CITY' },
  ].map((entry) => ({
    ...entry,
    subgraphs: Object.fromEntries(['facility', 'vacancy', 'reservation'].map((subgraph) => [subgraph, instances.url(entry.key, subgraph)])),
  }));
  gateway = await startStandInGateway(parseRegistry({ municipalities: entries }, { subgraphs: ['facility', 'vacancy', 'reservation'] }));
});

afterAll(async () => {
  await gateway?.close();
  await instances?.close();
});

beforeEach(() => {
  instances.calls.length = 0;
  for (const municipality of municipalities) for (const subgraph of ['facility', 'vacancy', 'reservation']) instances.setDown(municipality, subgraph, false);
});

type Errors = Array<{ message: string; path?: Array<string | number>; extensions: Record<string, unknown> }>;
async function query<T>(source: string, variables: Record<string, unknown> = {}): Promise<{ data?: T; errors?: Errors }> {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: source, variables }),
  });
  return (await response.json()) as { data?: T; errors?: Errors };
}

interface Page {
  facilities: {
    totalCount: number | null;
    missingMunicipalities: string[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: Array<{ node: { id: string; name: string; municipality: string; vacancies: Array<{ places: number }> | null } }>;
  } | null;
}
const pageQuery = `query Page($first: Int!, $after: String, $municipalities: [String!]) {
  facilities(first: $first, after: $after, municipalities: $municipalities) {
    totalCount
    missingMunicipalities
    pageInfo { hasNextPage endCursor }
    edges { node { id name municipality vacancies { places } } }
  }
}`;

describe('the real gateway over the committed subgraph schemas, in process', () => {
  it('pages a fan-out search in one merged order and fetches each page’s vacancies from the municipalities the facilities belong to', async () => {
    const expected = [...fixtures].sort(byName).map((fixture) => fixture.id);
    for (const first of [1, 3, 20]) {
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 20; page += 1) {
        instances.calls.length = 0;
        const answer: { data?: Page; errors?: Errors } = await query<Page>(pageQuery, { first, after });
        expect(answer.errors).toBeUndefined();
        const connection = answer.data!.facilities!;
        expect(connection.totalCount).toBe(fixtures.length);
        expect(connection.missingMunicipalities).toEqual([]);
        for (const edge of connection.edges) {
          const fixture = fixtures.find((candidate) => candidate.id === edge.node.id)!;
          expect(edge.node.vacancies?.map((vacancy) => vacancy.places)).toEqual(fixture.places);
        }
        // Vacancies are asked only of the municipalities whose facilities are on the page.
        const onPage = new Set(connection.edges.map((edge) => edge.node.municipality));
        const vacancyCalls = instances.calls.filter((call) => call.subgraph === 'vacancy');
        expect(new Set(vacancyCalls.map((call) => call.municipality))).toEqual(onPage);
        seen.push(...connection.edges.map((edge) => edge.node.id));
        if (!connection.pageInfo.hasNextPage) break;
        after = connection.pageInfo.endCursor;
      }
      expect(seen, `page size ${first}`).toEqual(expected);
    }
  });

  it('asks only the municipalities a search names', async () => {
    const { data, errors } = await query<Page>(pageQuery, { first: 20, municipalities: [landkreis] });
    expect(errors).toBeUndefined();
    expect(data!.facilities!.edges.map((edge) => edge.node.id)).toEqual(facilitiesOf(landkreis).map((fixture) => fixture.id));
    expect(new Set(instances.calls.map((call) => call.municipality))).toEqual(new Set([landkreis]));
  });

  it('sends a global ID to the one municipality it names, and both subgraphs’ parts are joined', async () => {
    const wanted = facilitiesOf(braunschweig)[0];
    const { data, errors } = await query<{ facility: { name: string; vacancies: Array<{ places: number }> } | null }>(
      'query One($id: ID!) { facility(id: $id) { name vacancies { places } } }',
      { id: wanted.id },
    );
    expect(errors).toBeUndefined();
    expect(data!.facility).toEqual({ name: wanted.name, vacancies: wanted.places.map((places) => ({ places })) });
    expect(instances.calls.map((call) => `${call.municipality}/${call.subgraph}`)).toEqual([`${braunschweig}/facility`, `${braunschweig}/vacancy`]);
  });

  it('when one municipality’s vacancy instance is down, only its facilities’ vacancies are null, with one MUNICIPALITY_UNAVAILABLE', async () => {
    instances.setDown(landkreis, 'vacancy', true);
    const { data, errors } = await query<Page>(pageQuery, { first: 20 });
    const edges = data!.facilities!.edges;
    expect(edges).toHaveLength(fixtures.length);
    for (const edge of edges) {
      const fixture = fixtures.find((candidate) => candidate.id === edge.node.id)!;
      if (fixture.municipality === landkreis) expect(edge.node.vacancies).toBeNull();
      else expect(edge.node.vacancies?.map((vacancy) => vacancy.places)).toEqual(fixture.places);
    }
    const unavailable = (errors ?? []).filter((error) => error.extensions.code === 'MUNICIPALITY_UNAVAILABLE');
    expect(errors).toHaveLength(1);
    expect(unavailable[0].extensions).toMatchObject({ municipality: landkreis, subgraph: 'vacancy' });
  });

  it('when one municipality’s facility instance is down, the page holds the others, names the missing one and has no total', async () => {
    instances.setDown(braunschweig, 'facility', true);
    const { data, errors } = await query<Page>(pageQuery, { first: 20 });
    const connection = data!.facilities!;
    expect(connection.edges.map((edge) => edge.node.id)).toEqual(
      fixtures
        .filter((fixture) => fixture.municipality !== braunschweig)
        .sort(byName)
        .map((fixture) => fixture.id),
    );
    expect(connection.missingMunicipalities).toEqual([braunschweig]);
    expect(connection.totalCount).toBeNull();
    expect(errors?.map((error) => error.extensions.code)).toEqual(['MUNICIPALITY_UNAVAILABLE']);
  });

  it('merges a page whose fields are asked in fragments and under conditions as it merges them asked directly', async () => {
    const direct = await query<Page>(pageQuery, { first: 3 });
    const conditional = await query<Page>(
      `query Page($first: Int!, $yes: Boolean = true, $no: Boolean = false) {
        ... @include(if: $yes) { facilities(first: $first) { ...Counted ... @skip(if: $no) { pageInfo { hasNextPage ... @include(if: $yes) { endCursor } } } edges { ...Edge } } }
      }
      fragment Counted on FacilityConnection { totalCount ... on FacilityConnection { missingMunicipalities } }
      fragment Edge on FacilityEdge { node { id name municipality ... @include(if: $yes) { vacancies { places } } } }`,
      { first: 3 },
    );
    expect(conditional.errors).toBeUndefined();
    expect(conditional.data).toEqual(direct.data);
    // Edges left out by their condition: the count and the page's end alone.
    const countOnly = await query<Page>(
      `query Page($first: Int!, $edges: Boolean = false) { facilities(first: $first) { totalCount pageInfo { hasNextPage } ... @include(if: $edges) { edges { node { id } } } } }`,
      { first: 3 },
    );
    expect(countOnly.errors).toBeUndefined();
    expect(countOnly.data).toEqual({ facilities: { totalCount: fixtures.length, pageInfo: { hasNextPage: true } } });
  });

  it('refuses a page size out of range once, from the subgraph’s own check, without echoing it', async () => {
    const { data, errors } = await query<Page>(pageQuery, { first: 101 });
    expect(data?.facilities ?? null).toBeNull();
    expect(errors).toHaveLength(1);
    expect(errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first' });
    expect(errors![0].message).not.toContain('101');
  });

  it('concatenates every municipality’s map markers', async () => {
    const { data, errors } = await query<{ facilityMarkers: Array<{ id: string; freePlacesNow: number }> }>('{ facilityMarkers { id freePlacesNow } }');
    expect(errors).toBeUndefined();
    const total = (fixture: Fixture) => fixture.places.reduce((sum, count) => sum + count, 0);
    expect([...data!.facilityMarkers].sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual(
      [...fixtures].sort((a, b) => (a.id < b.id ? -1 : 1)).map((fixture) => ({ id: fixture.id, freePlacesNow: total(fixture) })),
    );
    expect(new Set(instances.calls.map((call) => call.municipality))).toEqual(new Set(municipalities));
  });

  it('sums statistics buckets with equal keys across municipalities', async () => {
    const { data, errors } = await query<{ freePlaceStatistics: Array<{ ageGroup: string; hoursBand: string; vacancies: number; places: number }> }>(
      '{ freePlaceStatistics { ageGroup hoursBand vacancies places } }',
    );
    expect(errors).toBeUndefined();
    const places = fixtures.flatMap((fixture) => fixture.places);
    expect(data!.freePlaceStatistics).toEqual([
      { ageGroup: 'KRIPPE', hoursBand: 'HALF_DAY', vacancies: places.length, places: places.reduce((sum, count) => sum + count, 0) },
    ]);
  });

  it('sums, counts each child once and suppresses supply-and-demand counts alike however they are asked: directly, in named, nested and inline fragments, under @include/@skip, split over two selections of the field', async () => {
    const figures = 'municipality capacity children waiting placed suppressed coverage';
    // The query planner expands named fragments, but passes conditions on as inline fragments (`... @include(if: $yes) { children }`,
    // at the root too): a count the merge did not see there went out summed twice and unsuppressed.
    const ways: Record<string, string> = {
      direct: `query($g: [StatisticsDimension!]) { supplyDemandStatistics(groupBy: $g) { ${figures} } }`,
      fragment: `query($g: [StatisticsDimension!]) { supplyDemandStatistics(groupBy: $g) { ...Figures } }
        fragment Figures on SupplyDemandBucket { ${figures} }`,
      nested: `query($g: [StatisticsDimension!]) { supplyDemandStatistics(groupBy: $g) { municipality ...Outer } }
        fragment Outer on SupplyDemandBucket { capacity ...Counts suppressed coverage }
        fragment Counts on SupplyDemandFigures { children waiting placed }`,
      directives: `query($g: [StatisticsDimension!], $yes: Boolean = true, $no: Boolean = false) { supplyDemandStatistics(groupBy: $g) { municipality capacity ... @include(if: $yes) { children waiting } placed @skip(if: $no) ...Flags @include(if: $yes) } }
        fragment Flags on SupplyDemandBucket { suppressed coverage }`,
      root: `query($g: [StatisticsDimension!], $yes: Boolean = true) { ... @include(if: $yes) { ...Statistics } }
        fragment Statistics on Query { supplyDemandStatistics(groupBy: $g) { ${figures} } }`,
      // The same field twice, its counts split between a direct selection and a conditional one: one answer, merged as all of it.
      split: `query($g: [StatisticsDimension!], $yes: Boolean = true) { supplyDemandStatistics(groupBy: $g) { municipality capacity waiting } ... @include(if: $yes) { supplyDemandStatistics(groupBy: $g) { children placed suppressed coverage } } }`,
      inline: `query($g: [StatisticsDimension!]) { supplyDemandStatistics(groupBy: $g) { municipality ... on SupplyDemandBucket { capacity children } ... on SupplyDemandFigures { waiting placed } ... { suppressed coverage } } }`,
    };
    const expected: Record<string, unknown> = {
      // c1 counts once: 8 children in the region, not 9.
      '[]': [{ municipality: null, capacity: 30, children: 8, waiting: 8, placed: 0, suppressed: false, coverage: 0.75 }],
      // The Landkreis's 2 is suppressed, and the city's 6 with it (8 minus 6 would give the 2).
      '["MUNICIPALITY"]': [
        { municipality: braunschweig, capacity: 10, children: 0, waiting: 0, placed: 0, suppressed: false, coverage: null },
        { municipality: landkreis, capacity: 10, children: null, waiting: null, placed: 0, suppressed: true, coverage: null },
        { municipality: city, capacity: 10, children: null, waiting: null, placed: 0, suppressed: true, coverage: null },
      ],
    };
    for (const [groupBy, buckets] of Object.entries(expected)) {
      for (const [way, source] of Object.entries(ways)) {
        const { data, errors } = await query<{ supplyDemandStatistics: unknown[] }>(source, { g: JSON.parse(groupBy) });
        expect(errors, `${way}, grouped by ${groupBy}`).toBeUndefined();
        expect(data!.supplyDemandStatistics, `${way}, grouped by ${groupBy}`).toEqual(buckets);
      }
    }
  });

  it('sends a mutation on IDs only to the municipality they belong to', async () => {
    const ids = [`${city}:${newLocalId()}`, `${city}:${newLocalId()}`];
    const { data, errors } = await query<{ removeVacancies: string[] }>('mutation Remove($ids: [ID!]!) { removeVacancies(ids: $ids) }', { ids });
    expect(errors).toBeUndefined();
    expect(data!.removeVacancies).toEqual(ids);
    expect(instances.calls.map((call) => `${call.municipality}/${call.subgraph}`)).toEqual([`${city}/vacancy`]);
  });

  it('refuses an operation that would make the municipalities produce too many rows before anything is sent', async () => {
    const pages = Array.from({ length: 60 }, (_, index) => `p${index}: facilities(first: 100) { edges { node { id vacancies { places } } } }`).join('\n');
    const { data, errors } = await query<unknown>(`{ ${pages} }`);
    expect(data).toBeUndefined();
    expect(errors?.map((error) => error.extensions.code)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(instances.calls).toEqual([]);
  });
});
