import { readFileSync } from 'node:fs';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types.js';
import { anonymousViewer, silentLogger } from '@kita/core';
import { parseRegistry } from '@kita/registry';
import { decodeCursor, encodeCursor, formatId, type MunicipalityKey, newLocalId } from '@kita/schema';
import { buildSchema, GraphQLError, type GraphQLSchema, graphqlSync } from 'graphql';
import { beforeEach, describe, expect, it } from 'vitest';
import type { GatewayContext } from '../context.js';
import type { ForwardedRequest } from '../subgraph-headers.js';
import type { GraphQLResponseBody, Instance, InstanceClient, SendResult } from './instance-client.js';
import { compareKeys } from './merge.js';
import { TenantRouter } from './router.js';
import { readRootFields } from './supergraph-info.js';

const rootFields = readRootFields(readFileSync(new URL('../../../schema/supergraph.graphql', import.meta.url), 'utf8'));

const registry = parseRegistry(
  {
    municipalities: [
      {
        key: '03355022',
        name: 'Hansestadt Lüneburg',
        kind: 'CITY',
        parent: '03355',
        subgraphs: { facility: 'http://lg/graphql', vacancy: 'http://lg/vacancy' },
      },
      { key: '03355', name: 'Landkreis Lüneburg', kind: 'LANDKREIS', subgraphs: { facility: 'http://lk/graphql', vacancy: 'http://lk/vacancy' } },
      { key: '03101', name: 'Braunschweig', kind: 'CITY', subgraphs: { facility: 'http://bs/graphql', vacancy: 'http://bs/vacancy' } },
      { key: '03103', name: 'Wolfsburg', kind: 'CITY', active: false, subgraphs: { facility: 'http://wob/graphql', vacancy: 'http://wob/vacancy' } },
    ],
  },
  { subgraphs: ['facility', 'vacancy'] },
);
const active = ['03355022', '03355', '03101'];

/** Names of each municipality's facilities; the instances sort them by [name, id] as the real ones do. */
const facilityNames: Record<string, string[]> = {
  '03355022': ['Kita Am Sande', 'Kita Kaltenmoor', 'Kita Zeltberg', 'Tagespflege Meyer'],
  '03355': ['Kita Adendorf', 'Kita Bardowick', 'Kita Kaltenmoor'],
  '03101': ['Kita Heidberg', 'Kita Weststadt'],
  '03103': ['Kita Detmerode'],
};
const facilities = Object.fromEntries(
  Object.entries(facilityNames).map(([municipality, names]) => [
    municipality,
    names
      .map((name) => ({ __typename: 'Facility', id: formatId(municipality as MunicipalityKey, newLocalId()), name }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1)),
  ]),
);
/** What one gateway over all active municipalities must list, in order. */
const allActiveInOrder = active
  .flatMap((municipality) => facilities[municipality].map((facility) => ({ ...facility, municipality })))
  .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : a.municipality < b.municipality ? -1 : 1))
  .map((facility) => facility.id);

const facilitySchema = buildSchema(`
  scalar _Any
  union _Entity = Facility
  type Facility { id: ID! name: String! }
  type FacilityEdge { cursor: String! node: Facility! }
  type PageInfo { hasNextPage: Boolean! endCursor: String }
  type FacilityConnection { edges: [FacilityEdge!]! pageInfo: PageInfo! totalCount: Int missingMunicipalities: [String!]! }
  type Query {
    facility(id: ID!): Facility
    facilities(first: Int! = 20, after: String, municipalities: [String!]): FacilityConnection
    _entities(representations: [_Any!]!): [_Entity]!
  }
`);

const vacancySchema = buildSchema(`
  scalar _Any
  union _Entity = Facility
  type Vacancy { id: ID! availableFrom: String! places: Int! }
  type Facility { id: ID! freePlaces: Int vacancies: [Vacancy!] reservedFor: Int }
  type Query {
    upcomingVacancies(first: Int = 20, municipalities: [String!]): [Vacancy!]!
    _entities(representations: [_Any!]!): [_Entity]!
  }
  type Mutation { removeVacancies(ids: [ID!]!): [ID!]! }
`);

/** The root resolvers of one municipality's facility instance. */
function facilityRoot(municipality: string) {
  const own = facilities[municipality];
  return {
    facility: ({ id }: { id: string }) => own.find((facility) => facility.id === id) ?? null,
    _entities: ({ representations }: { representations: Array<{ id: string }> }) =>
      representations.map(({ id }) => own.find((facility) => facility.id === id) ?? null),
    facilities: ({ first, after }: { first: number; after?: string | null }) => {
      // As the real instance does: page sizes checked, pages after the cursor's sort key (keyset).
      if (first > 100) throw new GraphQLError('"first" must be between 1 and 100.', { extensions: { code: 'BAD_USER_INPUT', argument: 'first' } });
      const edges = own.map((node) => ({ cursor: encodeCursor([node.name, node.id]), key: [node.name, node.id], node }));
      const position = after ? decodeCursor(after) : undefined;
      const found = position ? edges.findIndex((edge) => compareKeys(edge.key, position) > 0) : 0;
      const start = found < 0 ? edges.length : found;
      const page = edges.slice(start, start + first);
      return {
        edges: page,
        totalCount: own.length,
        missingMunicipalities: [],
        pageInfo: { hasNextPage: start + first < edges.length, endCursor: page.at(-1)?.cursor ?? null },
      };
    },
  };
}

const vacancyRoot = (municipality: string) => ({
  upcomingVacancies: () => [
    { id: `${municipality}:a`, availableFrom: municipality === '03101' ? '2026-08-01' : '2026-09-01' },
    { id: `${municipality}:b`, availableFrom: '2026-10-01' },
  ],
  removeVacancies: ({ ids }: { ids: string[] }) => ids,
  /** Every facility has two places in one vacancy. */
  _entities: ({ representations }: { representations: Array<{ id: string }> }) =>
    representations.map(({ id }) => ({
      __typename: 'Facility',
      id,
      freePlaces: 2,
      vacancies: [{ id: `${id}:v`, availableFrom: '2026-09-01', places: 2 }],
      reservedFor: () => {
        throw new GraphQLError('Only for the office of the municipality.', { extensions: { code: 'FORBIDDEN' } });
      },
    })),
});

/** Every municipality's instances in-process, recording each request the router sends. */
class FakeInstances {
  readonly calls: Array<{ municipality: string; subgraph: string; query: string; variables: Record<string, unknown>; authorization?: string }> = [];
  readonly failing = new Map<string, 'timeout' | 'unreachable'>();

  async send(instance: Instance, body: { query: string; variables?: Record<string, unknown> }, forwarded: ForwardedRequest = {}): Promise<SendResult> {
    this.calls.push({
      municipality: instance.municipality,
      subgraph: instance.subgraph,
      query: body.query,
      variables: body.variables ?? {},
      authorization: forwarded.authorization,
    });
    const failure = this.failing.get(instance.municipality);
    if (failure) return { ok: false, reason: failure };
    const [schema, root]: [GraphQLSchema, unknown] =
      instance.subgraph === 'facility' ? [facilitySchema, facilityRoot(instance.municipality)] : [vacancySchema, vacancyRoot(instance.municipality)];
    const result = graphqlSync({ schema, source: body.query, variableValues: body.variables, rootValue: root });
    return { ok: true, body: JSON.parse(JSON.stringify(result)) as GraphQLResponseBody };
  }

  to(municipality: string) {
    return this.calls.filter((call) => call.municipality === municipality);
  }
}

let instances: FakeInstances;
beforeEach(() => {
  instances = new FakeInstances();
});

function routerFor(subgraph: 'facility' | 'vacancy') {
  return new TenantRouter({ subgraph, registry: () => registry, rootFields, client: instances as unknown as InstanceClient, logger: silentLogger });
}

/** One fetch of a query plan, as Apollo Gateway hands it to a data source. */
function fetch(
  router: TenantRouter,
  query: string,
  variables: Record<string, unknown> = {},
  context: Record<string, unknown> = { viewer: anonymousViewer, authorization: 'Bearer office', requestId: 'router-test-request' },
): Promise<GraphQLResponseBody> {
  return router.process({
    kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
    request: { query, variables },
    context,
  } as unknown as GraphQLDataSourceProcessOptions<GatewayContext>);
}

const pageFetch =
  'query Root__facilities__0($first:Int,$after:String){facilities(first:$first,after:$after){totalCount edges{cursor node{id}}pageInfo{hasNextPage endCursor}}}';
type PageData = {
  facilities: { totalCount: number; edges: Array<{ cursor: string; node: { id: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
};

describe('TenantRouter for a CONNECTION field', () => {
  it('pages through all active municipalities in one merged order, for several page sizes', async () => {
    for (const first of [1, 2, 4, 20]) {
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 20; page += 1) {
        const body = await fetch(routerFor('facility'), pageFetch, { first, after });
        expect(body.errors).toBeUndefined();
        const { facilities: connection } = body.data as PageData;
        expect(connection.totalCount).toBe(allActiveInOrder.length);
        seen.push(...connection.edges.map((edge) => edge.node.id));
        if (!connection.pageInfo.hasNextPage) break;
        after = connection.pageInfo.endCursor;
      }
      expect(seen, `page size ${first}`).toEqual(allActiveInOrder);
    }
  });

  it('sends each active municipality its own cursor and stops asking a municipality once it is done', async () => {
    const router = routerFor('facility');

    const first = await fetch(router, pageFetch, { first: 3 });
    expect(instances.calls.map((call) => [call.municipality, call.variables.__kita_after_0])).toEqual(active.map((municipality) => [municipality, null]));
    expect(instances.calls.every((call) => call.authorization === 'Bearer office')).toBe(true);
    expect((first.data as PageData).facilities.edges.map((edge) => edge.node.id)).toEqual(allActiveInOrder.slice(0, 3));

    instances.calls.length = 0;
    const after = (first.data as PageData).facilities.pageInfo.endCursor;
    const second = await fetch(router, pageFetch, { first: 3, after });

    expect((second.data as PageData).facilities.edges.map((edge) => edge.node.id)).toEqual(allActiveInOrder.slice(3, 6));
    // The first page took both of 03355's "Kita A…/B…" and its cursor says where it stopped.
    const cursors = Object.fromEntries(instances.calls.map((call) => [call.municipality, call.variables.__kita_after_0]));
    expect(cursors['03355']).toBe(encodeCursor([facilities['03355'][1].name, facilities['03355'][1].id]));
    expect(cursors['03355022']).toBe(encodeCursor([facilities['03355022'][0].name, facilities['03355022'][0].id]));
    expect(cursors['03101']).toBeNull();
  });

  it('never asks an inactive municipality', async () => {
    await fetch(routerFor('facility'), pageFetch, { first: 50 });

    expect(instances.to('03103')).toHaveLength(0);
  });

  it('asks only the municipalities named in "municipalities"', async () => {
    const body = await fetch(routerFor('facility'), 'query($m:[String!]){facilities(municipalities:$m,first:50){edges{node{id}}}}', { m: ['03101', '03355'] });

    expect(instances.calls.map((call) => call.municipality).sort()).toEqual(['03101', '03355']);
    expect((body.data as PageData).facilities.edges).toHaveLength(5);
  });

  it('refuses an unknown municipality key without calling anyone', async () => {
    const body = await fetch(routerFor('facility'), 'query($m:[String!]){facilities(municipalities:$m){totalCount}}', { m: ['03101', '09162'] });

    expect(body.data).toEqual({ facilities: null });
    expect(body.errors).toEqual([expect.objectContaining({ path: ['facilities'], extensions: { code: 'UNKNOWN_MUNICIPALITY', municipalities: ['09162'] } })]);
    expect(instances.calls).toHaveLength(0);
  });

  it('refuses an "after" that is a municipality\'s own cursor without calling anyone', async () => {
    const body = await fetch(routerFor('facility'), pageFetch, { first: 3, after: encodeCursor(['Kita', 'x']) });

    expect(body.errors).toEqual([expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', argument: 'after' } })]);
    expect(instances.calls).toHaveLength(0);
  });

  it('answers from the others when a municipality times out, naming the missing one', async () => {
    instances.failing.set('03355', 'timeout');

    const body = await fetch(routerFor('facility'), pageFetch, { first: 50 });

    expect((body.data as PageData).facilities.edges.map((edge) => edge.node.id)).toEqual(allActiveInOrder.filter((id) => !id.startsWith('03355:')));
    expect(body.errors).toEqual([
      {
        message: 'Municipality 03355 (Landkreis Lüneburg) did not answer in time; its part of the answer is missing.',
        path: ['facilities'],
        extensions: { code: 'MUNICIPALITY_UNAVAILABLE', municipality: '03355', subgraph: 'facility' },
      },
    ]);
  });

  it('answers without a total and names the missing municipality when one fails, and a later page continues in order once it answers', async () => {
    const router = routerFor('facility');
    const query =
      'query Root__facilities__0($first:Int,$after:String){facilities(first:$first,after:$after){totalCount missingMunicipalities edges{cursor node{id}}pageInfo{hasNextPage endCursor}}}';
    instances.failing.set('03355', 'unreachable');

    const first = await fetch(router, query, { first: 4 });

    const page = (first.data as { facilities: PageData['facilities'] & { missingMunicipalities: string[] } }).facilities;
    const others = allActiveInOrder.filter((id) => !id.startsWith('03355:'));
    expect(page.edges.map((edge) => edge.node.id)).toEqual(others.slice(0, 4));
    expect(page.totalCount).toBeNull();
    expect(page.missingMunicipalities).toEqual(['03355']);
    expect(first.errors).toEqual([
      expect.objectContaining({ path: ['facilities'], extensions: expect.objectContaining({ code: 'MUNICIPALITY_UNAVAILABLE', municipality: '03355' }) }),
    ]);

    instances.failing.clear();
    const second = await fetch(router, query, { first: 50, after: page.pageInfo.endCursor });

    const rest = (second.data as { facilities: PageData['facilities'] & { missingMunicipalities: string[] } }).facilities;
    expect(second.errors).toBeUndefined();
    expect(rest.missingMunicipalities).toEqual([]);
    expect(rest.totalCount).toBe(allActiveInOrder.length);
    // Nothing repeated, nothing out of order: 03355's facilities before the first page's end stay unseen.
    const seen = [...page.edges, ...rest.edges].map((edge) => edge.node.id);
    const end = allActiveInOrder.indexOf(page.edges.at(-1)!.node.id);
    expect(seen).toEqual([...others.slice(0, 4), ...allActiveInOrder.slice(end + 1)]);
  });

  it('answers null, not an empty page, when the one municipality asked fails', async () => {
    instances.failing.set('03101', 'timeout');

    const body = await fetch(routerFor('facility'), 'query Root__facilities__0{facilities(municipalities:["03101"]){totalCount edges{node{id}}}}');

    expect(body.data).toEqual({ facilities: null });
    expect(body.errors).toEqual([
      expect.objectContaining({ path: ['facilities'], extensions: { code: 'MUNICIPALITY_UNAVAILABLE', municipality: '03101', subgraph: 'facility' } }),
    ]);
  });

  it('answers one error listing the municipalities when every municipality refuses the same argument, and null', async () => {
    const body = await fetch(routerFor('facility'), pageFetch, { first: 500 });

    expect(body.data).toEqual({ facilities: null });
    expect(body.errors).toEqual([
      {
        message: '"first" must be between 1 and 100.',
        path: ['facilities'],
        locations: expect.any(Array),
        extensions: { code: 'BAD_USER_INPUT', argument: 'first', municipalities: active },
      },
    ]);
  });

  it('answers an empty page after the last one, without asking anyone', async () => {
    const last = await fetch(routerFor('facility'), pageFetch, { first: 50 });
    instances.calls.length = 0;

    const body = await fetch(routerFor('facility'), pageFetch, { first: 50, after: (last.data as PageData).facilities.pageInfo.endCursor });

    expect(instances.calls).toHaveLength(0);
    expect((body.data as PageData).facilities.edges).toEqual([]);
    expect((body.data as PageData).facilities.pageInfo.hasNextPage).toBe(false);
  });
});

describe('TenantRouter with page sizes from variables', () => {
  it('merges by the page size of an omitted variable default, like each municipality does', async () => {
    const body = await fetch(routerFor('facility'), 'query Root__facilities__0($f:Int=2){facilities(first:$f){edges{node{id}}pageInfo{hasNextPage}}}', {});
    const edges = (body.data!.facilities as { edges: unknown[] }).edges;
    expect(edges).toHaveLength(2);
  });
});

describe('TenantRouter for fields addressed by ID', () => {
  it('sends a field to the one municipality its ID names', async () => {
    const wanted = facilities['03101'][1];

    const body = await fetch(routerFor('facility'), 'query($id:ID!){facility(id:$id){name}}', { id: wanted.id });

    expect(body).toEqual({ data: { facility: { name: wanted.name } } });
    expect(instances.calls.map((call) => call.municipality)).toEqual(['03101']);
  });

  it('refuses an ID without a municipality key without calling anyone', async () => {
    const body = await fetch(routerFor('facility'), 'query($id:ID!){facility(id:$id){name}}', { id: 'not-an-id' });

    expect(body.errors).toEqual([expect.objectContaining({ path: ['facility'], extensions: { code: 'INVALID_ID', argument: 'id' } })]);
    expect(instances.calls).toHaveLength(0);
  });

  it('batches _entities into one request per municipality and answers in the original order', async () => {
    const representations = [facilities['03101'][0], facilities['03355'][2], facilities['03101'][1], facilities['03355'][0]].map(({ id }) => ({
      __typename: 'Facility',
      id,
    }));

    const body = await fetch(routerFor('facility'), 'query($representations:[_Any!]!){_entities(representations:$representations){...on Facility{name}}}', {
      representations,
    });

    expect(body).toEqual({
      data: { _entities: [facilities['03101'][0], facilities['03355'][2], facilities['03101'][1], facilities['03355'][0]].map(({ name }) => ({ name })) },
    });
    expect(instances.calls.map((call) => [call.municipality, (call.variables.representations as Array<{ id: string }>).map(({ id }) => id)])).toEqual([
      ['03101', [representations[0].id, representations[2].id]],
      ['03355', [representations[1].id, representations[3].id]],
    ]);
  });

  it('answers null for an entity of an unknown municipality and still resolves the others', async () => {
    const known = facilities['03101'][0];
    const representations = [
      { __typename: 'Facility', id: formatId('09162', newLocalId()) },
      { __typename: 'Facility', id: known.id },
    ];

    const body = await fetch(routerFor('facility'), 'query($representations:[_Any!]!){_entities(representations:$representations){...on Facility{name}}}', {
      representations,
    });

    expect(body.data).toEqual({ _entities: [null, { name: known.name }] });
    expect(body.errors).toEqual([expect.objectContaining({ path: ['_entities', 0], extensions: { code: 'UNKNOWN_MUNICIPALITY', municipality: '09162' } })]);
    expect(instances.calls.map((call) => call.municipality)).toEqual(['03101']);
  });
});

describe('TenantRouter for vacancies', () => {
  it('merges upcomingVacancies of all active municipalities by date, then ID, and cuts to "first"', async () => {
    const body = await fetch(routerFor('vacancy'), '{upcomingVacancies(first:4){id}}');

    expect(body).toEqual({ data: { upcomingVacancies: [{ id: '03101:a' }, { id: '03355022:a' }, { id: '03355:a' }, { id: '03101:b' }] } });
    expect(instances.calls.map((call) => call.municipality)).toEqual(active);
  });

  it('cuts to the limit of an omitted variable by its declared default, then by the schema default', async () => {
    const withDefault = await fetch(routerFor('vacancy'), 'query($n:Int=2){upcomingVacancies(first:$n){id}}', {});
    expect((withDefault.data!.upcomingVacancies as unknown[]).length).toBe(2);
    const withoutDefault = await fetch(routerFor('vacancy'), 'query($n:Int){upcomingVacancies(first:$n){id}}', {});
    expect((withoutDefault.data!.upcomingVacancies as unknown[]).length).toBeLessThanOrEqual(20);
  });

  it('sends a mutation to the one municipality its IDs name', async () => {
    const ids = [formatId('03355', newLocalId()), formatId('03355', newLocalId())];

    const body = await fetch(routerFor('vacancy'), 'mutation($ids:[ID!]!){removeVacancies(ids:$ids)}', { ids });

    expect(body).toEqual({ data: { removeVacancies: ids } });
    expect(instances.calls.map((call) => call.municipality)).toEqual(['03355']);
  });

  it('refuses a mutation whose IDs reach two municipalities, sending nothing', async () => {
    const ids = [formatId('03355', newLocalId()), formatId('03101', newLocalId())];

    const body = await fetch(routerFor('vacancy'), 'mutation($ids:[ID!]!){removeVacancies(ids:$ids)}', { ids });

    expect(body.data).toBeNull();
    expect(body.errors).toEqual([expect.objectContaining({ extensions: { code: 'MUNICIPALITY_REQUIRED', municipalities: ['03355', '03101'] } })]);
    expect(instances.calls).toHaveLength(0);
  });

  it('refuses a mutation that names no municipality, sending nothing', async () => {
    const body = await fetch(routerFor('vacancy'), 'mutation{removeVacancies(ids:[])}');

    expect(body.errors?.[0].extensions).toEqual({ code: 'MUNICIPALITY_REQUIRED', municipalities: [] });
    expect(instances.calls).toHaveLength(0);
  });
});

describe('TenantRouter for _entities refused alike', () => {
  it('answers one error for the same refusal of every entity in several municipalities, at the first entity', async () => {
    const representations = [facilities['03355'][0], facilities['03101'][0], facilities['03355'][1], facilities['03101'][1]].map(({ id }) => ({
      __typename: 'Facility',
      id,
    }));

    const body = await fetch(
      routerFor('vacancy'),
      'query($representations:[_Any!]!){_entities(representations:$representations){...on Facility{freePlaces reservedFor}}}',
      {
        representations,
      },
    );

    expect(body.data).toEqual({ _entities: representations.map(() => ({ freePlaces: 2, reservedFor: null })) });
    expect(body.errors).toEqual([
      {
        message: 'Only for the office of the municipality.',
        path: ['_entities', 0, 'reservedFor'],
        locations: expect.any(Array),
        extensions: { code: 'FORBIDDEN', municipalities: ['03355', '03101'] },
      },
    ]);
  });
});

describe('TenantRouter for _entities when a municipality fails', () => {
  const entitiesFetch = 'query($representations:[_Any!]!){_entities(representations:$representations){...on Facility{freePlaces places:vacancies{places}}}}';
  const representations = () =>
    [facilities['03101'][0], facilities['03355'][0], facilities['03101'][1], facilities['03355'][1]].map(({ id }) => ({ __typename: 'Facility', id }));

  it('nulls only the fields that municipality contributes, for its entities only, with one error at the first of them', async () => {
    instances.failing.set('03355', 'unreachable');

    const body = await fetch(routerFor('vacancy'), entitiesFetch, { representations: representations() });

    const answered = { freePlaces: 2, places: [{ places: 2 }] };
    const missing = { freePlaces: null, places: null };
    expect(body.data).toEqual({ _entities: [answered, missing, answered, missing] });
    expect(body.errors).toEqual([
      {
        message: 'Municipality 03355 (Landkreis Lüneburg) could not be reached; its part of the answer is missing.',
        path: ['_entities', 1, 'freePlaces'],
        extensions: { code: 'MUNICIPALITY_UNAVAILABLE', municipality: '03355', subgraph: 'vacancy' },
      },
    ]);
  });

  it('keeps the typename of a failed entity when the fetch asks it', async () => {
    instances.failing.set('03355', 'timeout');

    const body = await fetch(
      routerFor('vacancy'),
      'query($representations:[_Any!]!){_entities(representations:$representations){__typename ...on Facility{freePlaces}}}',
      {
        representations: representations().slice(0, 2),
      },
    );

    expect(body.data).toEqual({
      _entities: [
        { __typename: 'Facility', freePlaces: 2 },
        { __typename: 'Facility', freePlaces: null },
      ],
    });
  });

  it('names a failed municipality once per request, however many entity fetches it fails', async () => {
    instances.failing.set('03355', 'timeout');
    const router = routerFor('vacancy');
    const request = { viewer: anonymousViewer, requestId: 'one-request' };

    const first = await fetch(router, entitiesFetch, { representations: representations() }, request);
    const second = await fetch(router, entitiesFetch, { representations: representations().reverse() }, request);
    const otherRequest = await fetch(router, entitiesFetch, { representations: representations() }, { viewer: anonymousViewer, requestId: 'another' });

    expect(first.errors).toHaveLength(1);
    expect(second.errors).toBeUndefined();
    expect((second.data as { _entities: unknown[] })._entities[0]).toEqual({ freePlaces: null, places: null });
    expect(otherRequest.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ municipality: '03355' }) })]);
  });
});
