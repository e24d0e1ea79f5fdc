import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { loadDevEnv, type Stack, startStack, subgraphNames } from '@kita/dev';
import { parseRegistry } from '@kita/registry';
import { dropDatabases, externalPostgres, listDatabases, silentLogger } from '@kita/shared';
import { postGraphQL, postgresUrl, testAuth, testVerifier, tokenFor } from '@kita/shared/testing';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';

// Issue 11's story at the federation's real width: all 21 demo municipalities, one of them losing its
// vacancy and reservation instances while a page over all of them is read.

/** Every demo municipality, as `npm start` runs them. */
const municipalities = loadDevEnv({}).MUNICIPALITIES;
const down = '03355';
const prefix = `t${randomBytes(4).toString('hex')}`;
let stack: Stack;

// 63 instances hold up to three connections each: a server with PostgreSQL's default of 100 cannot
// host them (the embedded one of the test run allows 400), so there the story is told by tenancy.test.ts's
// four municipalities alone.
const connections = new pg.Client({ connectionString: postgresUrl() });
await connections.connect();
const { rows } = await connections.query<{ max_connections: string }>('show max_connections');
await connections.end();
const roomFor21 = Number(rows[0].max_connections) >= 300;

beforeAll(async () => {
  if (!roomFor21) return;
  stack = await startStack({
    postgres: externalPostgres(postgresUrl()),
    databasePrefix: prefix,
    municipalities,
    verifier: testVerifier,
    auth: testAuth,
    gatewayPort: 0,
    subgraphPort: 0,
    seed: true,
    facilitiesPerMunicipality: 3,
    tenancy: { timeoutMs: 2000 },
    development: true,
    logger: silentLogger,
  });
}, 240_000);

afterAll(async () => {
  await stack?.stop();
  if (roomFor21) await dropDatabases(postgresUrl(), await listDatabases(postgresUrl(), prefix));
});

it.runIf(roomFor21)(
  'keeps every other facility of a 21-municipality page whole while one municipality has lost its vacancy and reservation instances',
  async () => {
    expect(municipalities).toHaveLength(21);
    const query = `query Page($first: Int) {
    facilities(first: $first) { totalCount missingMunicipalities edges { node { id municipality name freePlaces availability vacancies { places } reservations { id } } } }
  }`;
    const token = await tokenFor({ role: 'office', subject: 'office-of-the-region', municipalities });
    const before = await postGraphQL(stack.gateway.url, query, { first: 100 }, token);
    expect(before.body.errors).toBeUndefined();
    type Node = { id: string; municipality: string; freePlaces: number | null; reservations: unknown[] | null };
    const baseline = new Map((before.body.data.facilities.edges as Array<{ node: Node }>).map(({ node }) => [node.id, node]));
    expect(new Set([...baseline.values()].map((node) => node.municipality))).toEqual(new Set(municipalities));
    expect([...baseline.values()].some((node) => node.municipality === down && (node.freePlaces ?? 0) > 0)).toBe(true);

    const dead = createServer();
    await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(dead.address() as { port: number }).port}/graphql`;
    await new Promise((resolve) => dead.close(resolve));
    const entries = structuredClone(stack.entries).map((entry) =>
      entry.key === down ? { ...entry, subgraphs: { ...entry.subgraphs, vacancy: deadUrl, reservation: deadUrl } } : entry,
    );
    await stack.gateway.reload(parseRegistry({ municipalities: entries }, { subgraphs: [...subgraphNames] }));

    const { body } = await postGraphQL(stack.gateway.url, query, { first: 100 }, token);
    const edges = body.data.facilities.edges as Array<{ node: Node }>;
    // The page itself is whole: the facility instances all answered.
    expect(edges.map((edge) => edge.node.id)).toEqual([...baseline.keys()]);
    expect(body.data.facilities).toMatchObject({ totalCount: before.body.data.facilities.totalCount, missingMunicipalities: [] });
    for (const { node } of edges) {
      if (node.municipality === down)
        expect(node).toEqual({ ...baseline.get(node.id), freePlaces: null, availability: null, vacancies: null, reservations: null });
      else expect(node).toEqual(baseline.get(node.id));
    }
    // One error per subgraph that failed, not one per facility or per fetch.
    expect(body.errors).toHaveLength(2);
    expect(body.errors!.map(({ extensions }) => [extensions?.code, extensions?.municipality, extensions?.subgraph]).sort()).toEqual([
      ['MUNICIPALITY_UNAVAILABLE', down, 'reservation'],
      ['MUNICIPALITY_UNAVAILABLE', down, 'vacancy'],
    ]);
  },
);
