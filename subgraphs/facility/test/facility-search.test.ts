import { FacilityEntity, FacilityKind, facilityModule, PublicationStatus } from '@kita/facility';
import { formatId, pendingSchemaChanges, type SubgraphServer } from '@kita/shared';
import { postGraphQL, startTestSubgraph, TestDatabases, tokenFor } from '@kita/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const lueneburg = '03355022';
const databases = new TestDatabases();
let subgraph: SubgraphServer;

const facility = (name: string, overrides: Partial<FacilityEntity> = {}) =>
  Object.assign(new FacilityEntity(), {
    kind: FacilityKind.KINDERTAGESSTAETTE,
    name,
    carrier: 'Hansestadt Lüneburg',
    street: 'Am Sande 1',
    postalCode: '21335',
    city: 'Lüneburg',
    district: 'Altstadt',
    latitude: 53.2484,
    longitude: 10.4081,
    ageFromMonths: 0,
    ageToMonths: 36,
    capacity: 30,
    openingHours: [{ weekday: 1, opens: '07:00', closes: '16:00' }],
    status: PublicationStatus.PUBLISHED,
    ...overrides,
  });

beforeAll(async () => {
  subgraph = await startTestSubgraph(databases, facilityModule, lueneburg);
  const em = subgraph.database.orm.em.fork();
  await em.insertMany(FacilityEntity, [
    facility('Kita Sonnenblume', { district: 'Kaltenmoor' }),
    facility('Kita Regenbogen', { district: 'Kaltenmoor', ageFromMonths: 36, ageToMonths: 72 }),
    facility('Kindertagespflege Anna Meyer', {
      kind: FacilityKind.KINDERTAGESPFLEGE,
      district: 'Kaltenmoor',
      capacity: 5,
      carrier: 'Anna Meyer',
      permitNumber: 'PE-1',
      permitIssuedOn: '2025-01-01',
      permitValidUntil: '2029-12-31',
      permitMaxChildren: 5,
    }),
    facility('Kita Entwurf', { status: PublicationStatus.DRAFT }),
    ...Array.from({ length: 30 }, (_, i) => facility(`Kita Nummer ${String(i).padStart(2, '0')}`, { district: 'Weststadt' })),
  ]);
});

afterAll(async () => {
  await subgraph?.close();
  await databases.drop();
});

const search = `query Search($filter: FacilityFilter, $first: Int, $after: String) {
  facilities(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id name kind municipality address { district } ageRange { fromMonths toMonths } publicationStatus } }
  }
}`;

describe('facility subgraph on PostgreSQL', () => {
  it('has migrations that match the entities exactly', async () => {
    expect(await pendingSchemaChanges(subgraph.database)).toBe('');
  });

  it('combines district, kind and age filters', async () => {
    const { body } = await postGraphQL(subgraph.url, search, {
      filter: { districts: ['Kaltenmoor'], kinds: ['KINDERTAGESSTAETTE'], ageInMonths: 14 },
    });
    expect(body.errors).toBeUndefined();
    expect(body.data.facilities.edges.map((edge: any) => edge.node.name)).toEqual(['Kita Sonnenblume']);
    expect(body.data.facilities.edges[0].node.id).toMatch(/^03355022:[0-9a-f-]{36}$/);
  });

  it('pages through all published facilities by name without gaps or duplicates', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const { body }: any = await postGraphQL(subgraph.url, search, { first: 7, after });
      expect(body.errors).toBeUndefined();
      expect(body.data.facilities.totalCount).toBe(33);
      seen.push(...body.data.facilities.edges.map((edge: any) => edge.node.name));
      after = body.data.facilities.pageInfo.hasNextPage ? body.data.facilities.pageInfo.endCursor : null;
      pages += 1;
    } while (after);
    expect(pages).toBe(5);
    expect(seen).toHaveLength(33);
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(33);
    expect(seen).not.toContain('Kita Entwurf');
  });

  it('shows drafts to the office of the municipality only', async () => {
    const filter = { publicationStatuses: ['DRAFT'] };
    const office = await tokenFor({ role: 'office', municipalities: [lueneburg] });
    const officeResult = await postGraphQL(subgraph.url, search, { filter }, office);
    expect(officeResult.body.data.facilities.edges.map((edge: any) => edge.node.name)).toEqual(['Kita Entwurf']);

    const otherOffice = await tokenFor({ role: 'office', municipalities: ['03355'] });
    const refused = await postGraphQL(subgraph.url, search, { filter }, otherOffice);
    expect(refused.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const anonymous = await postGraphQL(subgraph.url, search, { filter });
    expect(anonymous.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('rejects bad input with stable codes and no stack traces', async () => {
    const tooMany = await postGraphQL(subgraph.url, search, { first: 500 });
    expect(tooMany.body.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'first' });
    const badCursor = await postGraphQL(subgraph.url, search, { after: 'not-a-cursor' });
    expect(badCursor.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const badAge = await postGraphQL(subgraph.url, search, { filter: { ageInMonths: -3 } });
    expect(badAge.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const badToken = await postGraphQL(subgraph.url, search, {}, 'forged.token.value');
    expect(badToken.status).toBe(401);
    expect(badToken.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    for (const result of [tooMany, badCursor, badAge, badToken]) expect(JSON.stringify(result.body)).not.toMatch(/stacktrace|at .*\.ts:/);
  });

  it('answers the municipalities filter for itself only and refuses a key that is not an AGS, as vacancy does', async () => {
    const byKeys = `query ByKeys($municipalities: [String!]) {
      facilities(municipalities: $municipalities, first: 100) { totalCount }
      facilityMarkers(municipalities: $municipalities) { id }
    }`;
    const own = await postGraphQL(subgraph.url, byKeys, { municipalities: [lueneburg] });
    expect(own.body.errors).toBeUndefined();
    expect(own.body.data.facilities.totalCount).toBe(33);
    expect(own.body.data.facilityMarkers).toHaveLength(33);
    // Keys are compared whole: the Landkreis's key does not include the city.
    const other = await postGraphQL(subgraph.url, byKeys, { municipalities: ['03355'] });
    expect(other.body.errors).toBeUndefined();
    expect(other.body.data).toEqual({ facilities: { totalCount: 0 }, facilityMarkers: [] });

    for (const field of ['facilities(municipalities: $municipalities) { totalCount }', 'facilityMarkers(municipalities: $municipalities) { id }']) {
      const { body } = await postGraphQL(subgraph.url, `query ByKeys($municipalities: [String!]) { ${field} }`, { municipalities: ['Lüneburg'] });
      expect(body.errors).toHaveLength(1);
      expect(body.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'municipalities' });
      expect(JSON.stringify(body)).not.toContain('Lüneburg');
    }
  });

  it('counts the matches only when the query selects totalCount', async () => {
    const statements = subgraph.database.statements;
    const search = async (query: string) => {
      statements.reset();
      const { body } = await postGraphQL(subgraph.url, query);
      expect(body.errors).toBeUndefined();
      return { facilities: body.data.facilities, statements: statements.count };
    };
    const page = await search(`{ facilities(first: 3, filter: { districts: ["Weststadt"] }) { edges { node { name } } } }`);
    const counted = await search(
      `{ facilities(first: 3, filter: { districts: ["Weststadt"] }) { ...Total edges { node { name } } } } fragment Total on FacilityConnection { totalCount }`,
    );

    expect(counted.facilities.totalCount).toBe(30);
    expect(counted.facilities.edges).toEqual(page.facilities.edges);
    // The page alone; the page and its count.
    expect(page.statements).toBe(1);
    expect(counted.statements).toBe(2);
  });

  it('reads only the columns of the fields the query asks of its nodes', async () => {
    const statements = subgraph.database.statements;
    const searchSql = async (node: string) => {
      const { result, statements: sent } = await statements.measure(() =>
        postGraphQL(subgraph.url, `{ facilities(first: 3, filter: { districts: ["Kaltenmoor"] }) { edges { node { ${node} } } } }`),
      );
      expect(result.body.errors).toBeUndefined();
      return { nodes: result.body.data.facilities.edges.map((edge: any) => edge.node), sql: sent.join('\n') };
    };
    const names = await searchSql('name');
    const everything = await searchSql('name description concepts contact { phone } permit { number }');

    expect(names.sql).toContain('f."name"');
    expect(names.sql).not.toContain('f."description"');
    expect(everything.sql).toContain('f."description"');
    expect(everything.nodes.map((node: any) => node.name)).toEqual(names.nodes.map((node: any) => node.name));
    expect(everything.nodes.find((node: any) => node.name === 'Kindertagespflege Anna Meyer')).toMatchObject({
      permit: { number: 'PE-1' },
      concepts: [],
      contact: { phone: null },
    });
  });

  it('finds one facility by global ID and returns null for IDs of other municipalities', async () => {
    const em = subgraph.database.orm.em.fork();
    const row = await em.findOneOrFail(FacilityEntity, { name: 'Kita Sonnenblume' });
    const query = 'query($id: ID!) { facility(id: $id) { name } }';
    const found = await postGraphQL(subgraph.url, query, { id: formatId(lueneburg, row.id) });
    expect(found.body.data.facility).toEqual({ name: 'Kita Sonnenblume' });
    const elsewhere = await postGraphQL(subgraph.url, query, { id: formatId('03355', row.id) });
    expect(elsewhere.body.data.facility).toBeNull();
    const malformed = await postGraphQL(subgraph.url, query, { id: '03355022:42' });
    expect(malformed.body.data.facility).toBeNull();
  });
});
