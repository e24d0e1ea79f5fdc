import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { gatewayPrincipal, generateServiceKey, type Logger, silentLogger } from '@kita/core';
import { parseRegistry, type Registry } from '@kita/registry';
import { encodeCursor, formatId, type MunicipalityKey, newLocalId } from '@kita/schema';
import { tokenFor } from '@kita/shared/testing';
import { buildSchema, parse } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { committedSupergraph, type StandIns, standInSchema, startStandInGateway, startStandIns } from '../../test/stand-ins.js';
import { loadGatewayEnv } from '../config.js';
import { type GatewayOptions, type RunningGateway } from '../gateway.js';
import { persistedDocumentsFrom } from '../persisted-documents.js';
import { decidePublic, readFieldGraphs } from './public-operations.js';
import type { ResponseCacheOptions } from './response-cache.js';
import { RedisStore } from './store.js';

// The response cache in front of stand-in instances (the committed facility and vacancy schemas
// over fixture data, no database): what is cached and for whom, one subgraph round for identical
// concurrent requests, ETag and 304 on GET, invalidation per municipality, and Redis shared by two
// gateways. Invalidation by real events (a vacancy added on a real instance) is in
// gateway/test/response-cache.test.ts.

const supergraphSdl = committedSupergraph;
const city = '03355022';
const landkreis = '03355';
const municipalities = [city, landkreis];

const facilities = municipalities.flatMap((municipality) =>
  ['Kita Am Sande', 'Kita Zeltberg'].map((name) => ({ id: formatId(municipality as MunicipalityKey, newLocalId()), name, municipality })),
);
const node = (fixture: (typeof facilities)[number]) => ({ __typename: 'Facility', ...fixture });
/** Each instance answers after this long, so that identical requests overlap in flight. */
let answerDelayMs = 0;
const later = <T>(value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), answerDelayMs));

const facilitySchema = (municipality: string) =>
  standInSchema('facility', {
    Query: {
      facility: (_, { id }: { id: string }) => facilities.find((fixture) => fixture.id === id && fixture.municipality === municipality) ?? null,
      facilities: () => {
        const own = facilities.filter((fixture) => fixture.municipality === municipality);
        return later({
          edges: own.map((fixture) => ({ key: [fixture.name, fixture.id], cursor: encodeCursor([fixture.name, fixture.id]), node: node(fixture) })),
          totalCount: own.length,
          missingMunicipalities: [],
          pageInfo: { hasNextPage: false, endCursor: null },
        });
      },
      facilityMarkers: () =>
        facilities.filter((fixture) => fixture.municipality === municipality).map((fixture) => ({ id: fixture.id, name: fixture.name, freePlacesNow: 2 })),
      _entities: (_, { representations }: { representations: Array<{ id: string }> }) =>
        representations.map(({ id }) => facilities.find((fixture) => fixture.id === id) ?? null),
    },
  });

const vacancySchema = () =>
  standInSchema('vacancy', {
    Query: {
      freePlaceStatistics: () => [{ ageGroup: 'KRIPPE', hoursBand: 'HALF_DAY', vacancies: 1, places: 2 }],
      _entities: (_, { representations }: { representations: Array<{ id: string; __typename: string }> }) =>
        representations.map(({ id, __typename }) => ({ __typename, id, freePlacesNow: 2 })),
    },
  });

const searchQuery = `query Search($municipalities: [String!]) {
  facilities(first: 20, municipalities: $municipalities) { totalCount edges { node { id name municipality freePlacesNow } } }
}`;

let instances: StandIns;
let registry: Registry;
const gateways: RunningGateway[] = [];

async function gatewayWith(responseCache: ResponseCacheOptions, more: Partial<GatewayOptions> = {}): Promise<RunningGateway> {
  const gateway = await startStandInGateway(registry, {
    // The stand-ins serve no `/events`: invalidation is asked for by the tests.
    responseCache: { eventsIntervalMs: 0, ...responseCache },
    ...more,
  });
  gateways.push(gateway);
  return gateway;
}

beforeAll(async () => {
  instances = await startStandIns(municipalities, ['facility', 'vacancy'], (municipality, subgraph) =>
    subgraph === 'facility' ? facilitySchema(municipality) : vacancySchema(),
  );
  registry = parseRegistry(
    {
      municipalities: [
        { key: city, name: 'Hansestadt Lüneburg', kind: 'CITY', parent: landkreis },
        { key: landkreis, name: 'Landkreis Lüneburg', kind: 'LANDKREIS' },
      ].map((entry) => ({ ...entry, subgraphs: { facility: instances.url(entry.key, 'facility'), vacancy: instances.url(entry.key, 'vacancy') } })),
    },
    { subgraphs: ['facility', 'vacancy'] },
  );
});

afterAll(async () => {
  for (const gateway of gateways) await gateway.close();
  await instances?.close();
});

beforeEach(() => {
  instances.calls.length = 0;
  answerDelayMs = 0;
});

interface Answer {
  status: number;
  headers: Headers;
  body: { data?: any; errors?: Array<{ extensions: Record<string, unknown> }> } | undefined;
}

async function post(gateway: RunningGateway, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<Answer> {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Answer['body'] };
}

async function get(
  gateway: RunningGateway,
  query: string | undefined,
  variables: Record<string, unknown>,
  headers: Record<string, string> = {},
  extensions?: object,
): Promise<Answer> {
  const url = new URL(gateway.url);
  if (query) url.searchParams.set('query', query);
  if (extensions) url.searchParams.set('extensions', JSON.stringify(extensions));
  url.searchParams.set('variables', JSON.stringify(variables));
  // Apollo Server's CSRF prevention lets a GET through with this header (as Apollo Client sends it).
  const response = await fetch(url, { headers: { 'apollo-require-preflight': 'true', ...headers } });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

const facilityCalls = (municipality?: string) =>
  instances.calls.filter((call) => call.subgraph === 'facility' && (!municipality || call.municipality === municipality)).length;

describe('the response cache, in process', () => {
  let gateway: RunningGateway;
  beforeAll(async () => {
    gateway = await gatewayWith({});
  });

  it('answers an anonymous search from the cache the second time, without asking the municipalities', async () => {
    const first = await post(gateway, searchQuery, { municipalities: [city] });
    expect(first.body?.errors).toBeUndefined();
    expect(first.body?.data.facilities.totalCount).toBe(2);
    expect(first.headers.get('x-response-cache')).toBe('miss');
    expect(facilityCalls(city)).toBe(1);
    const second = await post(gateway, searchQuery, { municipalities: [city] });
    expect(second.headers.get('x-response-cache')).toBe('hit');
    expect(second.body).toEqual(first.body);
    expect(facilityCalls(city)).toBe(1);
    // POST answers are not for browsers' or CDNs' caches.
    expect(second.headers.get('cache-control')).toBe('no-store');
  });

  it('never serves a cached answer to a request with a token, and a request with a token never fills the cache', async () => {
    const parent = await tokenFor({ role: 'parent', subject: 'parent-cache' });
    // Cached for anonymous callers …
    await post(gateway, searchQuery, { municipalities: [landkreis] });
    expect((await post(gateway, searchQuery, { municipalities: [landkreis] })).headers.get('x-response-cache')).toBe('hit');
    instances.calls.length = 0;
    // … but a token's request goes to the municipality, every time, and says nothing of the cache.
    for (const token of [parent, parent, 'not-a-token']) {
      const answer = await post(gateway, searchQuery, { municipalities: [landkreis] }, token);
      expect(answer.headers.get('x-response-cache')).toBeNull();
    }
    expect(facilityCalls(landkreis)).toBe(2); // the third is refused as UNAUTHENTICATED before anything is sent
    // A search asked first with a token is not in the cache for the anonymous one after it.
    instances.calls.length = 0;
    const variables = { municipalities: [city, landkreis] };
    const withToken = await post(gateway, searchQuery, variables, parent);
    expect(withToken.body?.errors).toBeUndefined();
    expect((await post(gateway, searchQuery, variables, parent)).headers.get('x-response-cache')).toBeNull();
    const anonymous = await post(gateway, searchQuery, variables);
    expect(anonymous.headers.get('x-response-cache')).toBe('miss');
    expect(facilityCalls()).toBe(2 * 2 + 2);
  });

  it('sends one request per instance for identical concurrent anonymous requests', async () => {
    answerDelayMs = 300;
    const variables = { municipalities: [city, landkreis] };
    const query = `query Concurrent($municipalities: [String!]) { facilities(first: 5, municipalities: $municipalities) { edges { node { id name } } } }`;
    const answers = await Promise.all(Array.from({ length: 12 }, () => post(gateway, query, { municipalities: variables.municipalities })));
    for (const answer of answers) expect(answer.body).toEqual(answers[0].body);
    expect(answers[0].body?.data.facilities.edges).toHaveLength(4);
    expect(facilityCalls(city)).toBe(1);
    expect(facilityCalls(landkreis)).toBe(1);
    expect(answers.filter((answer) => answer.headers.get('x-response-cache') === 'miss')).toHaveLength(1);
  });

  it('gives GET answers Cache-Control and an ETag, and 304 without a body to If-None-Match', async () => {
    const variables = { municipalities: [city] };
    const first = await get(gateway, searchQuery, variables);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('public, max-age=1');
    expect(first.headers.get('vary')).toBe('Accept, Authorization, Accept-Language, Origin');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    const again = await get(gateway, searchQuery, variables, { 'if-none-match': etag! });
    expect(again.status).toBe(304);
    expect(again.body).toBeUndefined();
    // Another ETag (the answer changed) gets the whole answer.
    const changed = await get(gateway, searchQuery, variables, { 'if-none-match': '"something-else"' });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual(first.body);
    // With a token: no public caching, no ETag.
    const token = await get(gateway, searchQuery, variables, {
      authorization: `Bearer ${await tokenFor({ role: 'parent', subject: 'p' })}`,
      'if-none-match': etag!,
    });
    expect(token.status).toBe(200);
    expect(token.headers.get('cache-control')).toBe('no-store');
    expect(token.headers.get('etag')).toBeNull();
  });

  it('answers a GET that names the document by its APQ hash alone, with the same ETag', async () => {
    const markers = 'query Markers($municipalities: [String!]) { facilityMarkers(municipalities: $municipalities) { id name freePlacesNow } }';
    const persistedQuery = { version: 1, sha256Hash: createHash('sha256').update(markers).digest('hex') };
    const variables = { municipalities: [landkreis] };
    // The text with its hash registers it (APQ), as Apollo Client does after PERSISTED_QUERY_NOT_FOUND.
    const registered = await get(gateway, markers, variables, {}, { persistedQuery });
    expect(registered.body?.data.facilityMarkers).toHaveLength(2);
    const etag = registered.headers.get('etag')!;
    const byHash = await get(gateway, undefined, variables, {}, { persistedQuery });
    expect(byHash.status).toBe(200);
    expect(byHash.headers.get('x-response-cache')).toBe('hit');
    expect(byHash.headers.get('etag')).toBe(etag);
    expect(byHash.body).toEqual(registered.body);
    expect((await get(gateway, undefined, variables, { 'if-none-match': `W/${etag}` }, { persistedQuery })).status).toBe(304);
    expect(facilityCalls(landkreis)).toBe(1);
  });

  it('counts hits and misses and the invalidations per municipality at /metrics', async () => {
    await gateway.responseCache!.invalidate([landkreis]);
    await post(gateway, searchQuery, { municipalities: [landkreis] });
    const metrics = await (await fetch(new URL('/metrics', gateway.url))).text();
    expect(metrics).toMatch(/kita_gateway_response_cache_requests_total\{outcome="hit"\} [1-9]/);
    expect(metrics).toMatch(/kita_gateway_response_cache_requests_total\{outcome="miss"\} [1-9]/);
    expect(metrics).toMatch(/kita_gateway_response_cache_invalidations_total\{municipality="03355"\} [1-9]/);
  });

  it('leaves operations that are not public reads alone', async () => {
    const statistics = 'query Stats { freePlaceStatistics(municipalities: ["03355022"]) { places } }';
    for (let round = 0; round < 2; round += 1) {
      const answer = await post(gateway, statistics);
      expect(answer.headers.get('x-response-cache')).toBeNull();
    }
    expect(instances.calls.filter((call) => call.subgraph === 'vacancy')).toHaveLength(2);
  });

  it('invalidates per municipality: a change in one is asked again, the other stays cached', async () => {
    await post(gateway, searchQuery, { municipalities: [city] });
    await post(gateway, searchQuery, { municipalities: [landkreis] });
    await post(gateway, searchQuery, {});
    instances.calls.length = 0;
    await gateway.responseCache!.invalidate([city]);
    expect((await post(gateway, searchQuery, { municipalities: [city] })).headers.get('x-response-cache')).toBe('miss');
    expect((await post(gateway, searchQuery, { municipalities: [landkreis] })).headers.get('x-response-cache')).toBe('hit');
    // The search over every municipality touches the city too.
    expect((await post(gateway, searchQuery, {})).headers.get('x-response-cache')).toBe('miss');
    expect(facilityCalls(landkreis)).toBe(1);
    expect(facilityCalls(city)).toBe(2);
  });
});

describe('which operations are public reads', () => {
  const graphs = readFieldGraphs(supergraphSdl);
  const schema = buildSchema(supergraphSdl);
  const decide = (source: string) => {
    const document = parse(source);
    const operation = document.definitions.find((definition) => definition.kind === 'OperationDefinition')!;
    return decidePublic(schema, document, operation as never, graphs);
  };

  it('accepts search, markers, profiles, vacancies and municipalities', () => {
    expect(decide('{ facilities { edges { node { name freePlacesNow vacancies { places } } } } }')).toEqual({ cacheable: true, reachesMunicipalities: true });
    expect(decide('{ facilityMarkers { id latitude availability } }').cacheable).toBe(true);
    expect(decide('query($id: ID!) { facility(id: $id) { ...Profile } } fragment Profile on Facility { name media { id } }').cacheable).toBe(true);
    expect(decide('{ upcomingVacancies { places facility { name } } }').cacheable).toBe(true);
    expect(decide('{ municipalities { key name } }')).toEqual({ cacheable: true, reachesMunicipalities: false });
  });

  it('refuses mutations, other root fields, fields of unwatched subgraphs (also in fragments) and introspection', () => {
    expect(decide('mutation { removeVacancies(ids: []) }').cacheable).toBe(false);
    expect(decide('{ myReservations { id } }').cacheable).toBe(false);
    expect(decide('{ facility(id: "x") { name reservations { id } } }').cacheable).toBe(false);
    expect(decide('{ municipalities { key maxChoices } }').cacheable).toBe(false);
    expect(decide('{ facilities { edges { node { ...F } } } } fragment F on Facility { reservations { id } }').cacheable).toBe(false);
    expect(decide('{ __schema { types { name } } }').cacheable).toBe(false);
  });
});

describe('the response cache settings', () => {
  it('is on by default with a 30 s TTL, and refuses a bad Redis URL or events interval without echoing it', async () => {
    const SERVICE_KEY = JSON.stringify((await generateServiceKey(gatewayPrincipal)).privateJwk);
    const env = loadGatewayEnv({ SERVICE_KEY });
    expect([env.RESPONSE_CACHE, env.RESPONSE_CACHE_TTL_MS, env.RESPONSE_CACHE_MAX_AGE, env.RESPONSE_CACHE_EVENTS_INTERVAL_MS]).toEqual([true, 30_000, 1, 1000]);
    expect(env.RESPONSE_CACHE_REDIS_URL).toBeUndefined();
    expect(loadGatewayEnv({ SERVICE_KEY, RESPONSE_CACHE: 'false' }).RESPONSE_CACHE).toBe(false);
    expect(loadGatewayEnv({ SERVICE_KEY, RESPONSE_CACHE_REDIS_URL: 'redis://:s3cret@redis:6379/2' }).RESPONSE_CACHE_REDIS_URL).toBe(
      'redis://:s3cret@redis:6379/2',
    );
    let message = '';
    try {
      loadGatewayEnv({ SERVICE_KEY, RESPONSE_CACHE_REDIS_URL: 'http://s3cret@redis', RESPONSE_CACHE_EVENTS_INTERVAL_MS: '50' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/RESPONSE_CACHE_REDIS_URL/);
    expect(message).toMatch(/RESPONSE_CACHE_EVENTS_INTERVAL_MS/);
    expect(message).not.toContain('s3cret');
  });
});

/** Whether a Redis server answers on 127.0.0.1:6379. */
const redisUp = await new Promise<boolean>((resolve) => {
  const socket = connect(6379, '127.0.0.1');
  socket.once('connect', () => {
    socket.destroy();
    resolve(true);
  });
  socket.once('error', () => resolve(false));
});

describe.skipIf(!redisUp)('the response cache in Redis, shared by two gateways', () => {
  let one: RunningGateway;
  let two: RunningGateway;
  beforeAll(async () => {
    one = await gatewayWith({ redisUrl: 'redis://127.0.0.1:6379' });
    two = await gatewayWith({ redisUrl: 'redis://127.0.0.1:6379' });
    await (one.responseCache!.store as RedisStore).ready();
    await (two.responseCache!.store as RedisStore).ready();
  });

  it('answers one gateway’s request from what the other stored, and a change heard by one invalidates for both', async () => {
    // A key of its own in the shared server: this run's stand-ins have their own ports, so the registry (part of the key) is new.
    const variables = { municipalities: [city, landkreis] };
    const filled = await post(one, searchQuery, variables);
    expect(filled.headers.get('x-response-cache')).toBe('miss');
    const shared = await post(two, searchQuery, variables);
    expect(shared.headers.get('x-response-cache')).toBe('hit');
    expect(shared.body).toEqual(filled.body);
    expect(facilityCalls()).toBe(2);
    // Only the first gateway hears of the change; the second does not serve the old answer either.
    await one.responseCache!.invalidate([landkreis]);
    expect((await post(two, searchQuery, variables)).headers.get('x-response-cache')).toBe('miss');
    expect((await post(one, searchQuery, variables)).headers.get('x-response-cache')).toBe('hit');
    expect(facilityCalls()).toBe(4);
    // ETags are the same whichever replica answers (a CDN in front of both revalidates either way).
    const etag = (await get(one, searchQuery, variables)).headers.get('etag');
    expect((await get(two, searchQuery, variables, { 'if-none-match': etag! })).status).toBe(304);
  });
});

/** One request as sent, with its answer as received: status, headers (without `date`) and the body's bytes. */
async function exchange(
  gateway: RunningGateway,
  request: { method: 'GET' | 'POST'; query?: string; variables?: object; extensions?: object; headers?: Record<string, string> },
): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const url = new URL(gateway.url);
  const fields = { query: request.query, variables: request.variables, extensions: request.extensions };
  let init: RequestInit;
  if (request.method === 'GET') {
    for (const [name, value] of Object.entries(fields))
      if (value !== undefined) url.searchParams.set(name, typeof value === 'string' ? value : JSON.stringify(value));
    init = { headers: { 'apollo-require-preflight': 'true', ...request.headers } };
  } else init = { method: 'POST', headers: { 'content-type': 'application/json', ...request.headers }, body: JSON.stringify(fields) };
  const response = await fetch(url, init);
  const headers = Object.fromEntries(response.headers);
  delete headers.date;
  return { status: response.status, headers, body: await response.text() };
}

/** Reports whether the gateway answered each request early (before Apollo Server). */
function watchEarlyAnswers(gateway: RunningGateway, report: (answered: Promise<boolean>) => void): void {
  const cache = gateway.responseCache!;
  const answerEarly = cache.answerEarly.bind(cache);
  cache.answerEarly = (...args) => {
    const answered = answerEarly(...args);
    report(answered);
    return answered;
  };
}

describe('cache hits answered before Apollo Server runs', () => {
  let gateway: RunningGateway;
  /** Whether each request since the last `answeredEarly()` was answered early, in order. */
  let early: Array<Promise<boolean>> = [];
  const logged: Array<Record<string, unknown>> = [];
  const logger: Logger = { ...silentLogger, info: (event, fields) => event === 'http_request' && logged.push(fields ?? {}), child: () => logger };
  const answeredEarly = async () => {
    const results = await Promise.all(early);
    early = [];
    return results;
  };
  beforeAll(async () => {
    gateway = await gatewayWith({}, { logger });
    watchEarlyAnswers(gateway, (answered) => early.push(answered));
  });
  beforeEach(() => {
    early = [];
  });

  it('answers a repeated request early with the same bytes and headers as the pipeline’s hit', async () => {
    const variables = { municipalities: [city] };
    const headers = { 'x-request-id': 'early-answer-test-1' };
    const first = await exchange(gateway, { method: 'POST', query: searchQuery, variables, headers });
    expect(first.headers['x-response-cache']).toBe('miss');
    expect(await answeredEarly()).toEqual([false]);
    // An Accept the early path does not negotiate itself: the pipeline's hit, with the media type Apollo Server chose.
    for (const [pipelineAccept, earlyAccept] of [
      ['application/json, text/plain;q=0.5', 'application/json'],
      ['application/graphql-response+json, application/json;q=0.8', 'application/graphql-response+json,application/json;q=0.9'],
    ]) {
      const pipeline = await exchange(gateway, { method: 'POST', query: searchQuery, variables, headers: { ...headers, accept: pipelineAccept } });
      const again = await exchange(gateway, { method: 'POST', query: searchQuery, variables, headers: { ...headers, accept: earlyAccept } });
      expect(await answeredEarly()).toEqual([false, true]);
      expect(pipeline.headers['x-response-cache']).toBe('hit');
      expect(again).toEqual(pipeline);
    }
    expect(JSON.parse(first.body).data.facilities.totalCount).toBe(2);
    expect(facilityCalls(city)).toBe(1);
    // A GET of the same request: Cache-Control, ETag and Vary as the pipeline gives them, and 304 to If-None-Match.
    const get = { method: 'GET', query: searchQuery, variables, headers } as const;
    const pipelineGet = await exchange(gateway, { ...get, headers: { ...headers, accept: 'application/json, text/plain;q=0.5' } });
    const earlyGet = await exchange(gateway, get);
    expect(earlyGet).toEqual(pipelineGet);
    expect(earlyGet.headers['cache-control']).toBe('public, max-age=1');
    const etag = earlyGet.headers.etag;
    const notModified = { ...get, headers: { ...headers, 'if-none-match': etag } };
    const pipeline304 = await exchange(gateway, { ...notModified, headers: { ...notModified.headers, accept: 'application/json, text/plain;q=0.5' } });
    const early304 = await exchange(gateway, notModified);
    expect(await answeredEarly()).toEqual([false, true, false, true]);
    expect(early304.status).toBe(304);
    expect(early304).toEqual(pipeline304);
    expect(facilityCalls(city)).toBe(1);
    // Logged with the operation's name and type like any other request (the access log line is written when the answer is done).
    await vi.waitFor(() => expect(logged.filter((line) => line.requestId === 'early-answer-test-1')).toHaveLength(9));
    for (const line of logged) expect(line).toMatchObject({ operationName: 'Search', operationType: 'query', path: '/graphql' });
    expect(logged.map((line) => line.status)).toEqual([200, 200, 200, 200, 200, 200, 200, 304, 304]);
  });

  it('never answers a request with a token early, and leaves a GET without a preflight header to Apollo Server’s CSRF check', async () => {
    const variables = { municipalities: [landkreis] };
    await post(gateway, searchQuery, variables);
    expect((await post(gateway, searchQuery, variables)).headers.get('x-response-cache')).toBe('hit');
    expect(await answeredEarly()).toEqual([false, true]);
    instances.calls.length = 0;
    const parent = await tokenFor({ role: 'parent', subject: 'parent-early' });
    for (const token of [parent, 'not-a-token']) {
      const answer = await post(gateway, searchQuery, variables, token);
      expect(answer.headers.get('x-response-cache')).toBeNull();
    }
    expect(await answeredEarly()).toEqual([false, false]);
    expect(facilityCalls(landkreis)).toBe(1);
    const url = new URL(gateway.url);
    url.searchParams.set('query', searchQuery);
    url.searchParams.set('variables', JSON.stringify(variables));
    const unsafe = await fetch(url);
    expect(unsafe.status).toBe(400);
    expect(await answeredEarly()).toEqual([false]);
  });

  it('does not serve a changed municipality’s old answer, nor anything after a registry reload', async () => {
    const variables = { municipalities: [city] };
    await post(gateway, searchQuery, variables);
    await answeredEarly();
    await post(gateway, searchQuery, variables);
    expect(await answeredEarly()).toEqual([true]);
    const renamed = facilities.find((fixture) => fixture.municipality === city)!;
    const name = renamed.name;
    renamed.name = 'Kita Neu';
    try {
      await gateway.responseCache!.invalidate([city]);
      const changed = await post(gateway, searchQuery, variables);
      expect(changed.headers.get('x-response-cache')).toBe('miss');
      expect(changed.body?.data.facilities.edges.map((edge: any) => edge.node.name)).toContain('Kita Neu');
      expect(await answeredEarly()).toEqual([false]);
      // The new answer is answered early again.
      expect((await post(gateway, searchQuery, variables)).body).toEqual(changed.body);
      expect(await answeredEarly()).toEqual([true]);
    } finally {
      renamed.name = name;
      await gateway.responseCache!.invalidate([city]);
    }
    await post(gateway, searchQuery, variables);
    await post(gateway, searchQuery, variables);
    expect(await answeredEarly()).toEqual([false, true]);
    // Without the city in the registry its search is refused, not answered from what was remembered.
    const withoutCity = parseRegistry(
      { municipalities: [{ key: landkreis, name: 'Landkreis Lüneburg', kind: 'LANDKREIS', subgraphs: registry.get(landkreis)!.subgraphs }] },
      { subgraphs: ['facility', 'vacancy'] },
    );
    await gateway.reload(withoutCity);
    try {
      const refused = await post(gateway, searchQuery, variables);
      expect(refused.body?.errors?.[0]?.extensions.code).toBe('UNKNOWN_MUNICIPALITY');
      expect(await answeredEarly()).toEqual([false]);
    } finally {
      await gateway.reload(registry);
    }
  });

  it('still refuses a text query outside the safelist when a persisted query with the same answer is cached', async () => {
    const registered = `query Registered($municipalities: [String!]) {
  facilities(first: 20, municipalities: $municipalities) { totalCount edges { node { id name municipality freePlacesNow } } }
}`;
    const sha256Hash = createHash('sha256').update(registered).digest('hex');
    const safelisted = await gatewayWith({}, { persistedDocuments: persistedDocumentsFrom({ [`sha256:${sha256Hash}`]: registered }, true) });
    const answered: Array<Promise<boolean>> = [];
    watchEarlyAnswers(safelisted, (result) => answered.push(result));
    const variables = { municipalities: [city] };
    const byHash = { method: 'POST', variables, extensions: { persistedQuery: { version: 1, sha256Hash } } } as const;
    const first = await exchange(safelisted, byHash);
    expect(first.headers['x-response-cache']).toBe('miss');
    const second = await exchange(safelisted, byHash);
    expect(second.headers['x-response-cache']).toBe('hit');
    expect(await Promise.all(answered)).toEqual([false, true]);
    // The same document under another name, and the search of this file: not registered, refused every time.
    for (const query of [registered.replace('Registered', 'Unregistered'), searchQuery, searchQuery]) {
      const refused = await exchange(safelisted, { method: 'POST', query, variables });
      expect(refused.status).toBe(400);
      expect(JSON.parse(refused.body).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    }
  });
});
