import { readFileSync } from 'node:fs';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types.js';
import { anonymousViewer, SeededRandom, silentLogger } from '@kita/core';
import { type GeoArea, type GeoPoint, type MunicipalityEntry, parseRegistry, type Registry } from '@kita/registry';
import { decodeCursor, encodeCursor, formatId, type MunicipalityKey, newLocalId } from '@kita/schema';
import { buildSchema, graphqlSync } from 'graphql';
import { beforeEach, describe, expect, it } from 'vitest';
import type { GatewayContext } from '../context.js';
import type { GraphQLResponseBody, Instance, InstanceClient, SendResult } from './instance-client.js';
import { TenantRouter } from './router.js';
import { readRootFields } from './supergraph-info.js';
import { selectTargets } from './targets.js';

/**
 * Geographic routing against the oracle: the same router over the same instances with a
 * registry without areas (every municipality asked). In-process instances with the real
 * facility schema answer from memory with the facility subgraph's rules: the SQL's haversine,
 * `distance <= radiusKm * 1000`, keyset pages by [distance, id] or [sortName, id].
 */

const rootFields = readRootFields(readFileSync(new URL('../../../schema/supergraph.graphql', import.meta.url), 'utf8'));
const facilitySchema = buildSchema(readFileSync(new URL('../../../schema/facility.graphql', import.meta.url), 'utf8'), { assumeValidSDL: true });

/** Areas around Lüneburg: the city inside its Landkreis, neighbours sharing edges and a corner, two far away, one without an area. */
const areas: Record<string, GeoArea | undefined> = {
  '03355': { south: 53.0, west: 10.2, north: 53.4, east: 11.0 },
  '03355022': { south: 53.2, west: 10.35, north: 53.29, east: 10.47 },
  '03353': { south: 53.1, west: 9.6, north: 53.5, east: 10.2 },
  '03354': { south: 52.85, west: 10.9, north: 53.2, east: 11.5 },
  '03360': { south: 52.75, west: 10.2, north: 53.0, east: 10.9 },
  '03101': { south: 52.2, west: 10.4, north: 52.35, east: 10.65 },
  '03403': { south: 53.1, west: 8.15, north: 53.2, east: 8.3 },
  '03404': undefined,
};
const keys = Object.keys(areas);

function registryOf(withAreas: boolean): Registry {
  const municipalities: Array<Partial<MunicipalityEntry>> = keys.map((key) => ({
    key,
    name: `Municipality ${key}`,
    kind: key.length === 8 ? 'CITY' : 'LANDKREIS',
    ...(key === '03355022' ? { parent: '03355' } : {}),
    subgraphs: { facility: `http://${key}.test/graphql` },
    ...(withAreas && areas[key] ? { area: areas[key] } : {}),
  }));
  return parseRegistry({ municipalities }, { subgraphs: ['facility'] });
}
const geographic = registryOf(true);
const everyone = registryOf(false);

interface Stored {
  id: string;
  name: string;
  latitude: number;
  longitude: number;
}

/** Facilities inside each area: random ones, and some exactly on its edges and corners. Osnabrück's (no area) lie near Osnabrück. */
const random = new SeededRandom('geo-routing-test');
const names = ['Kita Sonnenblume', 'Kita Regenbogen', 'Tagespflege Meyer', 'Kita Arche Noah', 'Kita Pusteblume', 'Kita Löwenzahn'];
const stored: Record<string, Stored[]> = Object.fromEntries(
  keys.map((key) => {
    const area = areas[key] ?? { south: 52.2, west: 7.9, north: 52.35, east: 8.15 };
    const at = (latitude: number, longitude: number): Stored => ({
      id: formatId(key as MunicipalityKey, newLocalId()),
      name: `${names[random.int(0, names.length - 1)]} ${random.int(1, 3)}`,
      latitude,
      longitude,
    });
    const inside = Array.from({ length: 10 }, () =>
      at(area.south + random.next() * (area.north - area.south), area.west + random.next() * (area.east - area.west)),
    );
    const edges = [
      at(area.south, area.west),
      at(area.north, area.east),
      at(area.south, (area.west + area.east) / 2),
      at((area.south + area.north) / 2, area.east),
      at((area.south + area.north) / 2, area.west),
    ];
    return [key, [...inside, ...edges]];
  }),
);

/** The facility subgraph's SQL haversine, in the same order of operations. */
function sqlDistance(point: GeoPoint, facility: Stored): number {
  const radians = (degrees: number) => (degrees * Math.PI) / 180;
  return (
    6371008.8 *
    2 *
    Math.asin(
      Math.sqrt(
        Math.sin(radians(facility.latitude - point.latitude) / 2) ** 2 +
          Math.cos(radians(point.latitude)) * Math.cos(radians(facility.latitude)) * Math.sin(radians(facility.longitude - point.longitude) / 2) ** 2,
      ),
    )
  );
}

const compare = (a: unknown[], b: unknown[]) => {
  for (let index = 0; index < a.length; index += 1) {
    const x = a[index];
    const y = b[index];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
};

interface SearchArgs {
  first: number;
  after?: string | null;
  orderBy: 'NAME' | 'DISTANCE';
  near?: GeoPoint | null;
  filter?: { radiusKm?: number | null; text?: string | null } | null;
}

/** One municipality's facility instance: `facilities` and `facilityMarkers` as the subgraph answers them. */
function facilityRoot(municipality: string) {
  const own = stored[municipality];
  const matching = ({ near, filter }: Pick<SearchArgs, 'near' | 'filter'>) => {
    if (filter?.radiusKm !== undefined && filter?.radiusKm !== null && !near) throw new Error('"radiusKm" needs "near".');
    return own
      .filter((facility) => !filter?.text || facility.name.includes(filter.text))
      .map((facility) => ({ facility, distance: near ? sqlDistance(near, facility) : null }))
      .filter(({ distance }) => !filter?.radiusKm || (distance !== null && distance <= filter.radiusKm * 1000));
  };
  return {
    facilities: (args: SearchArgs) => {
      if (args.first < 1 || args.first > 100) throw new Error('"first" must be between 1 and 100.');
      if (args.orderBy === 'DISTANCE' && !args.near) throw new Error('Ordering by DISTANCE needs "near".');
      const hits = matching(args)
        .map((hit) => ({ ...hit, key: [args.orderBy === 'DISTANCE' ? hit.distance : hit.facility.name.toLowerCase(), hit.facility.id.split(':')[1]] }))
        .sort((a, b) => compare(a.key, b.key));
      const start = args.after ? decodeCursor(args.after) : undefined;
      const after = start ? hits.filter((hit) => compare(hit.key, start) > 0) : hits;
      const page = after.slice(0, args.first);
      return {
        edges: page.map((hit) => ({
          cursor: encodeCursor(hit.key),
          distanceKm: hit.distance === null ? null : hit.distance / 1000,
          node: { id: hit.facility.id, name: hit.facility.name, municipality },
        })),
        pageInfo: { hasNextPage: after.length > args.first, endCursor: null },
        totalCount: hits.length,
        missingMunicipalities: [],
      };
    },
    facilityMarkers: (args: Pick<SearchArgs, 'near' | 'filter'>) => matching(args).map(({ facility }) => ({ id: facility.id, name: facility.name })),
  };
}

class Instances {
  readonly calls: Array<{ municipality: string; query: string }> = [];
  async send(instance: Instance, body: { query: string; variables?: Record<string, unknown> }): Promise<SendResult> {
    this.calls.push({ municipality: instance.municipality, query: body.query });
    const result = graphqlSync({ schema: facilitySchema, source: body.query, variableValues: body.variables, rootValue: facilityRoot(instance.municipality) });
    return { ok: true, body: JSON.parse(JSON.stringify(result)) as GraphQLResponseBody };
  }
  asked(): string[] {
    return [...new Set(this.calls.map((call) => call.municipality))].sort();
  }
}

let instances: Instances;
beforeEach(() => {
  instances = new Instances();
});

const routerOver = (registry: Registry, client: Instances) =>
  new TenantRouter({ subgraph: 'facility', registry: () => registry, rootFields, client: client as unknown as InstanceClient, logger: silentLogger });

function fetch(router: TenantRouter, query: string, variables: Record<string, unknown>): Promise<GraphQLResponseBody> {
  return router.process({
    kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
    request: { query, variables },
    context: { viewer: anonymousViewer, requestId: 'geo-routing-test' },
  } as unknown as GraphQLDataSourceProcessOptions<GatewayContext>);
}

/** The fetch Apollo Gateway sends for a facilities page; with or without totalCount and hasNextPage. */
function pageQuery(select: { total: boolean; hasNext: boolean }) {
  return `query Page($first:Int!,$after:String,$orderBy:FacilityOrder!,$near:GeoPointInput,$filter:FacilityFilter){facilities(first:$first,after:$after,orderBy:$orderBy,near:$near,filter:$filter){${select.total ? 'totalCount ' : ''}edges{cursor distanceKm node{id name}}pageInfo{${select.hasNext ? 'hasNextPage ' : ''}endCursor}}}`;
}

interface Page {
  totalCount?: number | null;
  edges: Array<{ cursor: string; distanceKm: number | null; node: { id: string } }>;
  pageInfo: { hasNextPage?: boolean; endCursor: string | null };
}

/** Every page through endCursor, as a client reads them (at most 200). */
async function allPages(
  router: TenantRouter,
  query: string,
  variables: Record<string, unknown>,
): Promise<Array<Omit<Page, 'edges' | 'pageInfo'> & { ids: string[]; hasNextPage?: boolean }>> {
  const pages = [];
  let after: string | null = null;
  for (let count = 0; count < 200; count += 1) {
    const body = await fetch(router, query, { ...variables, after });
    expect(body.errors).toBeUndefined();
    const page = (body.data as { facilities: Page }).facilities;
    pages.push({ totalCount: page.totalCount, ids: page.edges.map((edge) => edge.node.id), hasNextPage: page.pageInfo.hasNextPage });
    if (!page.edges.length || !page.pageInfo.endCursor) break;
    after = page.pageInfo.endCursor;
  }
  return pages;
}

const lueneburg = { latitude: 53.2484, longitude: 10.4081 };
/** Points: in the city (so in its Landkreis too), on shared edges and corners, just outside, between areas, far from all. */
const points: GeoPoint[] = [
  lueneburg,
  { latitude: 53.2, longitude: 10.35 },
  { latitude: 53.25, longitude: 10.2 },
  { latitude: 53.25, longitude: 10.199999999 },
  { latitude: 53.0, longitude: 10.9 },
  { latitude: 52.95, longitude: 11.0000001 },
  { latitude: 53.6, longitude: 10.5 },
  { latitude: 52.5, longitude: 10.5 },
  { latitude: 54.5, longitude: 9.0 },
  { latitude: 53.15, longitude: 8.2 },
];

describe('geographic routing matches asking every municipality', () => {
  const saved = { asked: 0, oracle: 0 };
  for (const near of points)
    it(`for radius searches by NAME and DISTANCE, DISTANCE pages without radius, page sizes and selections, around ${JSON.stringify(near)}`, async () => {
      const oracleInstances = new Instances();
      const oracle = routerOver(everyone, oracleInstances);
      const router = routerOver(geographic, instances);
      let cases = 0;
      for (const radiusKm of [undefined, 0.5, 5, 30]) {
        for (const orderBy of radiusKm === undefined ? (['DISTANCE'] as const) : (['DISTANCE', 'NAME'] as const)) {
          for (const first of [3, 8, 50]) {
            for (const select of [
              { total: true, hasNext: true },
              { total: false, hasNext: true },
              { total: false, hasNext: false },
            ]) {
              const variables = { first, orderBy, near, filter: radiusKm === undefined ? null : { radiusKm } };
              const query = pageQuery(select);
              const before = { asked: instances.calls.length, oracle: oracleInstances.calls.length };
              const expected = await allPages(oracle, query, variables);
              const actual = await allPages(router, query, variables);
              if (!select.total) {
                saved.asked += instances.calls.length - before.asked;
                saved.oracle += oracleInstances.calls.length - before.oracle;
              }
              // The oracle's last page may be empty when hasNextPage is not asked; the ids, totals and flags are the same.
              expect(
                actual.flatMap((page) => page.ids),
                JSON.stringify(variables),
              ).toEqual(expected.flatMap((page) => page.ids));
              expect(
                actual.filter((page) => page.ids.length).map(({ totalCount, hasNextPage }) => ({ totalCount, hasNextPage })),
                JSON.stringify({ variables, select }),
              ).toEqual(expected.filter((page) => page.ids.length).map(({ totalCount, hasNextPage }) => ({ totalCount, hasNextPage })));
              cases += 1;
            }
          }
        }
      }
      expect(cases).toBe((3 * 2 + 1) * 3 * 3);
    });

  it('saved calls over those pages without totalCount (reading every page to the end needs nearly everyone at last)', () => {
    expect(saved.asked).toBeLessThan(saved.oracle * 0.75);
  });

  it('for sparse matches (a text filter), where the nearest municipalities run out', async () => {
    const oracle = routerOver(everyone, new Instances());
    const router = routerOver(geographic, instances);
    for (const text of ['Meyer 1', 'Arche Noah 3', 'no such name'])
      for (const near of [lueneburg, { latitude: 52.3, longitude: 10.5 }, { latitude: 54.5, longitude: 9.0 }])
        for (const first of [1, 4, 30])
          for (const select of [
            { total: true, hasNext: true },
            { total: false, hasNext: true },
          ]) {
            const variables = { first, orderBy: 'DISTANCE', near, filter: { text } };
            const expected = await allPages(oracle, pageQuery(select), variables);
            const actual = await allPages(router, pageQuery(select), variables);
            expect(actual, JSON.stringify({ variables, select })).toEqual(expected);
          }
  });

  it('keeps a facility on an area corner that lies exactly at the radius (rounding never skips a municipality)', async () => {
    const oracle = routerOver(everyone, new Instances());
    const router = routerOver(geographic, instances);
    const query = pageQuery({ total: true, hasNext: true });
    for (const key of keys.filter((candidate) => areas[candidate])) {
      const corner = stored[key].find((facility) => facility.latitude === areas[key]!.south && facility.longitude === areas[key]!.west)!;
      for (const near of [
        { latitude: corner.latitude - 0.03, longitude: corner.longitude - 0.05 },
        { latitude: corner.latitude - 0.2, longitude: corner.longitude },
      ]) {
        const variables = { first: 50, orderBy: 'NAME', near, filter: { radiusKm: sqlDistance(near, corner) / 1000 } };
        const actual = await allPages(router, query, variables);
        expect(actual.flatMap((page) => page.ids)).toContain(corner.id);
        expect(actual).toEqual(await allPages(oracle, query, variables));
      }
    }
  });

  it('continues from any edge cursor, not only from the end of a page', async () => {
    const oracle = routerOver(everyone, new Instances());
    const router = routerOver(geographic, instances);
    const query = pageQuery({ total: true, hasNext: true });
    for (const near of [lueneburg, { latitude: 53.25, longitude: 10.2 }]) {
      const variables = { first: 12, orderBy: 'DISTANCE', near, filter: null };
      const expected = (await allPages(oracle, query, { ...variables, first: 100 })).flatMap((page) => page.ids);
      const body = await fetch(router, query, { ...variables, after: null });
      const edges = (body.data as { facilities: Page }).facilities.edges;
      for (const index of [0, 4, 11]) {
        const next = await fetch(router, query, { ...variables, first: 7, after: edges[index].cursor });
        expect((next.data as { facilities: Page }).facilities.edges.map((edge) => edge.node.id)).toEqual(expected.slice(index + 1, index + 8));
      }
    }
  });

  it('answers facilityMarkers (CONCAT) within a radius like everyone', async () => {
    const oracle = routerOver(everyone, new Instances());
    const router = routerOver(geographic, instances);
    const query = 'query M($near:GeoPointInput,$filter:FacilityFilter){facilityMarkers(near:$near,filter:$filter){id name}}';
    for (const near of points)
      for (const radiusKm of [1, 10, 40]) {
        const expected = await fetch(oracle, query, { near, filter: { radiusKm } });
        expect(await fetch(router, query, { near, filter: { radiusKm } })).toEqual(expected);
      }
  });
});

describe('which instances geographic routing asks', () => {
  const query = pageQuery({ total: false, hasNext: false });
  const router = () => routerOver(geographic, instances);

  it('a radius search asks only the municipalities whose area the circle touches (and every one without an area)', async () => {
    await fetch(router(), query, { first: 10, orderBy: 'NAME', near: lueneburg, filter: { radiusKm: 5 } });
    expect(instances.asked()).toEqual(['03355', '03355022', '03404']);
    // One call each.
    expect(instances.calls).toHaveLength(3);

    instances.calls.length = 0;
    // 45 km west of Lüneburg reaches into Harburg (its east edge is 10.2°, ~14 km away), south to Uelzen (~27 km).
    await fetch(router(), query, { first: 10, orderBy: 'NAME', near: lueneburg, filter: { radiusKm: 30 } });
    expect(instances.asked()).toEqual(['03353', '03355', '03355022', '03360', '03404']);
  });

  it('a radius that touches no area still asks one municipality, so that the answer and any mistake come from an instance', async () => {
    const body = await fetch(router(), query, { first: 10, orderBy: 'NAME', near: { latitude: 54.5, longitude: 9.0 }, filter: { radiusKm: 5 } });
    expect((body.data as { facilities: Page }).facilities.edges).toEqual([]);
    expect(instances.asked()).toEqual(['03404']);
    instances.calls.length = 0;
    const wrong = await fetch(router(), query, { first: 500, orderBy: 'NAME', near: { latitude: 54.5, longitude: 9.0 }, filter: { radiusKm: 5 } });
    expect(wrong.errors?.[0].message).toContain('"first" must be between 1 and 100');
  });

  it('a DISTANCE page asks the nearest municipalities and stops when no other can hold a nearer facility', async () => {
    const body = await fetch(router(), query, { first: 5, orderBy: 'DISTANCE', near: lueneburg, filter: null });
    expect((body.data as { facilities: Page }).facilities.edges).toHaveLength(5);
    expect(instances.asked()).toEqual(['03355', '03355022', '03404']);
    expect(instances.calls).toHaveLength(3);
  });

  it('totalCount on a DISTANCE page without radius asks the others lightly (no facility fields)', async () => {
    await fetch(router(), pageQuery({ total: true, hasNext: true }), { first: 5, orderBy: 'DISTANCE', near: lueneburg, filter: null });
    expect(instances.asked()).toEqual([...keys].sort());
    const light = instances.calls.filter((call) => !call.query.includes('node'));
    expect(light.map((call) => call.municipality).sort()).toEqual(['03101', '03353', '03354', '03360', '03403']);
  });

  it('a DISTANCE page the instances refuse is not asked further: one round, the refusal reported', async () => {
    const body = await fetch(router(), pageQuery({ total: true, hasNext: true }), { first: 500, orderBy: 'DISTANCE', near: lueneburg, filter: null });
    expect(body.errors?.[0].message).toContain('"first" must be between 1 and 100');
    expect((body.data as { facilities: Page | null }).facilities).toBeNull();
    // The first round, and the light requests sent alongside it for totalCount; no further round.
    expect(instances.calls.filter((call) => call.query.includes('node')).map((call) => call.municipality)).toEqual(['03355', '03355022', '03404']);
  });

  it('without a usable point, every municipality is asked and reports the mistake', async () => {
    await fetch(router(), query, { first: 5, orderBy: 'DISTANCE', near: { latitude: 123, longitude: 10 }, filter: null });
    expect(instances.asked()).toEqual([...keys].sort());
  });

  it('selectTargets is the one answer to "which municipalities": the first round of a DISTANCE page and the reach of a radius', () => {
    const field = rootFields.get('Query.facilities');
    const select = (args: Record<string, unknown>) =>
      selectTargets(geographic, {
        subgraph: 'facility',
        fieldName: 'facilities',
        info: field,
        mutation: false,
        argument: (name) => args[name] ?? field?.defaults[name],
      });
    const nearest = select({ near: lueneburg, orderBy: 'DISTANCE' });
    expect('targets' in nearest && nearest.targets).toEqual(keys);
    expect('targets' in nearest && nearest.nearestFirst?.initial).toEqual(['03355', '03355022', '03404']);
    const radius = select({ near: lueneburg, filter: { radiusKm: 5 } });
    expect('targets' in radius && radius.targets).toEqual(['03355', '03355022', '03404']);
    expect('targets' in radius && radius.nearestFirst).toBeUndefined();
  });
});
