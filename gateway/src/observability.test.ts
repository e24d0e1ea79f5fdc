import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger, InMemorySpanExporter, startTracing, type Tracing } from '@kita/core';
import { parseRegistry } from '@kita/registry';
import { testVerifier } from '@kita/shared/testing';
import { buildSchema, graphql } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from './gateway.js';

// The real gateway on the real supergraph, in process, in front of stand-in facility instances of
// three municipalities (one of them down): what a request leaves behind in headers, spans, the
// access log and /metrics. No PostgreSQL needed.

const supergraphSdl = readFileSync(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8');
/** What the stand-ins serve as `_service { sdl }`, and what the gateway compares it with. */
const standInSdl = 'type Query { facilities: Int }';
const facilitySchema = buildSchema(`
  type Facility { id: ID! name: String! }
  type FacilityEdge { cursor: String! node: Facility! distanceKm: Float }
  type PageInfo { hasNextPage: Boolean! endCursor: String }
  type FacilityConnection { edges: [FacilityEdge!]! pageInfo: PageInfo! totalCount: Int! }
  type Query { facilities(first: Int! = 20, after: String): FacilityConnection! }
`);
const root = { facilities: () => ({ edges: [], totalCount: 2, pageInfo: { hasNextPage: false, endCursor: null } }) };

/** A facility instance that answers every query and remembers the headers of each. */
async function standIn(): Promise<{ url: string; seen: IncomingHttpHeaders[]; server: Server }> {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer(async (request, response) => {
    let raw = '';
    for await (const chunk of request) raw += chunk;
    const { query, variables } = JSON.parse(raw) as { query: string; variables?: Record<string, unknown> };
    if (!query.includes('_service')) seen.push(request.headers);
    const result = query.includes('_service')
      ? { data: { _service: { sdl: standInSdl } } }
      : await graphql({ schema: facilitySchema, source: query, variableValues: variables, rootValue: root });
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(result));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, seen, server };
}

/** A port nothing listens on. */
async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/graphql`;
}

// As in main.ts: tracing first, then @apollo/gateway, whose tracer is bound when it is loaded.
const spans = new InMemorySpanExporter();
const tracing: Tracing = startTracing({ serviceName: 'kita-gateway-test', exporter: spans });
const { startGateway } = await import('./gateway.js');
const logLines: Array<Record<string, any>> = [];
let lueneburg: Awaited<ReturnType<typeof standIn>>;
let landkreis: Awaited<ReturnType<typeof standIn>>;
let gateway: RunningGateway;
const registry = (urls: string[]) =>
  parseRegistry(
    {
      municipalities: [
        { key: '03355022', name: 'Hansestadt Lüneburg', kind: 'CITY', parent: '03355', subgraphs: { facility: urls[0] } },
        { key: '03355', name: 'Landkreis Lüneburg', kind: 'LANDKREIS', subgraphs: { facility: urls[1] } },
        { key: '03101', name: 'Braunschweig', kind: 'CITY', subgraphs: { facility: urls[2] } },
      ],
    },
    { subgraphs: ['facility'] },
  );
let urls: string[];

beforeAll(async () => {
  [lueneburg, landkreis] = await Promise.all([standIn(), standIn()]);
  urls = [lueneburg.url, landkreis.url, await closedPort()];
  gateway = await startGateway({
    supergraphSdl,
    registry: registry(urls),
    verifier: testVerifier,
    sdlOf: async () => standInSdl,
    port: 0,
    introspection: false,
    landingPage: false,
    logger: createLogger('gateway', (line) => logLines.push(JSON.parse(line))),
  });
});

afterAll(async () => {
  await gateway?.close();
  await Promise.all([lueneburg, landkreis].map((instance) => instance && new Promise((resolve) => instance.server.close(resolve))));
  await tracing?.shutdown();
});

const search = (headers: Record<string, string> = {}) =>
  fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({
      query: 'query CountFacilities($first: Int!) { facilities(first: $first) { totalCount } }',
      operationName: 'CountFacilities',
      variables: { first: 2 },
    }),
  });

describe('one fan-out search through the gateway', () => {
  let response: Response;
  let body: { data?: { facilities: { totalCount: number | null } }; errors?: Array<{ extensions: Record<string, unknown> }> };
  beforeAll(async () => {
    spans.reset();
    response = await search({ 'x-request-id': 'obs-test-request-0001', 'accept-language': 'de-DE,de;q=0.9' });
    body = (await response.json()) as typeof body;
  });

  it('answers from the municipalities that are up and names the one that is down', () => {
    // Two answered (two facilities each), one is missing: no total that looks complete.
    expect(body.data?.facilities.totalCount).toBeNull();
    expect(body.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'MUNICIPALITY_UNAVAILABLE', municipality: '03101' }) }),
    ]);
  });

  it('returns the request id and sends it, with the language and the trace context, to every instance', () => {
    expect(response.headers.get('x-request-id')).toBe('obs-test-request-0001');
    for (const instance of [lueneburg, landkreis]) {
      expect(instance.seen.at(-1)).toEqual(
        expect.objectContaining({
          'x-request-id': 'obs-test-request-0001',
          'accept-language': 'de-DE,de;q=0.9',
          traceparent: expect.stringMatching(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/),
        }),
      );
      expect(instance.seen.at(-1)).not.toHaveProperty('authorization');
    }
  });

  it('records one span per municipality, with outcome and HTTP status, under the gateway fetch span', async () => {
    const finished = spans.getFinishedSpans();
    const fetches = finished.filter((span) => span.name === 'municipality.fetch');

    expect(fetches.map((span) => span.attributes).sort((a, b) => String(a['kita.municipality']).localeCompare(String(b['kita.municipality'])))).toEqual([
      { 'kita.municipality': '03101', 'kita.subgraph': 'facility', 'kita.outcome': 'unreachable' },
      { 'kita.municipality': '03355', 'kita.subgraph': 'facility', 'kita.outcome': 'ok', 'http.response.status_code': 200 },
      { 'kita.municipality': '03355022', 'kita.subgraph': 'facility', 'kita.outcome': 'ok', 'http.response.status_code': 200 },
    ]);
    const gatewayFetch = finished.find((span) => span.name === 'gateway.fetch');
    expect(gatewayFetch).toBeDefined();
    for (const span of fetches) expect(span.parentSpanContext?.spanId).toBe(gatewayFetch!.spanContext().spanId);
    // The instances got the trace of these spans.
    expect(lueneburg.seen.at(-1)!.traceparent).toContain(gatewayFetch!.spanContext().traceId);
    expect(fetches[0].resource.attributes['service.name']).toBe('kita-gateway-test');
  });

  it('writes one access log line without variables, and its warning carries the request id', async () => {
    await expect.poll(() => logLines.filter((line) => line.event === 'http_request' && line.requestId === 'obs-test-request-0001')).toHaveLength(1);
    const access = logLines.find((line) => line.event === 'http_request' && line.requestId === 'obs-test-request-0001')!;

    expect(access).toEqual(
      expect.objectContaining({
        level: 'info',
        method: 'POST',
        path: '/graphql',
        status: 200,
        operationName: 'CountFacilities',
        operationType: 'query',
        durationMs: expect.any(Number),
      }),
    );
    expect(JSON.stringify(access)).not.toMatch(/variables|first/);
    expect(logLines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        event: 'municipality_unavailable',
        municipality: '03101',
        reason: 'unreachable',
        requestId: 'obs-test-request-0001',
      }),
    );
  });

  it('exposes requests, fetches by municipality and outcome, circuits and registry reloads at /metrics', async () => {
    await gateway.reload(registry(urls));
    const text = await (await fetch(new URL('/metrics', gateway.url))).text();
    const series = (name: string) => text.split('\n').filter((line) => line.startsWith(`${name}{`));

    expect(series('kita_gateway_requests_total')).toContain('kita_gateway_requests_total{operation_type="query",status="200"} 1');
    expect(series('kita_gateway_request_duration_seconds_count')).toHaveLength(1);
    expect(series('kita_gateway_subgraph_fetches_total')).toEqual(
      expect.arrayContaining([
        'kita_gateway_subgraph_fetches_total{municipality="03355022",subgraph="facility",outcome="ok"} 1',
        'kita_gateway_subgraph_fetches_total{municipality="03101",subgraph="facility",outcome="unreachable"} 1',
      ]),
    );
    expect(series('kita_gateway_subgraph_fetch_duration_seconds_count')).toHaveLength(3);
    expect(series('kita_gateway_circuit_open')).toEqual(expect.arrayContaining(['kita_gateway_circuit_open{municipality="03355",subgraph="facility"} 0']));
    expect(series('kita_gateway_registry_reloads_total')).toEqual(['kita_gateway_registry_reloads_total{outcome="loaded"} 1']);
  });
});
