import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { currentSubgraphSdls, type Instances, type Stack, startInstances, startStack, subgraphNames, writeRegistryFile } from '@kita/dev';
import { type SubgraphCall } from '@kita/gateway';
import { emptyRegistry, type MunicipalityEntry, parseRegistry } from '@kita/registry';
import { compose, developmentSubgraphUrls } from '@kita/schema/compose';
import {
  decodeCursor,
  dropDatabases,
  externalPostgres,
  formatId,
  listDatabases,
  newLocalId,
  type SubgraphServer,
  silentLogger,
  startSubgraphInstance,
} from '@kita/shared';
import { postGraphQL, postgresUrl, testAuth, testVerifier, tokenFor } from '@kita/shared/testing';
import { VacancyEntity, vacancyModule } from '@kita/vacancy';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startFrontGateway } from './support.js';

const municipalities = ['03355022', '03355', '03101', '03103'];
const lueneburg = { latitude: 53.2484, longitude: 10.4081 };
const prefix = `t${randomBytes(4).toString('hex')}`;
const calls: SubgraphCall[] = [];
let stack: Stack;
let registryPath: string;
const extra: Instances[] = [];
const servers: Server[] = [];
const extraServers: SubgraphServer[] = [];

beforeAll(async () => {
  registryPath = path.join(await mkdtemp(path.join(tmpdir(), 'kita-registry-')), 'registry.json');
  stack = await startStack({
    postgres: externalPostgres(postgresUrl()),
    databasePrefix: prefix,
    municipalities,
    verifier: testVerifier,
    auth: testAuth,
    gatewayPort: 0,
    subgraphPort: 0,
    seed: true,
    facilitiesPerMunicipality: 12,
    registryPath,
    tenancy: { timeoutMs: 500, failureThreshold: 2, openMs: 60_000, livenessMs: 200 },
    development: true,
    logger: silentLogger,
    observe: (call) => calls.push(call),
  });
});

afterAll(async () => {
  await stack?.stop();
  for (const server of extraServers) await server.close();
  for (const instances of extra) await instances.stop();
  for (const server of servers) server.close();
  await dropDatabases(postgresUrl(), await listDatabases(postgresUrl(), prefix));
});

beforeEach(() => {
  calls.length = 0;
});

const gateway = (query: string, variables: Record<string, unknown> = {}, token?: string) => postGraphQL(stack.gateway.url, query, variables, token);
const callsTo = (subgraph: string) => calls.filter((call) => call.subgraph === subgraph);
const isMutation = (call: SubgraphCall) => call.query.trimStart().startsWith('mutation');

/** Reloads the registry with some entries changed, as an operator's edit would. */
async function reloadWith(change: (entries: MunicipalityEntry[]) => MunicipalityEntry[]): Promise<void> {
  const entries = change(structuredClone(stack.entries));
  await stack.gateway.reload(parseRegistry({ municipalities: entries }, { subgraphs: [...subgraphNames] }));
}

/** A proxy that forwards to `target` after `delayMs`, counting GraphQL requests (not the gateway's `/health` probes). */
async function delayingProxy(target: string, delayMs: number): Promise<{ url: string; requests: () => number }> {
  let requests = 0;
  const server = createServer(async (request, response) => {
    if (request.method === 'POST') requests += 1;
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    try {
      // Forwards who is asking, as a real proxy would: the gateway's service token opens `_service`.
      const passed = Object.fromEntries(
        ['authorization', 'x-service-authorization'].flatMap((name) => (request.headers[name] ? [[name, String(request.headers[name])]] : [])),
      );
      const forwarded = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json', ...passed }, body: Buffer.concat(chunks) });
      response.writeHead(forwarded.status, { 'content-type': 'application/json' });
      response.end(await forwarded.text());
    } catch {
      response.destroy();
    }
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/graphql`, requests: () => requests };
}

const pageQuery = `query Page($near: GeoPointInput, $orderBy: FacilityOrder, $first: Int, $after: String, $municipalities: [String!]) {
  facilities(near: $near, orderBy: $orderBy, first: $first, after: $after, municipalities: $municipalities) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor distanceKm node { id name municipality } }
  }
}`;

/** The oracle: every municipality's complete result, gathered directly and sorted in one list. */
async function oracle(orderBy: 'NAME' | 'DISTANCE'): Promise<string[]> {
  const all: Array<{ key: unknown[]; municipality: string; id: string }> = [];
  for (const municipality of municipalities) {
    const { body } = await postGraphQL(stack.instance(municipality, 'facility').url, pageQuery, { near: lueneburg, orderBy, first: 100 });
    expect(body.data.facilities.pageInfo.hasNextPage).toBe(false);
    for (const edge of body.data.facilities.edges) all.push({ key: decodeCursor(edge.cursor), municipality, id: edge.node.id });
  }
  const compare = (a: unknown, b: unknown) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
  all.sort((a, b) => compare(a.key[0], b.key[0]) || compare(a.key[1], b.key[1]) || compare(a.municipality, b.municipality));
  return all.map((entry) => entry.id);
}

describe('one query surface over several municipalities', () => {
  for (const orderBy of ['NAME', 'DISTANCE'] as const) {
    it(`pages through all municipalities by ${orderBy} exactly like the oracle, for several page sizes`, async () => {
      const expected = await oracle(orderBy);
      expect(new Set(expected.map((id) => id.split(':')[0]))).toEqual(new Set(municipalities));
      for (const first of [1, 5, 7, 50]) {
        const seen: string[] = [];
        let after: string | null = null;
        for (let page = 0; page < 100; page += 1) {
          const { body }: any = await gateway(pageQuery, { near: lueneburg, orderBy, first, after });
          expect(body.errors).toBeUndefined();
          expect(body.data.facilities.totalCount).toBe(expected.length);
          seen.push(...body.data.facilities.edges.map((edge: any) => edge.node.id));
          if (!body.data.facilities.pageInfo.hasNextPage) break;
          after = body.data.facilities.pageInfo.endCursor;
        }
        expect(seen, `page size ${first}`).toEqual(expected);
      }
    });
  }

  it('continues from any edge cursor, not only from the end of a page', async () => {
    const expected = await oracle('DISTANCE');
    const { body } = await gateway(pageQuery, { near: lueneburg, orderBy: 'DISTANCE', first: 10 });
    const fourth = body.data.facilities.edges[3].cursor;
    const next = await gateway(pageQuery, { near: lueneburg, orderBy: 'DISTANCE', first: 5, after: fourth });
    expect(next.body.data.facilities.edges.map((edge: any) => edge.node.id)).toEqual(expected.slice(4, 9));
  });

  it('batches the entities of a page spanning municipalities into one request per municipality', async () => {
    const { body } = await gateway(
      `query($near: GeoPointInput) { facilities(near: $near, orderBy: DISTANCE, first: 40) { edges { node { id freePlaces vacancies { places } } } } }`,
      { near: lueneburg },
    );
    expect(body.errors).toBeUndefined();
    const perMunicipality = new Map<string, number>();
    for (const edge of body.data.facilities.edges) perMunicipality.set(edge.node.id.split(':')[0], (perMunicipality.get(edge.node.id.split(':')[0]) ?? 0) + 1);
    expect(perMunicipality.size).toBeGreaterThan(1);
    const vacancyCalls = callsTo('vacancy');
    expect(vacancyCalls.map((call) => call.municipality).sort()).toEqual([...perMunicipality.keys()].sort());
    for (const call of vacancyCalls) {
      const representations = call.variables?.representations as Array<{ id: string }>;
      expect(representations.length).toBe(perMunicipality.get(call.municipality!));
      expect(representations.every((representation) => representation.id.startsWith(`${call.municipality}:`))).toBe(true);
    }
  });

  it('asks only the municipalities named in "municipalities"', async () => {
    const { body } = await gateway(pageQuery, { first: 50, municipalities: ['03355022', '03355'] });
    expect(body.errors).toBeUndefined();
    expect(new Set(body.data.facilities.edges.map((edge: any) => edge.node.municipality))).toEqual(new Set(['03355022', '03355']));
    expect(
      callsTo('facility')
        .map((call) => call.municipality)
        .sort(),
    ).toEqual(['03355', '03355022']);
  });

  it('refuses unknown municipality keys and foreign IDs without calling anyone', async () => {
    const unknown = await gateway(pageQuery, { first: 5, municipalities: ['03999'] });
    expect(unknown.body.errors?.[0].extensions?.code).toBe('UNKNOWN_MUNICIPALITY');
    const foreign = await gateway('query($id: ID!) { facility(id: $id) { name } }', { id: formatId('09162', newLocalId()) });
    expect(foreign.body.errors?.[0].extensions?.code).toBe('UNKNOWN_MUNICIPALITY');
    expect(callsTo('facility')).toHaveLength(0);
  });

  it('answers a mistake that every municipality refuses once, listing the municipalities, and no page', async () => {
    const { body } = await gateway('query($text: String) { facilities(first: 5, filter: { text: $text }) { totalCount edges { node { id } } } }', {
      text: 'x'.repeat(101),
    });

    expect(body.data).toEqual({ facilities: null });
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]).toMatchObject({
      message: '"text" must be at most 100 characters.',
      path: ['facilities'],
      extensions: { code: 'BAD_USER_INPUT', argument: 'filter.text', municipalities },
    });
    expect(body.errors![0].extensions).not.toHaveProperty('municipality');
    expect(
      callsTo('facility')
        .map((call) => call.municipality)
        .sort(),
    ).toEqual([...municipalities].sort());
  });

  it('merges ordered lists and sums statistics across municipalities', async () => {
    const upcoming = await gateway('{ upcomingVacancies(first: 15) { id availableFrom } }');
    expect(upcoming.body.errors).toBeUndefined();
    const each = await Promise.all(
      municipalities.map(
        async (municipality) =>
          (await postGraphQL(stack.instance(municipality, 'vacancy').url, '{ upcomingVacancies(first: 100) { id availableFrom } }')).body.data
            .upcomingVacancies,
      ),
    );
    const expected = each
      .flat()
      .sort((a: any, b: any) => (a.availableFrom < b.availableFrom ? -1 : a.availableFrom > b.availableFrom ? 1 : a.id < b.id ? -1 : 1))
      .slice(0, 15);
    expect(upcoming.body.data.upcomingVacancies).toEqual(expected);

    const statistics = await gateway('{ freePlaceStatistics { ageGroup hoursBand vacancies places } }');
    const perMunicipality = await Promise.all(
      municipalities.map(
        async (municipality) =>
          (await postGraphQL(stack.instance(municipality, 'vacancy').url, '{ freePlaceStatistics { ageGroup hoursBand vacancies places } }')).body.data
            .freePlaceStatistics,
      ),
    );
    const sum = (field: 'vacancies' | 'places') => perMunicipality.flat().reduce((total: number, bucket: any) => total + bucket[field], 0);
    const merged = statistics.body.data.freePlaceStatistics as Array<{ ageGroup: string; hoursBand: string; vacancies: number; places: number }>;
    expect(merged.reduce((total, bucket) => total + bucket.places, 0)).toBe(sum('places'));
    expect(merged.reduce((total, bucket) => total + bucket.vacancies, 0)).toBe(sum('vacancies'));
    expect(new Set(merged.map((bucket) => `${bucket.ageGroup}/${bucket.hoursBand}`)).size).toBe(merged.length);
  });

  it("concatenates a parent's reservations from every municipality", async () => {
    const token = await tokenFor({ role: 'parent', subject: 'demo-parent-1' });
    const { body } = await gateway('{ myReservations { id } }', {}, token);
    expect(body.errors).toBeUndefined();
    const direct = await Promise.all(
      municipalities.map(
        async (municipality) =>
          (await postGraphQL(stack.instance(municipality, 'reservation').url, '{ myReservations { id } }', {}, token)).body.data.myReservations,
      ),
    );
    expect(body.data.myReservations.map((r: any) => r.id).sort()).toEqual(
      direct
        .flat()
        .map((r: any) => r.id)
        .sort(),
    );
  });

  it('lists the registry through the gateway for filter lists', async () => {
    const { body } = await gateway('{ municipalities { key name kind districts parent { key } } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.municipalities.map((m: any) => m.key)).toEqual(municipalities);
    const city = body.data.municipalities.find((m: any) => m.key === '03355022');
    expect(city).toMatchObject({ name: 'Hansestadt Lüneburg', kind: 'CITY', parent: { key: '03355' } });
    expect(city.districts).toContain('Kaltenmoor');
  });
});

describe('mutations address exactly one municipality', () => {
  const count = (municipality: string) => stack.instance(municipality, 'vacancy').database.orm.em.fork().count(VacancyEntity, {});

  it('writes in the one municipality an ID names', async () => {
    const facility = (await gateway(pageQuery, { first: 1, municipalities: ['03355'] })).body.data.facilities.edges[0].node;
    const before = await Promise.all(municipalities.map(count));
    const token = await tokenFor({ role: 'office', municipalities: ['03355'] });
    const { body } = await gateway(
      'mutation($facilityId: ID!) { addVacancy(facilityId: $facilityId, input: { places: 2, ageRange: { fromMonths: 12, toMonths: 36 }, hoursBand: FULL_DAY, availableFrom: "2027-08-01" }) { id facility { name } } }',
      { facilityId: facility.id },
      token,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.addVacancy.facility.name).toBe(facility.name);
    const after = await Promise.all(municipalities.map(count));
    expect(after).toEqual(before.map((value, index) => (municipalities[index] === '03355' ? value + 1 : value)));
    expect(
      callsTo('vacancy')
        .filter(isMutation)
        .map((call) => call.municipality),
    ).toEqual(['03355']);
  });

  it('refuses a mutation that would reach several municipalities, and nothing is written anywhere', async () => {
    const ids = await Promise.all(
      ['03355022', '03355'].map(
        async (municipality) =>
          (await postGraphQL(stack.instance(municipality, 'vacancy').url, '{ upcomingVacancies(first: 1) { id } }')).body.data.upcomingVacancies[0].id,
      ),
    );
    const before = await Promise.all(municipalities.map(count));
    const token = await tokenFor({ role: 'office', municipalities: ['03355022', '03355'] });
    const { body } = await gateway('mutation($ids: [ID!]!) { removeVacancies(ids: $ids) }', { ids }, token);
    expect(body.data).toBeNull();
    expect(body.errors?.[0].extensions).toMatchObject({ code: 'MUNICIPALITY_REQUIRED', municipalities: ['03355022', '03355'] });
    expect(callsTo('vacancy').filter(isMutation)).toHaveLength(0);
    expect(await Promise.all(municipalities.map(count))).toEqual(before);

    const none = await gateway('mutation { removeVacancies(ids: []) }', {}, token);
    expect(none.body.errors?.[0].extensions?.code).toBe('MUNICIPALITY_REQUIRED');
    expect(callsTo('vacancy').filter(isMutation)).toHaveLength(0);
  });
});

describe('the registry file', () => {
  it('reports a bad entry clearly and keeps serving with the last good registry', async () => {
    const good = await readFile(registryPath, 'utf8');
    const broken = JSON.parse(good);
    broken.municipalities[1].key = '3355';
    broken.municipalities[2].subgraphs.vacancy = 'ftp://nowhere';
    await writeFile(registryPath, JSON.stringify(broken));
    let ready: any;
    for (let attempt = 0; attempt < 50 && !ready?.registry?.error; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      ready = await (await fetch(stack.gateway.url.replace('/graphql', '/ready'))).json();
    }
    // The last good registry stays in use: still ready.
    expect(ready.status).toBe('ready');
    expect(ready.registry.error).toEqual(
      expect.arrayContaining([expect.stringMatching(/^municipalities\[1\].*key/), expect.stringMatching(/^municipalities\[2\].*subgraphs\.vacancy.*http/)]),
    );
    const { body } = await gateway(pageQuery, { first: 3 });
    expect(body.errors).toBeUndefined();
    expect(callsTo('facility')).toHaveLength(municipalities.length);
    await writeRegistryFile(registryPath, stack.entries);
  });

  it('adds a municipality on reload, without a restart', async () => {
    const added = await startInstances({
      postgres: externalPostgres(postgresUrl()),
      databasePrefix: prefix,
      municipalities: ['03403'],
      verifier: testVerifier,
      auth: testAuth,
      subgraphPort: 0,
      seed: true,
      facilitiesPerMunicipality: 5,
      development: true,
      logger: silentLogger,
    });
    extra.push(added);
    await writeRegistryFile(registryPath, [...stack.entries, ...added.entries]);
    let keys: string[] = [];
    for (let attempt = 0; attempt < 50 && !keys.includes('03403'); attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      keys = (await gateway('{ municipalities { key } }')).body.data.municipalities.map((m: any) => m.key);
    }
    expect(keys).toEqual([...municipalities, '03403']);
    calls.length = 0;
    const { body } = await gateway(pageQuery, { first: 100 });
    expect(body.data.facilities.edges.some((edge: any) => edge.node.municipality === '03403')).toBe(true);
    expect(callsTo('facility').map((call) => call.municipality)).toContain('03403');
    await writeRegistryFile(registryPath, stack.entries);
    for (let attempt = 0; attempt < 50 && keys.includes('03403'); attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      keys = (await gateway('{ municipalities { key } }')).body.data.municipalities.map((m: any) => m.key);
    }
  });
});

describe('when a municipality fails', () => {
  it('treats an instance whose schema does not match as unavailable, visibly in /status, while the gateway stays ready', async () => {
    const committed = await readFile(new URL('../../schema/facility.graphql', import.meta.url), 'utf8');
    const wrong = committed.replace(/\n\s+capacity: Int!/, '');
    const server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ data: { _service: { sdl: wrong } } }));
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/graphql`;
    await reloadWith((entries) => entries.map((entry) => (entry.key === '03103' ? { ...entry, subgraphs: { ...entry.subgraphs, facility: url } } : entry)));
    const ready = await fetch(stack.gateway.url.replace('/graphql', '/ready'));
    expect(ready.status).toBe(200);
    const status = (await (await fetch(stack.gateway.url.replace('/graphql', '/status'))).json()) as any;
    const wolfsburg = status.municipalities.find((m: any) => m.key === '03103');
    expect(wolfsburg.subgraphs.facility).toMatchObject({ state: 'incompatible', schema: 'incompatible', url });
    expect(status.instances.ok).toBe(status.instances.active - 1);
    const page = await (await fetch(stack.gateway.url.replace('/graphql', '/status'), { headers: { accept: 'text/html' } })).text();
    expect(page).toMatch(/<tr><td>03103 [^<]*<\/td><td>facility<\/td><td>incompatible<\/td>/);
    const { body } = await gateway(pageQuery, { first: 50 });
    expect(body.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'MUNICIPALITY_UNAVAILABLE', municipality: '03103' }) }),
    ]);
    expect(body.errors![0].message).toMatch(/schema/);
    expect(new Set(body.data.facilities.edges.map((edge: any) => edge.node.municipality))).toEqual(new Set(['03355022', '03355', '03101']));
    await reloadWith((entries) => entries);
  });

  it('answers from the others when one is slow, and pauses it after repeated timeouts', async () => {
    const proxy = await delayingProxy(stack.instance('03101', 'facility').url, 2_000);
    await reloadWith((entries) =>
      entries.map((entry) => (entry.key === '03101' ? { ...entry, subgraphs: { ...entry.subgraphs, facility: proxy.url } } : entry)),
    );
    const requestsAfterCheck = proxy.requests();
    for (const expected of [/did not answer in time/, /did not answer in time/, /paused/]) {
      const { body } = await gateway(pageQuery, { first: 50 });
      expect(body.errors).toHaveLength(1);
      expect(body.errors![0].extensions).toMatchObject({ code: 'MUNICIPALITY_UNAVAILABLE', municipality: '03101', subgraph: 'facility' });
      expect(body.errors![0].message).toMatch(expected);
      expect(body.data.facilities.edges.length).toBeGreaterThan(0);
      expect(body.data.facilities.edges.some((edge: any) => edge.node.municipality === '03101')).toBe(false);
    }
    // Two timeouts opened the circuit: the third request never reached the slow instance.
    expect(proxy.requests() - requestsAfterCheck).toBe(2);
    await reloadWith((entries) => entries);
  });

  it('shows an instance that died after its schema check as not ok without any request, and uses it again once it answers', async () => {
    const old = stack.instance('03101', 'vacancy');
    const port = Number(new URL(old.url).port);
    const databaseUrl = old.database.orm.config.get('clientUrl') as string;
    const stateOf = async () =>
      ((await (await fetch(stack.gateway.url.replace('/graphql', '/status'))).json()) as any).municipalities.find((m: any) => m.key === '03101').subgraphs
        .vacancy;
    expect((await stateOf()).state).toBe('ok');
    await old.close();

    // Nobody asked the instance anything: the gateway's liveness probe notices.
    await vi.waitFor(async () =>
      expect(await stateOf()).toMatchObject({ state: 'failing', schema: 'ok', circuit: 'closed', lastError: { reason: 'unreachable' } }),
    );
    expect(calls).toHaveLength(0);
    expect((await fetch(stack.gateway.url.replace('/graphql', '/ready'))).status).toBe(200);

    extraServers.push(
      await startSubgraphInstance(vacancyModule, {
        municipality: '03101',
        databaseUrl,
        port,
        verifier: testVerifier,
        auth: testAuth,
        production: false,
        logger: silentLogger,
      }),
    );
    await vi.waitFor(async () => expect((await stateOf()).state).toBe('ok'));
    const { body } = await gateway('{ upcomingVacancies(first: 50) { id } }');
    expect(body.errors).toBeUndefined();
    expect(callsTo('vacancy').map((call) => call.municipality)).toContain('03101');
  });

  it("nulls only a down vacancy instance's fields on a page of facilities, once per municipality and subgraph", async () => {
    const query = `query FreePlaces($first: Int) { facilities(first: $first) { totalCount edges { node { id municipality freePlaces vacancies { places } } } } }`;
    const before = await gateway(query, { first: 50 });
    expect(before.body.errors).toBeUndefined();
    const baseline = new Map(before.body.data.facilities.edges.map((edge: any) => [edge.node.id, edge.node.freePlaces]));
    expect([...baseline.values()].some((places) => (places as number) > 0)).toBe(true);

    // Nothing listens there: the Landkreis's vacancy instance is down, its facility instance is not.
    const dead = createServer();
    await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(dead.address() as { port: number }).port}/graphql`;
    await new Promise((resolve) => dead.close(resolve));
    await reloadWith((entries) => entries.map((entry) => (entry.key === '03355' ? { ...entry, subgraphs: { ...entry.subgraphs, vacancy: deadUrl } } : entry)));
    try {
      const { body } = await gateway(query, { first: 50 });

      const edges = body.data.facilities.edges as Array<{ node: { id: string; municipality: string; freePlaces: number | null; vacancies: unknown } }>;
      expect(edges.map((edge) => edge.node.id)).toEqual([...baseline.keys()]);
      expect(body.data.facilities.totalCount).toBe(before.body.data.facilities.totalCount);
      for (const { node } of edges) {
        if (node.municipality === '03355') expect(node).toMatchObject({ freePlaces: null, vacancies: null });
        else {
          expect(node.freePlaces).toBe(baseline.get(node.id));
          expect(Array.isArray(node.vacancies)).toBe(true);
        }
      }
      const first = edges.findIndex((edge) => edge.node.municipality === '03355');
      expect(first).toBeGreaterThanOrEqual(0);
      expect(body.errors).toHaveLength(1);
      expect(body.errors![0]).toMatchObject({
        path: ['facilities', 'edges', first, 'node', 'freePlaces'],
        extensions: { code: 'MUNICIPALITY_UNAVAILABLE', municipality: '03355', subgraph: 'vacancy' },
      });
      expect(body.errors![0].message).toContain('Landkreis Lüneburg');

      // Lists and statistics: what the others delivered, and an error at the field naming the missing one.
      const lists = await gateway('{ upcomingVacancies(first: 100) { id } freePlaceStatistics { ageGroup hoursBand vacancies places } }');
      const unavailableAt = (field: string) =>
        expect.objectContaining({
          path: [field],
          extensions: expect.objectContaining({ code: 'MUNICIPALITY_UNAVAILABLE', municipality: '03355', subgraph: 'vacancy' }),
        });
      expect(lists.body.errors).toEqual(expect.arrayContaining([unavailableAt('upcomingVacancies'), unavailableAt('freePlaceStatistics')]));
      expect(lists.body.errors).toHaveLength(2);
      expect(lists.body.data.upcomingVacancies.length).toBeGreaterThan(0);
      expect(lists.body.data.upcomingVacancies.some((vacancy: { id: string }) => vacancy.id.startsWith('03355:'))).toBe(false);
      expect(lists.body.data.freePlaceStatistics.length).toBeGreaterThan(0);

      // Asked alone, the municipality's statistics are null, not buckets of zero.
      const alone = await gateway('{ freePlaceStatistics(municipalities: ["03355"]) { places } }');
      expect(alone.body.data).toEqual({ freePlaceStatistics: null });
      expect(alone.body.errors).toEqual([unavailableAt('freePlaceStatistics')]);
    } finally {
      await reloadWith((entries) => entries);
    }
  });

  it("nulls the fields of both down instances of one municipality, vacancy and reservation, on a page of facilities and keeps every other facility's", async () => {
    const query = `query Page($first: Int) {
      facilities(first: $first) { totalCount edges { node { id municipality name freePlaces availability vacancies { places } reservations { id } } } }
    }`;
    // An office of every municipality may read every facility's reservations.
    const token = await tokenFor({ role: 'office', subject: 'office-everywhere', municipalities });
    const before = await gateway(query, { first: 50 }, token);
    expect(before.body.errors).toBeUndefined();
    type Node = { id: string; municipality: string; freePlaces: number | null; availability: string | null; vacancies: unknown; reservations: unknown };
    const baseline = new Map((before.body.data.facilities.edges as Array<{ node: Node }>).map(({ node }) => [node.id, node]));
    expect(new Set([...baseline.values()].map((node) => node.municipality))).toEqual(new Set(municipalities));
    expect([...baseline.values()].every((node) => Array.isArray(node.reservations) && node.availability !== null)).toBe(true);
    // The Landkreis had something to lose, and so did the others.
    for (const inLandkreis of [true, false]) {
      const nodes = [...baseline.values()].filter((node) => (node.municipality === '03355') === inLandkreis);
      expect(nodes.some((node) => (node.freePlaces ?? 0) > 0)).toBe(true);
      expect(nodes.some((node) => (node.reservations as unknown[]).length > 0)).toBe(true);
    }

    // Nothing listens there: the Landkreis's vacancy and reservation instances are down, its facility instance is not.
    const dead = createServer();
    await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(dead.address() as { port: number }).port}/graphql`;
    await new Promise((resolve) => dead.close(resolve));
    await reloadWith((entries) =>
      entries.map((entry) => (entry.key === '03355' ? { ...entry, subgraphs: { ...entry.subgraphs, vacancy: deadUrl, reservation: deadUrl } } : entry)),
    );
    try {
      const { body } = await gateway(query, { first: 50 }, token);

      const edges = body.data.facilities.edges as Array<{ node: Node }>;
      expect(edges.map((edge) => edge.node.id)).toEqual([...baseline.keys()]);
      expect(body.data.facilities.totalCount).toBe(before.body.data.facilities.totalCount);
      for (const { node } of edges) {
        if (node.municipality === '03355')
          expect(node).toEqual({ ...baseline.get(node.id), freePlaces: null, availability: null, vacancies: null, reservations: null });
        else expect(node).toEqual(baseline.get(node.id));
      }
      const first = edges.findIndex((edge) => edge.node.municipality === '03355');
      expect(first).toBeGreaterThanOrEqual(0);
      expect(body.errors).toHaveLength(2);
      expect(body.errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            path: ['facilities', 'edges', first, 'node', 'freePlaces'],
            extensions: expect.objectContaining({ code: 'MUNICIPALITY_UNAVAILABLE', municipality: '03355', subgraph: 'vacancy' }),
          }),
          expect.objectContaining({
            path: ['facilities', 'edges', first, 'node', 'reservations'],
            extensions: expect.objectContaining({ code: 'MUNICIPALITY_UNAVAILABLE', municipality: '03355', subgraph: 'reservation' }),
          }),
        ]),
      );
    } finally {
      await reloadWith((entries) => entries);
    }
  });

  it('answers from the others when one is down, naming the missing municipality, without a total that looks complete', async () => {
    const query = `query Page($first: Int, $municipalities: [String!]) {
      facilities(first: $first, municipalities: $municipalities) { totalCount missingMunicipalities edges { node { id municipality } } }
    }`;
    const before = await gateway(query, { first: 50 });
    expect(before.body.data.facilities).toMatchObject({ totalCount: before.body.data.facilities.edges.length, missingMunicipalities: [] });
    const others = before.body.data.facilities.edges.filter((edge: any) => edge.node.municipality !== '03103');

    await stack.instance('03103', 'facility').close();
    const { body } = await gateway(query, { first: 50 });

    expect(body.errors).toHaveLength(1);
    expect(body.errors![0].extensions).toMatchObject({ code: 'MUNICIPALITY_UNAVAILABLE', municipality: '03103' });
    expect(body.errors![0].message).toContain('Wolfsburg');
    expect(body.data.facilities.totalCount).toBeNull();
    expect(body.data.facilities.missingMunicipalities).toEqual(['03103']);
    expect(body.data.facilities.edges).toEqual(others);

    // Asked alone, the municipality that is down answers null, not an empty page.
    const alone = await gateway(query, { first: 50, municipalities: ['03103'] });
    expect(alone.body.data).toEqual({ facilities: null });
    expect(alone.body.errors).toEqual([
      expect.objectContaining({
        path: ['facilities'],
        extensions: expect.objectContaining({ code: 'MUNICIPALITY_UNAVAILABLE', municipality: '03103', subgraph: 'facility' }),
      }),
    ]);
  });
});

describe('without a registry', () => {
  it('is a plain federation gateway over the URLs in the supergraph', async () => {
    const urls = { ...developmentSubgraphUrls, ...Object.fromEntries(subgraphNames.map((name) => [name, stack.instance('03355022', name).url])) };
    const composition = compose(await currentSubgraphSdls(), urls);
    expect(composition.errors).toEqual([]);
    const plainCalls: SubgraphCall[] = [];
    const plain = await startFrontGateway(stack, {
      supergraphSdl: composition.supergraphSdl,
      registry: emptyRegistry,
      observe: (call) => plainCalls.push(call),
    });
    try {
      const { body } = await postGraphQL(plain.url, '{ facilities(first: 3) { edges { node { municipality freePlaces } } } }');
      expect(body.errors).toBeUndefined();
      expect(body.data.facilities.edges.map((edge: any) => edge.node.municipality)).toEqual(['03355022', '03355022', '03355022']);
      expect(plainCalls.map((call) => [call.subgraph, call.url, call.municipality])).toEqual([
        ['facility', urls.facility, undefined],
        ['vacancy', urls.vacancy, undefined],
      ]);
    } finally {
      await plain.close();
    }
  });
});
