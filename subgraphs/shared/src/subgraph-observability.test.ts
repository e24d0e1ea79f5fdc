import { createLogger } from '@kita/core';
import { GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubgraphContext } from './context.js';
import type { Database } from './orm.js';
import { type SubgraphServer, startSubgraphServer } from './subgraph-server.js';
import { testVerifier } from './testing/index.js';

// A subgraph server as every instance runs it, on a schema and a stand-in database that need no
// PostgreSQL: what its request id, access log and /metrics show.

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      // Logs through the request's logger and answers with the id the instance saw.
      echoRequestId: {
        type: new GraphQLNonNull(GraphQLString),
        resolve: (_root, _args, context: SubgraphContext) => {
          context.logger.info('echoed', {});
          return context.requestId;
        },
      },
    },
  }),
});

/** Enough of a Database for the server: a fork per request and a pg pool to report. */
const database = {
  orm: { em: { fork: () => ({}), getConnection: () => ({ getNativeClient: async () => ({ totalCount: 3, idleCount: 2, waitingCount: 0 }) }) } },
} as unknown as Database;

const lines: Array<Record<string, any>> = [];
let server: SubgraphServer;

beforeAll(async () => {
  server = await startSubgraphServer({
    subgraph: 'facility',
    municipality: '03355022',
    schema,
    sdl: 'type Query { echoRequestId: String! }',
    database,
    verifier: testVerifier,
    createLoaders: () => ({}),
    port: 0,
    production: false,
    logger: createLogger('facility@03355022', (line) => lines.push(JSON.parse(line)), { level: 'debug' }),
  });
});

afterAll(async () => {
  await server?.close();
});

const post = (headers: Record<string, string> = {}) =>
  fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: 'query Echo { echoRequestId }', operationName: 'Echo' }),
  });

describe('a subgraph instance', () => {
  it("takes the gateway's request id into its context and its log lines, and returns it", async () => {
    const response = await post({ 'x-request-id': 'gateway-req-0001' });
    const body = (await response.json()) as { data: { echoRequestId: string } };

    expect(body.data.echoRequestId).toBe('gateway-req-0001');
    expect(response.headers.get('x-request-id')).toBe('gateway-req-0001');
    await expect.poll(() => lines.filter((line) => line.requestId === 'gateway-req-0001').map((line) => line.event)).toEqual(['echoed', 'http_request']);
    expect(lines.find((line) => line.event === 'http_request' && line.requestId === 'gateway-req-0001')).toEqual(
      expect.objectContaining({
        level: 'debug',
        method: 'POST',
        path: '/graphql',
        status: 200,
        operationName: 'Echo',
        operationType: 'query',
        durationMs: expect.any(Number),
      }),
    );
  });

  it('makes its own request id when none or a malformed one comes', async () => {
    const without = await post();
    const malformed = await post({ 'x-request-id': 'bad id; with spaces and a very long tail' });

    expect(without.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(malformed.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(((await malformed.json()) as { data: { echoRequestId: string } }).data.echoRequestId).toBe(malformed.headers.get('x-request-id'));
  });

  it('exposes its requests, its database pool and its event consumers at /metrics', async () => {
    await post();
    server.consumerMetrics.consumerProgress('vacancy', { lag: 4, succeededAt: Date.parse('2026-12-03T10:00:00Z') });

    const response = await fetch(new URL('/metrics', server.url));
    const text = await response.text();

    expect(response.status).toBe(200);
    // Label order differs between series types; each label is asserted, not the order.
    const series = (name: string) => text.split('\n').filter((line) => line.startsWith(`${name}{`));
    for (const name of ['kita_subgraph_requests_total', 'kita_subgraph_request_duration_seconds_count']) {
      expect(series(name)).toContainEqual(
        expect.stringMatching(/^(?=.*operation_type="query")(?=.*status="200")(?=.*subgraph="facility")(?=.*municipality="03355022").*\} [1-9]\d*$/),
      );
    }
    expect(text).toContain('kita_db_pool_connections{state="idle",subgraph="facility",municipality="03355022"} 2');
    expect(text).toContain('kita_event_consumer_lag{consumer="vacancy",subgraph="facility",municipality="03355022"} 4');
    expect(text).toContain('kita_event_consumer_last_success_timestamp_seconds{consumer="vacancy",subgraph="facility",municipality="03355022"} 1796292000');
  });
});
