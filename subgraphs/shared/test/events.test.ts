import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type ConsumerProgress,
  type Database,
  EventApplyFailed,
  type EventConsumerMetrics,
  EventCursorEntity,
  EventSourceUnavailable,
  eventCursorPosition,
  eventsRoute,
  eventsUrlOf,
  type Logger,
  newLocalId,
  type OutboxEvent,
  OutboxEventEntity,
  openDatabase,
  readEvents,
  recordEvent,
  recordEvents,
  signServiceToken,
  startEventConsumer,
} from '@kita/shared';
import { TestDatabases, testAuth, testVerifier, tokenFor } from '@kita/shared/testing';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

/** The test's projection: one row per applied event, so applying one twice fails on the key. */
@Entity({ tableName: 'applied_event' })
class AppliedEvent {
  @PrimaryKey({ type: 'integer', autoincrement: false })
  seq!: number;

  @Property({ type: 'text' })
  type!: string;
}

const lueneburg = '03355022';
const secret = 'Kita Sonnenblume, Familie Mustermann';

/** An owner (outbox database behind a plain HTTP server serving `/events`) and a consumer database. */
class World {
  readonly databases = new TestDatabases();
  owner!: Database;
  consumer!: Database;
  private server?: Server;
  port = 0;

  async open(): Promise<this> {
    this.owner = await openDatabase({ clientUrl: await this.databases.create(lueneburg, 'owner'), entities: [OutboxEventEntity], migrations: [], poolMax: 4 });
    this.consumer = await openDatabase({
      clientUrl: await this.databases.create(lueneburg, 'consumer'),
      entities: [EventCursorEntity, AppliedEvent],
      migrations: [],
      poolMax: 4,
    });
    await Promise.all([this.owner.orm.schema.create(), this.consumer.orm.schema.create()]);
    await this.up();
    return this;
  }

  /** Back to an empty outbox, seqs from 1, no cursors, no projection, owner up. */
  async reset(): Promise<void> {
    await this.owner.orm.em.fork().execute('truncate outbox_event restart identity');
    await this.consumer.orm.em.fork().execute('truncate event_cursor, applied_event');
    if (!this.server) await this.up();
  }

  /** Serves the owner's events (again on the same port after `down`). */
  async up(): Promise<void> {
    const route = eventsRoute(this.owner, testVerifier.scopedTo('03355022'));
    const server = createServer((request, response) => {
      if (new URL(request.url!, 'http://localhost').pathname === '/events') void route(request, response);
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server?.close(() => resolve());
      server?.closeAllConnections();
    });
  }

  get graphqlUrl(): string {
    return `http://127.0.0.1:${this.port}/graphql`;
  }

  get eventsUrl(): string {
    return eventsUrlOf(this.graphqlUrl);
  }

  /** Records `count` events in one owner transaction; their seqs. */
  record(count: number, type = 'SomethingHappened'): Promise<number[]> {
    return this.owner.orm.em.fork().transactional((em) =>
      recordEvents(
        em,
        Array.from({ length: count }, (_, index) => ({ type, aggregateId: newLocalId(), payload: { index, note: secret } })),
      ),
    );
  }

  applied(): Promise<number[]> {
    return this.consumer.orm.em
      .fork()
      .find(AppliedEvent, {}, { orderBy: { seq: 'asc' } })
      .then((rows) => rows.map((row) => row.seq));
  }

  cursor(name = 'owner'): Promise<number> {
    return eventCursorPosition(this.consumer.orm.em.fork() as EntityManager, name);
  }

  async close(): Promise<void> {
    await this.down();
    await Promise.all([this.owner?.close(), this.consumer?.close()]);
    await this.databases.drop();
  }
}

// One owner and one consumer database for the file, emptied before each test (seqs restart at 1).
const world = new World();
beforeAll(() => world.open());
afterAll(() => world.close());
beforeEach(() => world.reset());

const serviceToken = () => signServiceToken(testAuth, 'facility@03355022');

/** Appends one projection row per event; what it was handed, in order, goes to `seen`. */
const projecting =
  (seen: number[] = []) =>
  async (em: EntityManager, events: OutboxEvent[]) => {
    seen.push(...events.map((event) => event.seq));
    for (const event of events) em.persist(Object.assign(new AppliedEvent(), { seq: event.seq, type: event.type }));
  };

/** A logger that keeps its lines, to assert what was (and was not) logged. */
function recordingLogger() {
  const lines: Array<{ level: string; event: string; fields: Record<string, unknown> }> = [];
  const at =
    (level: string) =>
    (event: string, fields: Record<string, unknown> = {}) =>
      void lines.push({ level, event, fields });
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => logger };
  return { logger, lines };
}

async function getEvents(url: string, query: string, token?: string) {
  const response = await fetch(`${url}${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, body: (await response.json()) as any };
}

describe('recordEvent', () => {
  it('refuses to record outside a transaction', async () => {
    await expect(recordEvent(world.owner.orm.em.fork() as EntityManager, 'SomethingHappened', newLocalId(), {})).rejects.toThrow(/inside the transaction/);
    expect((await readEvents(world.owner.orm.em.fork() as EntityManager, 0, 10)).events).toEqual([]);
  });

  it('commits and rolls back with the change it describes', async () => {
    const aggregateId = newLocalId();

    const failed = world.owner.orm.em.fork().transactional(async (em) => {
      await recordEvent(em, 'SomethingHappened', aggregateId, { step: 1 });
      throw new Error('the change failed');
    });
    await expect(failed).rejects.toThrow('the change failed');
    const seq = await world.owner.orm.em.fork().transactional((em) => recordEvent(em, 'SomethingHappened', aggregateId, { step: 2 }));

    const { events } = await readEvents(world.owner.orm.em.fork() as EntityManager, 0, 10);
    expect(events).toEqual([{ seq, type: 'SomethingHappened', aggregateId, payload: { step: 2 }, occurredAt: expect.any(String) }]);
  });

  it('makes writers take seqs in commit order, so no event appears behind one already served', async () => {
    const slow = world.owner.orm.em.fork() as EntityManager;
    await slow.begin();
    const slowSeq = await recordEvent(slow, 'Slow', newLocalId(), {});

    // A second writer starts while the first is still open: it must wait, not commit a later seq first.
    let fastCommitted = false;
    const fast = world.owner.orm.em
      .fork()
      .transactional((em) => recordEvent(em, 'Fast', newLocalId(), {}))
      .then((seq) => {
        fastCommitted = true;
        return seq;
      });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const servedMeanwhile = await readEvents(world.owner.orm.em.fork() as EntityManager, 0, 10);
    await slow.commit();
    const fastSeq = await fast;

    expect(fastCommitted).toBe(true);
    expect(servedMeanwhile.events).toEqual([]);
    expect(fastSeq).toBeGreaterThan(slowSeq);
    expect((await readEvents(world.owner.orm.em.fork() as EntityManager, 0, 10)).events.map((event) => event.type)).toEqual(['Slow', 'Fast']);
  });
});

describe('GET /events', () => {
  it.each([
    ['anonymous', 401, 'UNAUTHENTICATED', async (): Promise<string | undefined> => undefined],
    ['a bad token', 401, 'UNAUTHENTICATED', async (): Promise<string | undefined> => 'not-a-jwt'],
    ['a parent', 403, 'FORBIDDEN', () => tokenFor({ role: 'parent' })],
    ['the office of the municipality', 403, 'FORBIDDEN', () => tokenFor({ role: 'office', municipalities: [lueneburg] })],
    ['an analyst', 403, 'FORBIDDEN', () => tokenFor({ role: 'analyst', municipalities: [lueneburg] })],
  ] as const)('refuses %s with %s %s and no events', async (_who, status, code, token) => {
    await world.record(2);

    const { status: answered, body } = await getEvents(world.eventsUrl, '', await token());

    expect(answered).toBe(status);
    expect(body).toEqual({ errors: [{ message: expect.any(String), extensions: { code } }] });
    expect(JSON.stringify(body)).not.toContain(secret);
  });

  it('pages by after and limit in seq order, with last as the next after and head as the newest seq', async () => {
    const seqs = await world.record(5);
    const token = await serviceToken();

    const first = await getEvents(world.eventsUrl, '?limit=2', token);
    const second = await getEvents(world.eventsUrl, `?after=${first.body.last}&limit=2`, token);
    const third = await getEvents(world.eventsUrl, `?after=${second.body.last}&limit=2`, token);
    const end = await getEvents(world.eventsUrl, `?after=${third.body.last}`, token);

    expect(first.status).toBe(200);
    expect(first.body.events[0]).toEqual({
      seq: seqs[0],
      type: 'SomethingHappened',
      aggregateId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      payload: { index: 0, note: secret },
      occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect([first, second, third].map(({ body }) => body.events.map((event: OutboxEvent) => event.seq))).toEqual([
      seqs.slice(0, 2),
      seqs.slice(2, 4),
      seqs.slice(4),
    ]);
    expect(third.body.last).toBe(seqs[4]);
    // `head` is the owner's newest seq, whatever page was asked for: how consumers know their lag.
    expect([first, second, third].map(({ body }) => body.head)).toEqual([seqs[4], seqs[4], seqs[4]]);
    expect(end.body).toEqual({ events: [], last: seqs[4], head: seqs[4] });
  });

  it('serves 500 events by default and at most 1000', async () => {
    await world.record(1001);
    const token = await serviceToken();

    const byDefault = await getEvents(world.eventsUrl, '', token);
    const largest = await getEvents(world.eventsUrl, '?limit=1000', token);

    expect(byDefault.body.events).toHaveLength(500);
    expect(largest.body.events).toHaveLength(1000);
  });

  it.each([
    ['?limit=1001', 'limit'],
    ['?limit=0', 'limit'],
    ['?after=-1', 'after'],
    ['?after=1.5', 'after'],
  ])('refuses %s as 400 BAD_USER_INPUT naming %s', async (query, argument) => {
    const { status, body } = await getEvents(world.eventsUrl, query, await serviceToken());

    expect(status).toBe(400);
    expect(body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argument });
  });

  it('answers other methods with 405', async () => {
    const response = await fetch(world.eventsUrl, { method: 'POST', headers: { authorization: `Bearer ${await serviceToken()}` } });

    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
  });
});

describe('startEventConsumer', () => {
  const consumerOf = (options: {
    apply: (em: EntityManager, events: OutboxEvent[]) => Promise<void>;
    logger?: Logger;
    intervalMs?: number;
    batch?: number;
    token?: () => Promise<string>;
    name?: string;
    metrics?: EventConsumerMetrics;
  }) =>
    startEventConsumer({
      name: options.name ?? 'owner',
      source: world.eventsUrl,
      database: world.consumer,
      token: options.token ?? serviceToken,
      apply: options.apply,
      intervalMs: options.intervalMs ?? 60_000,
      batch: options.batch,
      fetchTimeoutMs: 2_000,
      logger: options.logger ?? recordingLogger().logger,
      metrics: options.metrics,
    });

  it("reports how far it is behind its owner, and when it last caught up, for the instance's /metrics", async () => {
    const seqs = await world.record(3);
    const progress: ConsumerProgress[] = [];
    let broken = true;
    // A stream of its own: the cursor starts at 0, so every event the owner holds is behind.
    const consumer = consumerOf({
      name: 'lag-report',
      metrics: { consumerProgress: (consumer, reported) => void progress.push({ consumer, ...reported } as ConsumerProgress) },
      apply: async () => {
        if (broken) throw new Error('projection broken');
      },
    });

    await expect(consumer.catchUp()).rejects.toBeInstanceOf(EventApplyFailed);
    const whileBroken = progress.at(-1);
    broken = false;
    await consumer.catchUp();
    await consumer.stop();

    expect(whileBroken).toEqual({ consumer: 'lag-report', lag: seqs[2] });
    expect(progress.at(-1)).toEqual({ consumer: 'lag-report', lag: 0, succeededAt: expect.any(Number) });
  });

  it("keeps its statements, raw SQL in its projection too, out of the database's request statement count", async () => {
    await world.record(3);
    const consumer = consumerOf({
      apply: async (em, events) => {
        for (const event of events) await em.execute('insert into applied_event (seq, type) values (?, ?)', [event.seq, event.type]);
      },
    });
    world.consumer.statements.reset();
    await consumer.catchUp();
    await consumer.stop();
    expect(await world.applied()).toHaveLength(3);
    // Only the test's own read of the projection above is counted: it is not background work.
    expect(world.consumer.statements.recent).toEqual([expect.stringMatching(/^select .* from "applied_event"/)]);
  });

  it('applies events in seq order, page by page, and stores the cursor with them', async () => {
    const seqs = await world.record(7);
    const seen: number[] = [];
    const batches: number[][] = [];
    const consumer = consumerOf({
      batch: 3,
      apply: async (em, events) => {
        batches.push(events.map((event) => event.seq));
        await projecting(seen)(em, events);
      },
    });

    await consumer.catchUp();
    await consumer.stop();

    expect(seen).toEqual(seqs);
    expect(batches).toEqual([seqs.slice(0, 3), seqs.slice(3, 6), seqs.slice(6)]);
    expect(await world.applied()).toEqual(seqs);
    expect(await world.cursor()).toBe(seqs[6]);
  });

  it('returns how many events catchUp applied, and 0 when there are none', async () => {
    await world.record(2);
    const consumer = consumerOf({ apply: projecting() });
    await consumer.catchUp();

    await world.record(3);
    const applied = await consumer.catchUp();
    const again = await consumer.catchUp();
    await consumer.stop();

    expect([applied, again]).toEqual([3, 0]);
  });

  it('resumes from the stored cursor after a restart and applies nothing twice', async () => {
    const before = await world.record(4);
    const firstRun = consumerOf({ apply: projecting() });
    await firstRun.catchUp();
    await firstRun.stop();

    // While the consumer is down, the owner goes on.
    const during = await world.record(3);
    const seenAfterRestart: number[] = [];
    const secondRun = consumerOf({ apply: projecting(seenAfterRestart) });
    await secondRun.catchUp();
    await secondRun.stop();

    expect(seenAfterRestart).toEqual(during);
    expect(await world.applied()).toEqual([...before, ...during]);
    expect(await world.cursor()).toBe(during[2]);
  });

  it('keeps its cursor while the owner is down, warns without event contents, and catches up by itself when it is back', async () => {
    const early = await world.record(2);
    const { logger, lines } = recordingLogger();
    const consumer = consumerOf({ apply: projecting(), logger, intervalMs: 50 });
    await vi.waitFor(async () => expect(await world.applied()).toEqual(early));

    await world.down();
    const whileDown = await world.record(3);
    await vi.waitFor(() => expect(lines.some((line) => line.event === 'event_source_unavailable')).toBe(true));
    await expect(consumer.catchUp()).rejects.toBeInstanceOf(EventSourceUnavailable);
    expect(await world.cursor()).toBe(early[1]);

    await world.up();
    await vi.waitFor(async () => expect(await world.applied()).toEqual([...early, ...whileDown]), { timeout: 5_000 });
    await consumer.stop();

    expect(await world.cursor()).toBe(whileDown[2]);
    const warning = lines.find((line) => line.event === 'event_source_unavailable')!;
    expect(warning).toMatchObject({ level: 'warn', fields: { consumer: 'owner', reason: 'ECONNREFUSED' } });
    expect(lines.filter((line) => line.event === 'event_source_unavailable')).toHaveLength(1);
    expect(lines.some((line) => line.event === 'event_source_back')).toBe(true);
    expect(JSON.stringify(lines)).not.toContain(secret);
  });

  it('rolls back the cursor and the projection when apply fails, and applies the whole batch next time', async () => {
    const seqs = await world.record(3);
    const { logger, lines } = recordingLogger();
    let failOn: number | undefined = seqs[2];
    const consumer = consumerOf({
      logger,
      apply: async (em, events) => {
        for (const event of events) {
          em.persist(Object.assign(new AppliedEvent(), { seq: event.seq, type: event.type }));
          await em.flush();
          if (event.seq === failOn) throw new Error(`cannot apply ${JSON.stringify(event.payload)}`);
        }
      },
    });

    const failure = await consumer.catchUp().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(EventApplyFailed);
    expect(failure).toMatchObject({ firstSeq: seqs[0], lastSeq: seqs[2] });
    expect(await world.applied()).toEqual([]);
    expect(await world.cursor()).toBe(0);

    failOn = undefined;
    expect(await consumer.catchUp()).toBe(3);
    await consumer.stop();
    expect(await world.applied()).toEqual(seqs);
    expect(JSON.stringify(lines)).not.toContain(secret);
  });

  it('logs a failing apply from its own polling as an error with seqs only, and keeps trying', async () => {
    const seqs = await world.record(2);
    const { logger, lines } = recordingLogger();
    let attempts = 0;
    const consumer = consumerOf({
      logger,
      intervalMs: 30,
      apply: async (em, events) => {
        attempts += 1;
        if (attempts < 3) throw new Error(`cannot apply ${JSON.stringify(events)}`);
        await projecting()(em, events);
      },
    });

    await vi.waitFor(async () => expect(await world.applied()).toEqual(seqs));
    await consumer.stop();

    expect(lines.filter((line) => line.event === 'event_apply_failed')).toEqual([
      { level: 'error', event: 'event_apply_failed', fields: { consumer: 'owner', firstSeq: seqs[0], lastSeq: seqs[1], error: 'Error', code: undefined } },
      { level: 'error', event: 'event_apply_failed', fields: { consumer: 'owner', firstSeq: seqs[0], lastSeq: seqs[1], error: 'Error', code: undefined } },
    ]);
    expect(JSON.stringify(lines)).not.toContain(secret);
  });

  it('treats an owner that refuses its token as unavailable and moves nothing', async () => {
    await world.record(2);
    const consumer = consumerOf({ apply: projecting(), token: () => tokenFor({ role: 'office', municipalities: [lueneburg] }) });

    await expect(consumer.catchUp()).rejects.toMatchObject({ name: 'EventSourceUnavailable', status: 403 });
    await consumer.stop();

    expect(await world.applied()).toEqual([]);
    expect(await world.cursor()).toBe(0);
  });

  it('applies each event once when two processes consume into the same database', async () => {
    const seqs = await world.record(40);
    const [seenByOne, seenByTwo]: number[][] = [[], []];
    const [one, two] = [consumerOf({ apply: projecting(seenByOne), batch: 7 }), consumerOf({ apply: projecting(seenByTwo), batch: 7 })];

    await Promise.all([one.catchUp(), two.catchUp()]);
    await Promise.all([one.stop(), two.stop()]);

    // A duplicate would also have failed on the projection's primary key.
    expect([...seenByOne, ...seenByTwo].sort((a, b) => a - b)).toEqual(seqs);
    expect(await world.applied()).toEqual(seqs);
  });

  it('asks a source function before each request and waits while it knows no URL', async () => {
    const seqs = await world.record(2);
    let source: string | undefined;
    const consumer = startEventConsumer({
      name: 'owner',
      source: () => source,
      database: world.consumer,
      token: serviceToken,
      apply: projecting(),
      intervalMs: 60_000,
      logger: recordingLogger().logger,
    });

    await expect(consumer.catchUp()).rejects.toMatchObject({ name: 'EventSourceUnavailable', reason: 'no source URL' });
    source = world.eventsUrl;
    await consumer.catchUp();
    await consumer.stop();

    expect(await world.applied()).toEqual(seqs);
  });

  it('keeps one cursor per stream name', async () => {
    const seqs = await world.record(2);
    const consumer = consumerOf({ apply: async () => {}, name: 'other-stream' });

    await consumer.catchUp();
    await consumer.stop();

    expect(await world.cursor('other-stream')).toBe(seqs[1]);
    expect(await world.cursor('owner')).toBe(0);
  });
});
