import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Logger, silentLogger } from '@kita/core';
import { parseRegistry, type Registry } from '@kita/registry';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ChangeFeed } from './change-feed.js';

// The change feed against small outboxes served over HTTP as the instances serve theirs
// (`GET /events?after=&limit=`, service tokens only): which municipalities it follows and when it
// says an answer may be stored, where it starts, what counts as a change, an outbox that goes back,
// an instance that cannot be read, a municipality nobody asks for any more, a registry reload. The
// same feed against real instances is in gateway/test/response-cache.test.ts.

const city = '03355022';
const landkreis = '03355';

interface Outbox {
  server: Server;
  url: string;
  seqs: number[];
  /** Answers 500 while set. */
  failing: boolean;
  requests: Array<{ after: number; limit: number; authorization?: string }>;
  /** Resolved with the next request's arrival. */
  nextRequest: () => Promise<void>;
}

async function outbox(): Promise<Outbox> {
  const waiting: Array<() => void> = [];
  const box: Outbox = {
    server: undefined as never,
    url: '',
    seqs: [],
    failing: false,
    requests: [],
    nextRequest: () => new Promise((resolve) => waiting.push(resolve)),
  };
  box.server = createServer((request, response) => {
    const query = new URL(request.url ?? '/', 'http://localhost').searchParams;
    const after = Number(query.get('after'));
    const limit = Number(query.get('limit'));
    box.requests.push({ after, limit, authorization: request.headers.authorization });
    for (const resolve of waiting.splice(0)) resolve();
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

/** Long enough that no test here runs into it by itself; the test of idle municipalities moves the clock. */
const idleMs = 600_000;
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
    idleMs,
    onChange: (municipality) => void changes.push(municipality),
    logger,
  });
});

afterAll(async () => {
  await feed?.stop();
  for (const box of Object.values(boxes)) await new Promise((resolve) => box.server.close(resolve));
});

const take = () => changes.splice(0).sort();

const asked = (municipality: string) => boxes[`facility@${municipality}`].requests.length + boxes[`vacancy@${municipality}`].requests.length;

describe('the change feed', () => {
  it('asks no instance while no municipality is followed', async () => {
    await feed.tick();
    await feed.tick();
    expect(asked(city) + asked(landkreis)).toBe(0);
  });

  it('follows a municipality from its outboxes’ heads, asked at once with the gateway’s service token: not yet known, then known', async () => {
    const facilityAsked = boxes[`facility@${city}`].nextRequest();
    const vacancyAsked = boxes[`vacancy@${city}`].nextRequest();
    expect(feed.follow([city])).toBe(false);
    // Asked without waiting for a tick.
    await Promise.all([facilityAsked, vacancyAsked]);
    expect(boxes[`facility@${city}`].requests[0]).toEqual({ after: 0, limit: 1, authorization: `Bearer service-token-for-${city}` });
    await feed.tick();
    expect(feed.follow([city])).toBe(true);
    // Following from the heads counts as a change once (what was cached before may predate an event).
    expect(take()).toEqual([city, city]);
    await feed.tick();
    expect(take()).toEqual([]);
    // From the head on: the city's facility outbox is asked after its newest event.
    expect(boxes[`facility@${city}`].requests.at(-1)).toMatchObject({ after: 3, limit: 1000 });
    // The Landkreis nobody asked for is not followed.
    expect(asked(landkreis)).toBe(0);
  });

  it('names the followed municipality whose outbox has new events, and only it', async () => {
    boxes[`facility@${city}`].seqs.push(4);
    await feed.tick();
    expect(take()).toEqual([city]);
    await feed.tick();
    expect(take()).toEqual([]);
    expect(feed.follow([city])).toBe(true);
  });

  it('follows every active municipality when asked for all of them', async () => {
    expect(feed.follow('all')).toBe(false);
    expect(feed.follow([city])).toBe(true);
    await feed.tick();
    expect(feed.follow('all')).toBe(true);
    expect(feed.follow([landkreis, city])).toBe(true);
    expect(take()).toEqual([landkreis, landkreis]);
    boxes[`vacancy@${landkreis}`].seqs.push(1, 2);
    await feed.tick();
    expect(take()).toEqual([landkreis]);
    await feed.tick();
    expect(take()).toEqual([]);
  });

  it('counts an outbox that went back (a restored database) as a change and goes on from its head, still known', async () => {
    boxes[`facility@${city}`].seqs = [1];
    // Asked after 4, it holds nothing newer; its head says 1.
    boxes[`facility@${city}`].server.removeAllListeners('request');
    boxes[`facility@${city}`].server.on('request', (request, response) => {
      const after = Number(new URL(request.url ?? '/', 'http://localhost').searchParams.get('after'));
      boxes[`facility@${city}`].requests.push({ after, limit: 0 });
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ events: [], last: after, head: 1 }));
    });
    await feed.tick();
    expect(take()).toEqual([city]);
    expect(feed.follow([city])).toBe(true);
    await feed.tick();
    expect(boxes[`facility@${city}`].requests.at(-1)?.after).toBe(1);
  });

  it('leaves an instance it cannot read to the TTL: no change, one warning, nothing stored for its municipality until it answers again', async () => {
    boxes[`vacancy@${city}`].failing = true;
    await feed.tick();
    expect(feed.follow([city])).toBe(false);
    expect(feed.follow([landkreis])).toBe(true);
    expect(feed.follow('all')).toBe(false);
    await feed.tick();
    expect(take()).toEqual([]);
    expect(warnings.filter((warning) => warning === 'response_cache_events_unavailable')).toHaveLength(1);
    // An event written while it could not be read is seen from the position it kept.
    boxes[`vacancy@${city}`].failing = false;
    boxes[`vacancy@${city}`].seqs.push(1);
    await feed.tick();
    expect(take()).toEqual([city]);
    expect(feed.follow([city])).toBe(true);
  });

  it('drops a municipality nobody asked for during idleMs: not asked any more, and followed afresh from its heads when asked for again', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const now = Date.now();
      expect(feed.follow([city, landkreis])).toBe(true);
      vi.setSystemTime(now + idleMs / 2);
      expect(feed.follow([city])).toBe(true);
      vi.setSystemTime(now + idleMs + 1);
      const landkreisAsked = asked(landkreis);
      const cityAsked = asked(city);
      await feed.tick();
      expect(asked(city)).toBe(cityAsked + 2);
      boxes[`facility@${landkreis}`].seqs.push(1);
      await feed.tick();
      expect(asked(landkreis)).toBe(landkreisAsked);
      expect(take()).toEqual([]);

      // Its position is forgotten: asked for again, it is not known until its first poll answered.
      expect(feed.follow([landkreis])).toBe(false);
      await feed.tick();
      expect(boxes[`facility@${landkreis}`].requests.at(-1)).toMatchObject({ after: 0, limit: 1 });
      expect(feed.follow([landkreis])).toBe(true);
      expect(take()).toEqual([landkreis, landkreis]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('follows the registry: a municipality no longer active is dropped and cannot be followed', async () => {
    registry = registryOf([city]);
    const landkreisAsked = asked(landkreis);
    boxes[`facility@${landkreis}`].seqs.push(7);
    await feed.tick();
    expect(asked(landkreis)).toBe(landkreisAsked);
    expect(take()).toEqual([]);
    expect(feed.follow([landkreis])).toBe(false);
    expect(feed.follow('all')).toBe(true);
    await feed.tick();
    expect(asked(landkreis)).toBe(landkreisAsked);
  });
});
