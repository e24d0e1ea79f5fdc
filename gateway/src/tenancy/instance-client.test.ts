import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Instance, InstanceClient, type InstanceClientOptions } from './instance-client.js';

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

/** A subgraph instance whose answer each test decides, counting the requests that reach it. */
const instanceServer = {
  server: undefined as Server | undefined,
  url: '',
  handler: undefined as Handler | undefined,
  received: [] as Array<{ path: string; authorization?: string; body: unknown }>,
};

const answerJson =
  (status: number, body: unknown): Handler =>
  (_request, _body, response) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
const ok = answerJson(200, { data: { facility: { name: 'Kita Sonnenschein' } } });
const serverError = answerJson(500, { errors: [{ message: 'internal' }] });

beforeAll(async () => {
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    instanceServer.received.push({ path: request.url ?? '', authorization: request.headers.authorization, body: body ? JSON.parse(body) : undefined });
    instanceServer.handler!(request, body, response);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  instanceServer.server = server;
  instanceServer.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  instanceServer.server?.closeAllConnections();
  instanceServer.server?.close();
});

beforeEach(() => {
  instanceServer.handler = ok;
  instanceServer.received = [];
});

const requests = () => instanceServer.received.length;
const instance = (path = '/graphql', municipality = '03355'): Instance => ({ municipality, subgraph: 'facility', url: `${instanceServer.url}${path}` });
const query = { query: 'query($id: ID!) { facility(id: $id) { name } }', variables: { id: '03355:x' }, operationName: 'Root__facility__0' };

/** A client with a clock the test moves. */
function clientAt(options: Partial<InstanceClientOptions> = {}) {
  const clock = { now: 1_000_000 };
  const client = new InstanceClient({ timeoutMs: 1_000, failureThreshold: 2, openMs: 30_000, now: () => clock.now, ...options });
  return { client, clock };
}

describe('InstanceClient.send', () => {
  it("posts the request as JSON with the authorization and returns the instance's body", async () => {
    const { client } = clientAt();

    const result = await client.send(instance(), query, { authorization: 'Bearer token' });

    expect(result).toEqual({ ok: true, body: { data: { facility: { name: 'Kita Sonnenschein' } } } });
    expect(instanceServer.received).toEqual([{ path: '/graphql', authorization: 'Bearer token', body: query }]);
  });

  it("passes GraphQL errors of a 4xx answer on as the instance's answer", async () => {
    instanceServer.handler = answerJson(400, { errors: [{ message: 'Variable "$id" got invalid value' }] });
    const { client } = clientAt();

    expect(await client.send(instance(), query)).toEqual({ ok: true, body: { errors: [{ message: 'Variable "$id" got invalid value' }] } });
  });

  it('reports an HTTP 500 as a bad response', async () => {
    instanceServer.handler = serverError;

    expect(await clientAt().client.send(instance(), query)).toEqual({ ok: false, reason: 'bad-response' });
  });

  it('reports a body that is not JSON as a bad response', async () => {
    instanceServer.handler = (_request, _body, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html>Bad Gateway</html>');
    };

    expect(await clientAt().client.send(instance(), query)).toEqual({ ok: false, reason: 'bad-response' });
  });

  it('reports JSON that is not a GraphQL response as a bad response', async () => {
    instanceServer.handler = answerJson(200, { status: 'ok' });

    expect(await clientAt().client.send(instance(), query)).toEqual({ ok: false, reason: 'bad-response' });
  });

  it('reports an instance that refuses the connection as unreachable', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    await once(closed, 'close');

    const result = await clientAt().client.send({ municipality: '03355', subgraph: 'facility', url: `http://127.0.0.1:${port}/graphql` }, query);

    expect(result).toEqual({ ok: false, reason: 'unreachable' });
  });

  it('gives up on an instance that answers after the timeout', async () => {
    instanceServer.handler = (request, body, response) => setTimeout(() => ok(request, body, response), 1_000);
    const { client } = clientAt({ timeoutMs: 100 });

    const result = await client.send(instance(), query);

    expect(result).toEqual({ ok: false, reason: 'timeout' });
  });

  it('gives up on an instance that sends its headers in time but its body too late', async () => {
    instanceServer.handler = (_request, _body, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"data":');
      setTimeout(() => response.end('null}'), 1_000);
    };
    const { client } = clientAt({ timeoutMs: 100 });

    expect(await client.send(instance(), query)).toEqual({ ok: false, reason: 'timeout' });
  });
});

describe('the circuit breaker of an instance', () => {
  it('opens after failureThreshold consecutive failures and then fails at once, without a request', async () => {
    instanceServer.handler = serverError;
    const { client } = clientAt();

    expect(await client.send(instance(), query)).toEqual({ ok: false, reason: 'bad-response' });
    expect(client.circuitOpen(instance())).toBe(false);
    expect(await client.send(instance(), query)).toEqual({ ok: false, reason: 'bad-response' });
    expect(client.circuitOpen(instance())).toBe(true);

    expect(await client.send(instance(), query)).toEqual({ ok: false, reason: 'circuit-open' });
    expect(requests()).toBe(2);
  });

  it('counts only consecutive failures: a success in between starts again', async () => {
    const { client } = clientAt();

    instanceServer.handler = serverError;
    await client.send(instance(), query);
    instanceServer.handler = ok;
    await client.send(instance(), query);
    instanceServer.handler = serverError;
    await client.send(instance(), query);

    expect(client.circuitOpen(instance())).toBe(false);
    expect(requests()).toBe(3);
  });

  it('lets a trial request through after openMs, and a success closes the circuit', async () => {
    instanceServer.handler = serverError;
    const { client, clock } = clientAt();
    await client.send(instance(), query);
    await client.send(instance(), query);

    clock.now += 29_999;
    expect(await client.send(instance(), query)).toEqual({ ok: false, reason: 'circuit-open' });
    expect(requests()).toBe(2);

    clock.now += 1;
    instanceServer.handler = ok;
    expect(client.circuitOpen(instance())).toBe(false);
    expect((await client.send(instance(), query)).ok).toBe(true);
    expect(requests()).toBe(3);

    // Closed again: it takes the full threshold of failures to open it once more.
    instanceServer.handler = serverError;
    await client.send(instance(), query);
    expect(client.circuitOpen(instance())).toBe(false);
  });

  it('re-opens at once when the trial request fails', async () => {
    instanceServer.handler = serverError;
    const { client, clock } = clientAt();
    await client.send(instance(), query);
    await client.send(instance(), query);
    clock.now += 30_000;

    expect(await client.send(instance(), query)).toEqual({ ok: false, reason: 'bad-response' });
    expect(client.circuitOpen(instance())).toBe(true);
    expect(await client.send(instance(), query)).toEqual({ ok: false, reason: 'circuit-open' });
    expect(requests()).toBe(3);
  });

  it("probes an open circuit's /health and closes it as soon as the instance answers, long before openMs", async () => {
    // The clock stands still: only a probe can close the circuit.
    const { client } = clientAt({ probeMs: 20 });
    instanceServer.handler = serverError;
    await client.send(instance(), query);
    await client.send(instance(), query);
    expect(client.circuitOpen(instance())).toBe(true);
    expect(client.lastFailure(instance())).toMatchObject({ reason: 'bad-response' });
    const probes = () => instanceServer.received.filter((request) => request.path === '/health');
    await vi.waitFor(() => expect(probes().length).toBeGreaterThan(1));
    expect(client.circuitOpen(instance())).toBe(true);

    instanceServer.handler = ok;
    await vi.waitFor(() => expect(client.circuitOpen(instance())).toBe(false));
    expect(client.lastFailure(instance())).toBeUndefined();
    expect(await client.send(instance(), query)).toMatchObject({ ok: true });
    expect(instanceServer.received.filter((request) => request.path === '/graphql')).toHaveLength(3);
    await client.close();
  });

  it('keeps a separate circuit for the same municipality at another URL', async () => {
    instanceServer.handler = serverError;
    const { client } = clientAt();
    await client.send(instance('/old'), query);
    await client.send(instance('/old'), query);
    expect(client.circuitOpen(instance('/old'))).toBe(true);

    instanceServer.handler = ok;
    const moved = instance('/new');

    expect(client.circuitOpen(moved)).toBe(false);
    expect((await client.send(moved, query)).ok).toBe(true);
    expect(instanceServer.received.map((request) => request.path)).toEqual(['/old', '/old', '/new']);
  });

  it('keeps a separate circuit per municipality', async () => {
    instanceServer.handler = serverError;
    const { client } = clientAt();
    await client.send(instance('/graphql', '03355'), query);
    await client.send(instance('/graphql', '03355'), query);

    expect(client.circuitOpen(instance('/graphql', '03355'))).toBe(true);
    expect(client.circuitOpen(instance('/graphql', '03101'))).toBe(false);
  });
});

describe('an instance marked incompatible', () => {
  it('fails with "incompatible" without a request until it is marked compatible again', async () => {
    const { client } = clientAt();

    client.markIncompatible(instance(), true);
    expect(client.isIncompatible(instance())).toBe(true);
    expect(await client.send(instance(), query)).toEqual({ ok: false, reason: 'incompatible' });
    expect(requests()).toBe(0);

    client.markIncompatible(instance(), false);
    expect(client.isIncompatible(instance())).toBe(false);
    expect((await client.send(instance(), query)).ok).toBe(true);
    expect(requests()).toBe(1);
  });

  it('is incompatible only at the URL that was checked', () => {
    const { client } = clientAt();

    client.markIncompatible(instance('/old'), true);

    expect(client.isIncompatible(instance('/new'))).toBe(false);
  });
});
