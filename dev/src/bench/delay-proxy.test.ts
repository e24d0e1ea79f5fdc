import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type DelayProxy, startDelayProxy } from './delay-proxy.js';

/** An upstream that answers with the request body it got and counts the requests. */
async function echoServer(): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  let requests = 0;
  const server: Server = createServer((request, response) => {
    requests += 1;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ data: { echo: Buffer.concat(chunks).toString('utf8'), count: requests } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    requests: () => requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const post = async (url: string, body: string) => {
  const startedAt = performance.now();
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: response.status, body: (await response.json()) as { data: { echo: string; count: number } }, ms: performance.now() - startedAt };
};

describe('startDelayProxy', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await Promise.all(cleanup.splice(0).map((close) => close()));
  });

  it('forwards every request to the instance, no sooner than the delay', async () => {
    const upstream = await echoServer();
    const proxy: DelayProxy = await startDelayProxy(upstream.url, 30);
    cleanup.push(proxy.close, upstream.close);

    const first = await post(proxy.url, '{"query":"{ a }"}');
    const second = await post(proxy.url, '{"query":"{ a }"}');

    expect(first).toMatchObject({ status: 200, body: { data: { echo: '{"query":"{ a }"}', count: 1 } } });
    expect(second.body.data.count).toBe(2);
    expect(first.ms).toBeGreaterThanOrEqual(29);
    expect(upstream.requests()).toBe(2);
  });

  it('with replay, asks the instance once per distinct body and answers the rest from memory after the delay', async () => {
    const upstream = await echoServer();
    const proxy = await startDelayProxy(upstream.url, 30, { replay: true });
    cleanup.push(proxy.close, upstream.close);

    const answers = await Promise.all([post(proxy.url, '{"query":"{ a }"}'), post(proxy.url, '{"query":"{ a }"}'), post(proxy.url, '{"query":"{ b }"}')]);
    const again = await post(proxy.url, '{"query":"{ a }"}');

    expect(upstream.requests()).toBe(2);
    expect(again.body).toEqual(answers[0].body);
    expect(answers[2].body.data.echo).toBe('{"query":"{ b }"}');
    expect(again.ms).toBeGreaterThanOrEqual(29);
  });
});
