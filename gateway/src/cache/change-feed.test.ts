import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Logger, silentLogger } from '@kita/core';
import { parseRegistry, type Registry } from '@kita/registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangeFeed } from './change-feed.js';

// The change feed against small outboxes served over HTTP as the instances serve theirs
// (`GET /events?after=&limit=`, service tokens only): where it starts, what counts as a change,
// an outbox that goes back, an instance that cannot be read, a registry reload. The same feed
// against real instances is in gateway/test/response-cache.test.ts.

const city = '03355022';
const landkreis = '03355';

interface Outbox {
  server: Server;
  url: string;
  seqs: number[];
  /** Answers 500 while set. */
  failing: boolean;
  requests: Array<{ after: number; limit: number; authorization?: string }>;
}

async function outbox(): Promise<Outbox> {
  const box: Outbox = { server: undefined as never, url: '', seqs: [], failing: false, requests: [] };
  box.server = createServer((request, response) => {
    const query = new URL(request.url ?? '/', 'http://localhost').searchParams;
    const after = Number(query.get('after'));
    const limit = Number(query.get('limit'));
    box.requests.push({ after, limit, authorization: request.headers.authorization });
    if (box.failing) return void response.writeHead(500).end();
    const events = box.seqs
      .filter((seq) => seq > after)
      .slice(0, limit)
      .map((seq) => ({ seq, type: 'VacancyPublished', aggregateId: 'x', payload: {}, occurredAt: new Date().toISOString() }));
    const head = events.length ? Math.max(...box.seqs) : after;
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ events, last: events.at(-1)?.seq ?? after, head }));
  });
  await new Promise<void>((resolve) => box.server.listen(0, '127.0.0.1', resolve));
  box.url = `http://127.0.0.1:${(box.server.address() as AddressInfo).port}/graphql`;
  return box;
}

const boxes: Record<string, Outbox> = {};
let registry: Registry;
/** Both municipalities, the active ones as named. */
const registryOf = (active: string[]) =>
  parseRegistry(
    {
      municipalities: [
        { key: city, name: 'Hansestadt Lüneburg', kind: 'CITY', parent: landkreis },
        { key: landkreis, name: 'Landkreis Lüneburg', kind: 'LANDKREIS' },
      ].map((entry) => ({
        ...entry,
        active: active.includes(entry.key),
        subgraphs: { facility: boxes[`facility@${entry.key}`].url, vacancy: boxes[`vacancy@${entry.key}`].url },
      })),
    },
    { subgraphs: ['facility', 'vacancy'] },
  );

const changes: string[] = [];
const warnings: string[] = [];
const logger: Logger = { ...silentLogger, warn: (message: string) => void warnings.push(message) };
let feed: ChangeFeed;

beforeAll(async () => {
  for (const municipality of [city, landkreis]) for (const subgraph of ['facility', 'vacancy']) boxes[`${subgraph}@${municipality}`] = await outbox();
  boxes[`facility@${city}`].seqs = [1, 2, 3];
  registry = registryOf([city, landkreis]);
  feed = new ChangeFeed({
    registry: () => registry,
    serviceToken: async (municipality) => `service-token-for-${municipality}`,
    onChange: (municipality) => void changes.push(municipality),
    logger,
  });
});

afterAll(async () => {
  await feed?.stop();
  for (const box of Object.values(boxes)) await new Promise((resolve) => box.server.close(resolve));
});

const take = () => changes.splice(0).sort();

describe('the change feed', () => {
  it('starts at each outbox’s head with the gateway’s service token, which counts as a change once', async () => {
    await feed.tick();
    expect(take()).toEqual([landkreis, landkreis, city, city].sort());
    expect(boxes[`facility@${city}`].requests).toEqual([{ after: 0, limit: 1, authorization: `Bearer service-token-for-${city}` }]);
    await feed.tick();
    expect(take()).toEqual([]);
    // From the head on: the city's facility outbox is asked after its newest event.
    expect(boxes[`facility@${city}`].requests.at(-1)).toMatchObject({ after: 3, limit: 1000 });
  });

  it('names the municipality whose outbox has new events, and only it', async () => {
    boxes[`vacancy@${landkreis}`].seqs.push(1, 2);
    await feed.tick();
    expect(take()).toEqual([landkreis]);
    await feed.tick();
    expect(take()).toEqual([]);
  });

  it('counts an outbox that went back (a restored database) as a change and goes on from its head', async () => {
    boxes[`facility@${city}`].seqs = [1];
    // Asked after 3, it holds nothing newer; its head says 1.
    boxes[`facility@${city}`].server.removeAllListeners('request');
    boxes[`facility@${city}`].server.on('request', (request, response) => {
      const after = Number(new URL(request.url ?? '/', 'http://localhost').searchParams.get('after'));
      boxes[`facility@${city}`].requests.push({ after, limit: 0 });
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ events: [], last: after, head: 1 }));
    });
    await feed.tick();
    expect(take()).toEqual([city]);
    await feed.tick();
    expect(boxes[`facility@${city}`].requests.at(-1)?.after).toBe(1);
  });

  it('leaves an instance it cannot read to the TTL: no change, one warning, and it goes on when it answers again', async () => {
    boxes[`vacancy@${city}`].failing = true;
    await feed.tick();
    await feed.tick();
    expect(take()).toEqual([]);
    expect(warnings.filter((warning) => warning === 'response_cache_events_unavailable')).toHaveLength(1);
    boxes[`vacancy@${city}`].failing = false;
    boxes[`vacancy@${city}`].seqs.push(1);
    await feed.tick();
    expect(take()).toEqual([city]);
  });

  it('follows the registry: a municipality no longer active is not asked', async () => {
    registry = registryOf([city]);
    const asked = boxes[`facility@${landkreis}`].requests.length;
    boxes[`facility@${landkreis}`].seqs.push(7);
    await feed.tick();
    expect(boxes[`facility@${landkreis}`].requests).toHaveLength(asked);
    expect(take()).toEqual([]);
  });
});
