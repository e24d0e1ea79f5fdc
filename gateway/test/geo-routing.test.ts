import type { SubgraphCall } from '@kita/gateway';
import { decodeCursor } from '@kita/shared';
import { postGraphQL } from '@kita/shared/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from './support.js';

// Fan-out by geography through the real gateway and real instances: the registry the stack
// writes holds the demo areas; a search around Kaltenmoor (Lüneburg) asks only the instances it
// can concern, and its pages are those of the oracle (every instance asked directly).

const municipalities = ['03355022', '03355', '03353', '03360', '03101'];
const kaltenmoor = { latitude: 53.2384, longitude: 10.4328 };
const calls: SubgraphCall[] = [];
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ municipalities, seed: true, facilitiesPerMunicipality: 20, observe: (call) => calls.push(call) });
});
afterAll(async () => {
  await stack?.close();
});
beforeEach(() => {
  calls.length = 0;
});

const facilityCalls = () => calls.filter((call) => call.subgraph === 'facility').map((call) => call.municipality);
const asked = () => [...new Set(facilityCalls())].sort();

const pageQuery = `query Page($near: GeoPointInput, $orderBy: FacilityOrder, $first: Int, $after: String, $filter: FacilityFilter) {
  facilities(near: $near, orderBy: $orderBy, first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor distanceKm node { id name municipality } }
  }
}`;

/** Every instance asked directly for everything, merged in one order: what asking everyone gives. */
async function oracle(variables: Record<string, unknown>): Promise<string[]> {
  const all: Array<{ key: unknown[]; municipality: string; id: string }> = [];
  for (const municipality of municipalities) {
    const { body } = await postGraphQL(stack.instance(municipality, 'facility').url, pageQuery, { ...variables, first: 100, after: null });
    expect(body.data.facilities.pageInfo.hasNextPage).toBe(false);
    for (const edge of body.data.facilities.edges) all.push({ key: decodeCursor(edge.cursor), municipality, id: edge.node.id });
  }
  const compare = (a: unknown, b: unknown) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
  all.sort((a, b) => compare(a.key[0], b.key[0]) || compare(a.key[1], b.key[1]) || compare(a.municipality, b.municipality));
  return all.map((entry) => entry.id);
}

async function readAll(variables: Record<string, unknown>, expectedTotal: number): Promise<string[]> {
  const seen: string[] = [];
  let after: string | null = null;
  for (let page = 0; page < 100; page += 1) {
    const { body }: any = await postGraphQL(stack.gateway.url, pageQuery, { ...variables, after });
    expect(body.errors).toBeUndefined();
    expect(body.data.facilities.totalCount).toBe(expectedTotal);
    seen.push(...body.data.facilities.edges.map((edge: any) => edge.node.id));
    if (!body.data.facilities.pageInfo.hasNextPage) break;
    after = body.data.facilities.pageInfo.endCursor;
  }
  return seen;
}

describe('fan-out by geography through the gateway', () => {
  it('serves each municipality area and centroid from the registry', async () => {
    const { body } = await postGraphQL(stack.gateway.url, '{ municipalities { key area { south west north east } centroid { latitude longitude } } }');
    const city = body.data.municipalities.find((municipality: any) => municipality.key === '03355022');
    const landkreis = body.data.municipalities.find((municipality: any) => municipality.key === '03355');
    expect(city.area).toEqual({ south: 53.201, west: 10.346, north: 53.286, east: 10.462 });
    expect(city.centroid).toEqual({ latitude: 53.2464, longitude: 10.4115 });
    // The city lies inside its Landkreis.
    expect(city.area.south >= landkreis.area.south && city.area.east <= landkreis.area.east).toBe(true);
  });

  it('asks only the municipalities a radius touches and answers like the oracle', async () => {
    // Harburg's area reaches to ~3 km of Kaltenmoor, Uelzen's ~10 km, Braunschweig's ~100 km.
    for (const [radiusKm, reached] of [
      [2, ['03355', '03355022']],
      [5, ['03353', '03355', '03355022']],
      [15, ['03353', '03355', '03355022', '03360']],
    ] as const) {
      for (const orderBy of ['NAME', 'DISTANCE']) {
        const variables = { near: kaltenmoor, orderBy, filter: { radiusKm } };
        const expected = await oracle(variables);
        calls.length = 0;
        expect(await readAll({ ...variables, first: 4 }, expected.length), `${radiusKm} km by ${orderBy}`).toEqual(expected);
        expect(asked(), `${radiusKm} km`).toEqual([...reached]);
      }
    }
  });

  it('a DISTANCE page asks the nearest municipalities only, and pages continue exactly like the oracle', async () => {
    const { body } = await postGraphQL(
      stack.gateway.url,
      `query($near: GeoPointInput) { facilities(near: $near, orderBy: DISTANCE, first: 5) { edges { distanceKm node { id } } pageInfo { endCursor } } }`,
      { near: kaltenmoor },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.facilities.edges).toHaveLength(5);
    // Those within the first round's reach (5 km) once each; Uelzen and Braunschweig not at all.
    expect(facilityCalls().sort()).toEqual(['03353', '03355', '03355022']);

    const variables = { near: kaltenmoor, orderBy: 'DISTANCE' };
    const expected = await oracle(variables);
    for (const first of [3, 17]) expect(await readAll({ ...variables, first }, expected.length), `page size ${first}`).toEqual(expected);
  });
});
