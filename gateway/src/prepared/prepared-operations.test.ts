import { parseRegistry } from '@kita/registry';
import { encodeCursor, formatId, type MunicipalityKey, newLocalId } from '@kita/schema';
import { tokenFor } from '@kita/shared/testing';
import { GraphQLError } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type StandIns, standInSchema, startStandInGateway, startStandIns } from '../../test/stand-ins.js';
import type { RunningGateway } from '../gateway.js';

// Prepared operations answer a query the pipeline accepted once without Apollo Server's
// pipeline. Two gateways on the same stand-in instances: one with them (the default), one
// without; every request is sent to the first twice (its second answer is the prepared one) and
// to the second once, and all three answers must be the same, headers included. Then what must
// still take the pipeline: a bad variable, a query over the cost budget, a mutation.

const city = '03355022';
const landkreis = '03355';
const municipalities = [city, landkreis];
const facilities = municipalities.flatMap((municipality) =>
  ['Kita Am Sande', 'Kita Zeltberg', 'Tagespflege Meyer'].map((name, index) => ({
    __typename: 'Facility',
    id: formatId(municipality as MunicipalityKey, newLocalId()),
    name: `${name} ${municipality}`,
    municipality,
    // Facility.kind is non-null: the Landkreis's stand-in leaves it out of one facility, and its page is null with an error.
    ...(index === 2 && municipality === landkreis ? {} : { kind: 'KINDERTAGESSTAETTE' }),
    places: index === 1 ? [] : [2, 1],
  })),
);
const of = (municipality: string) => facilities.filter((facility) => facility.municipality === municipality);

let instances: StandIns;
let prepared: RunningGateway;
let pipeline: RunningGateway;

beforeAll(async () => {
  instances = await startStandIns(municipalities, ['facility', 'vacancy'], (municipality, subgraph) =>
    subgraph === 'facility'
      ? standInSchema('facility', {
          Query: {
            facility: (_, { id }: { id: string }) => of(municipality).find((facility) => facility.id === id) ?? null,
            facilities: (_, { first }: { first: number }) => {
              if (first < 1 || first > 100)
                throw new GraphQLError('"first" must be between 1 and 100.', { extensions: { code: 'BAD_USER_INPUT', argument: 'first' } });
              const edges = of(municipality)
                .slice(0, first)
                .map((node) => ({ key: [node.name, node.id], cursor: encodeCursor([node.name, node.id]), node }));
              return { edges, totalCount: of(municipality).length, missingMunicipalities: [], pageInfo: { hasNextPage: false, endCursor: null } };
            },
            _entities: (_, { representations }: { representations: Array<{ id: string }> }) =>
              representations.map(({ id }) => of(municipality).find((facility) => facility.id === id) ?? null),
          },
        })
      : standInSchema('vacancy', {
          Query: {
            _entities: (_, { representations }: { representations: Array<{ id: string }> }) =>
              representations.map(({ id }) => {
                const found = of(municipality).find((facility) => facility.id === id);
                return found ? { __typename: 'Facility', id, vacancies: found.places.map((places, index) => ({ id: `${id}:${index}`, places })) } : null;
              }),
          },
        }),
  );
  const registry = parseRegistry(
    {
      municipalities: [
        { key: city, name: 'Hansestadt Lüneburg', kind: 'CITY', parent: landkreis },
        { key: landkreis, name: 'Landkreis Lüneburg', kind: 'LANDKREIS' },
      ].map((entry) => ({ ...entry, subgraphs: { facility: instances.url(entry.key, 'facility'), vacancy: instances.url(entry.key, 'vacancy') } })),
    },
    { subgraphs: ['facility', 'vacancy'] },
  );
  const start = (preparedOperations: boolean) => startStandInGateway(registry, { maxQueryCost: 1_000, preparedOperations });
  [prepared, pipeline] = await Promise.all([start(true), start(false)]);
});

afterAll(async () => {
  await prepared?.close();
  await pipeline?.close();
  await instances?.close();
});

beforeEach(() => {
  for (const municipality of municipalities) for (const subgraph of ['facility', 'vacancy']) instances.setDown(municipality, subgraph, false);
});

interface Answer {
  status: number;
  headers: Record<string, string | null>;
  body: unknown;
}

async function send(gateway: RunningGateway, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await response.text();
  return {
    status: response.status,
    headers: Object.fromEntries(['content-type', 'cache-control', 'vary'].map((name) => [name, response.headers.get(name)])),
    body: JSON.parse(text),
  };
}

async function preparedCount(): Promise<number> {
  const text = await (await fetch(prepared.url.replace(/\/graphql$/, '/metrics'))).text();
  return Number(/^kita_gateway_prepared_requests_total (\d+)/m.exec(text)?.[1] ?? 0);
}

/** The pipeline's answer, the prepared gateway's first (its pipeline) and second (prepared) answers; the count of prepared answers given. */
async function thrice(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const before = await preparedCount();
  const reference = await send(pipeline, body, headers);
  const first = await send(prepared, body, headers);
  const second = await send(prepared, body, headers);
  return { reference, first, second, preparedAnswers: (await preparedCount()) - before };
}

const search = /* GraphQL */ `
  query Search($municipalities: [String!], $first: Int!, $after: String) {
    facilities(municipalities: $municipalities, first: $first, after: $after) {
      totalCount
      missingMunicipalities
      edges {
        node {
          __typename
          id
          ...Names
          free: vacancies {
            places
          }
          ... on Facility {
            kind
            municipality
          }
        }
      }
    }
  }
  fragment Names on Facility {
    name
    kindName: __typename
  }
`;

describe('a prepared operation', () => {
  it('answers as the pipeline does: entities of two subgraphs, aliases, fragments, __typename', async () => {
    const { reference, first, second, preparedAnswers } = await thrice({ query: search, variables: { municipalities: [city], first: 20 } });
    expect(reference.status).toBe(200);
    const page = (reference.body as { data: { facilities: { edges: Array<{ node: { name: string; free: unknown[] } }> } } }).data.facilities;
    // Both stand-in subgraphs answered: names from the facility instances, free places from the vacancy instances.
    expect(page.edges.length).toBeGreaterThan(0);
    expect(page.edges[0].node.free).toEqual([{ places: 2 }, { places: 1 }]);
    expect(first).toEqual(reference);
    expect(second).toEqual(reference);
    expect(preparedAnswers).toBe(1);
  });

  it('answers the same in the fan-out, with Apollo Client’s Accept header', async () => {
    const accept = { accept: 'application/graphql-response+json,application/json;q=0.9' };
    const { reference, first, second, preparedAnswers } = await thrice({ query: search, variables: { first: 5 } }, accept);
    expect(reference.headers['content-type']).toContain('application/graphql-response+json');
    // The Landkreis's page is refused by its instance (a facility without its kind): one error, at the merged field.
    expect((reference.body as { errors: Array<{ path: unknown[] }> }).errors.map((error) => error.path)).toEqual([['facilities']]);
    expect([first, second]).toEqual([reference, reference]);
    // The document was prepared by the test before (other variables): both answers are prepared ones.
    expect(preparedAnswers).toBe(2);
  });

  it('passes a municipality’s outage and a subgraph’s refusal on as the pipeline does', async () => {
    instances.setDown(landkreis, 'facility', true);
    instances.setDown(city, 'vacancy', true);
    const outage = await thrice({ query: search, variables: { first: 5 } });
    expect((outage.reference.body as { errors: Array<{ extensions: { code: string } }> }).errors.map((error) => error.extensions.code)).toContain(
      'MUNICIPALITY_UNAVAILABLE',
    );
    expect([outage.first, outage.second]).toEqual([outage.reference, outage.reference]);
    instances.setDown(landkreis, 'facility', false);
    instances.setDown(city, 'vacancy', false);

    // Refused by the instance (a page size it does not serve), and by the gateway's router (a cursor it did not make).
    const refused = await thrice({ query: search, variables: { municipalities: [city], first: 0 } });
    const badCursor = await thrice({ query: search, variables: { first: 5, after: 'nonsense' } });
    for (const { reference, first, second } of [refused, badCursor]) {
      expect((reference.body as { errors: Array<{ extensions: { code: string } }> }).errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect([first, second]).toEqual([reference, reference]);
    }
  });

  it('leaves to the pipeline what it must refuse: a bad variable, a query over the cost budget', async () => {
    await send(prepared, { query: search, variables: { municipalities: [city], first: 1 } });
    const before = await preparedCount();
    const badVariable = { query: search, variables: { municipalities: [city], first: 'viele' } };
    const [reference, answer] = await Promise.all([send(pipeline, badVariable), send(prepared, badVariable)]);
    expect((reference.body as { errors: Array<{ extensions: { code: string } }> }).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(answer).toEqual(reference);
    // The whole region with the largest pages: over the test's budget of 1 000 rows.
    const expensive = { query: search, variables: { first: 100 } };
    const [expensiveReference, expensiveAnswer] = await Promise.all([send(pipeline, expensive), send(prepared, expensive)]);
    expect(expensiveReference.status).toBe(400);
    expect((expensiveReference.body as { errors: Array<{ extensions: { code: string } }> }).errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(expensiveAnswer).toEqual(expensiveReference);
    expect(await preparedCount()).toBe(before);
  });

  it('verifies every request’s token: a valid one is answered prepared, a bad one gets the pipeline’s 401', async () => {
    const variables = { municipalities: [city], first: 3 };
    const office = { authorization: `Bearer ${await tokenFor({ role: 'office', subject: 'office-city', municipalities: [city] })}` };
    const signedIn = await thrice({ query: search, variables }, office);
    expect(signedIn.reference.status).toBe(200);
    expect([signedIn.first, signedIn.second]).toEqual([signedIn.reference, signedIn.reference]);
    expect(signedIn.preparedAnswers).toBe(2);
    // Forwarded to the instances as it came: each subgraph verifies the viewer again.
    expect(instances.callsTo(city, 'facility').at(-1)?.headers.authorization).toBe(office.authorization);

    const bad = await thrice({ query: search, variables }, { authorization: 'Bearer not-a-token' });
    expect(bad.reference.status).toBe(401);
    expect([bad.first, bad.second]).toEqual([bad.reference, bad.reference]);
    expect(bad.preparedAnswers).toBe(0);
  });

  it('is found by a persisted query’s hash as by its text', async () => {
    const { createHash } = await import('node:crypto');
    const query = `query One($id: ID!) { facility(id: $id) { id name } }`;
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const variables = { id: of(city)[0].id };
    // APQ: the text registers the hash; after that the hash alone is enough, and the second hash-only request is prepared.
    await send(prepared, { query, variables, extensions: { persistedQuery: { version: 1, sha256Hash } } });
    const byHash = { variables, extensions: { persistedQuery: { version: 1, sha256Hash } } };
    const before = await preparedCount();
    const first = await send(prepared, byHash);
    const second = await send(prepared, byHash);
    expect(first.body).toEqual({ data: { facility: { id: variables.id, name: of(city)[0].name } } });
    expect(second).toEqual(first);
    expect((await preparedCount()) - before).toBe(1);
  });
});
