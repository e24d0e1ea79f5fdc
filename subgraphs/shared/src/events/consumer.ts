import type { EventConsumerMetrics, Logger } from '@kita/core';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Database } from '../orm.js';
import { backgroundWork } from '../orm.js';
import { type EventPage, eventPageSchema, maxEventPageSize, type OutboxEvent } from './event.js';
import { EventCursorEntity } from './event-cursor.entity.js';

/**
 * Applies a batch of an owner's events, in seq order, in the transaction that also advances the
 * consumer's cursor; throwing rolls back both, and the batch comes again next poll.
 *
 * It must be idempotent. Because cursor and projection commit together, a batch is delivered
 * again only after that transaction failed (leaving nothing behind) or when two processes
 * consume into one database; projections are still written so that applying events again, in
 * order, leaves the same state:
 * - an event carrying a snapshot upserts by the aggregate's ID (`insert … on conflict (id) do update`);
 * - a removal deletes by ID (deleting what is gone is a no-op);
 * - never accumulate per event (`places = places + n`, appending rows, sending mail);
 * - skip event types it does not know: owners may add types before consumers learn them.
 */
export type EventApplier = (em: EntityManager, events: OutboxEvent[]) => Promise<void>;

export interface EventConsumerOptions {
  /** Stable name of the stream in this database (the cursor's key) and in logs, e.g. `vacancy`. */
  name: string;
  /**
   * The owner's events URL, e.g. `eventsUrlOf(vacancyGraphqlUrl)`; or a function asked before
   * every request, for an owner whose URL is known later or changes (registry reload).
   * Undefined counts as an owner that is down.
   */
  source: string | (() => string | undefined);
  /** The consumer's own database, holding `event_cursor` and the projection. */
  database: Database;
  /** A fresh bearer token for each request, e.g. `() => signServiceToken(settings, 'facility@03355022')`. */
  token: () => Promise<string>;
  apply: EventApplier;
  intervalMs?: number;
  /**
   * When set (above `intervalMs`), a poll that finds nothing new, or an owner that is down, doubles
   * the wait up to this; applying events brings it back to `intervalMs`. Keeps many idle consumers cheap.
   */
  maxIdleIntervalMs?: number;
  /** Events per request, at most 1000. */
  batch?: number;
  fetchTimeoutMs?: number;
  logger: Logger;
  /** Where the consumer reports its lag and last success after every poll (`kita_event_consumer_*`). */
  metrics?: EventConsumerMetrics;
}

export interface EventConsumer {
  /** Stops polling and waits for a running poll to finish. */
  stop(): Promise<void>;
  /** Polls until the owner has no further events; the number applied. Rejects when the owner is unreachable or `apply` fails. */
  catchUp(): Promise<number>;
}

/** The owner could not be asked (down, refused, timed out) or answered something unusable. */
export class EventSourceUnavailable extends Error {
  constructor(
    readonly reason: string,
    readonly status?: number,
  ) {
    super(`event source unavailable: ${reason}`);
    this.name = 'EventSourceUnavailable';
  }
}

/** `apply` threw for the events `firstSeq`..`lastSeq`; nothing of the batch was committed. */
export class EventApplyFailed extends Error {
  constructor(
    readonly firstSeq: number,
    readonly lastSeq: number,
    cause: unknown,
  ) {
    super(`applying events ${firstSeq}..${lastSeq} failed`, { cause });
    this.name = 'EventApplyFailed';
  }
}

const errorFields = (error: unknown) => ({ error: (error as Error)?.name, code: (error as { code?: string })?.code });

/** The stored position of stream `name`, 0 before the first event. */
export async function eventCursorPosition(em: EntityManager, name: string): Promise<number> {
  // Read before every poll of every consumer, nearly all of them idle: one plain statement.
  const rows = await em.execute<Array<{ position: string | number }>>('select position from event_cursor where source = ?', [name]);
  return rows.length ? Number(rows[0].position) : 0;
}

/**
 * Polls an owner's `/events` feed into the consumer's database: fetch after the stored cursor,
 * then apply and advance the cursor in one transaction. While the owner is down it logs a
 * warning and tries again next interval; the cursor stays, so nothing is skipped.
 */
export function startEventConsumer(options: EventConsumerOptions): EventConsumer {
  const { name, database, logger } = options;
  const intervalMs = options.intervalMs ?? 1000;
  const batch = options.batch ?? 500;
  const fetchTimeoutMs = options.fetchTimeoutMs ?? 10_000;
  const maxIdleIntervalMs = Math.max(intervalMs, options.maxIdleIntervalMs ?? intervalMs);
  let delayMs = intervalMs;
  if (!Number.isInteger(batch) || batch < 1 || batch > maxEventPageSize) throw new Error(`batch must be between 1 and ${maxEventPageSize}`);

  async function fetchPage(after: number): Promise<EventPage> {
    const source = typeof options.source === 'function' ? options.source() : options.source;
    if (!source) throw new EventSourceUnavailable('no source URL');
    const url = new URL(source);
    url.searchParams.set('after', String(after));
    url.searchParams.set('limit', String(batch));
    // A token that cannot be made is this side's fault, not the owner's: it is not caught here.
    const authorization = `Bearer ${await options.token()}`;
    let response: Response;
    try {
      response = await fetch(url, { headers: { authorization }, signal: AbortSignal.timeout(fetchTimeoutMs) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new EventSourceUnavailable(cause ?? (error as Error).name ?? 'fetch failed');
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new EventSourceUnavailable(`HTTP ${response.status}`, response.status);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new EventSourceUnavailable('unreadable answer', response.status);
    }
    const page = eventPageSchema.safeParse(body);
    if (!page.success) throw new EventSourceUnavailable('malformed page', response.status);
    // The contract: ascending seqs after `after`. Anything else would move the cursor wrongly.
    let previous = after;
    for (const event of page.data.events) {
      if (event.seq <= previous) throw new EventSourceUnavailable('events out of order', response.status);
      previous = event.seq;
    }
    return page.data as EventPage;
  }

  /** What the last page said: the cursor after it and the owner's newest seq. */
  let position: { cursor: number; head: number } | undefined;

  /** One request and its transaction; how many events were fetched and how many applied. */
  async function pollOnce(): Promise<{ fetched: number; applied: number }> {
    const em = database.orm.em.fork(backgroundWork) as EntityManager;
    const after = await eventCursorPosition(em, name);
    const page = await fetchPage(after);
    // An owner without `head` only says there is at least up to the page's last seq.
    const head = Math.max(page.head ?? page.last, page.last);
    position = { cursor: after, head };
    if (page.events.length === 0) return { fetched: 0, applied: 0 };
    const applied = await em.transactional(async (tx) => {
      // Locks the cursor so that two processes consuming into this database apply a batch once.
      await tx.createQueryBuilder(EventCursorEntity).insert({ source: name, position: 0 }).onConflict('source').ignore().execute();
      const cursor = await tx.findOneOrFail(EventCursorEntity, { source: name }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      const fresh = page.events.filter((event) => event.seq > cursor.position);
      if (fresh.length === 0) return 0;
      try {
        await options.apply(tx, fresh);
        await tx.flush();
      } catch (error) {
        throw new EventApplyFailed(fresh[0].seq, fresh.at(-1)!.seq, error);
      }
      cursor.position = fresh.at(-1)!.seq;
      return fresh.length;
    });
    position = { cursor: page.last, head };
    return { fetched: page.events.length, applied };
  }

  const report = (succeeded: boolean) => {
    if (!options.metrics || !position) return;
    options.metrics.consumerProgress(name, { lag: Math.max(0, position.head - position.cursor), ...(succeeded ? { succeededAt: Date.now() } : {}) });
  };

  async function drain(): Promise<number> {
    let total = 0;
    try {
      for (;;) {
        const { fetched, applied } = await pollOnce();
        total += applied;
        if (fetched < batch) {
          report(true);
          return total;
        }
      }
    } catch (error) {
      report(false);
      throw error;
    }
  }

  // Polls never overlap: the timer's and `catchUp`'s run one after another.
  let running: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const next = running.then(work, work);
    running = next.catch(() => {});
    return next;
  };

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let unavailableSince: number | undefined;
  let lastWarnedAt: number | undefined;
  let succeededOnce = false;
  const tick = async () => {
    if (stopped) return;
    try {
      const applied = await exclusive(drain);
      if (unavailableSince !== undefined) logger.info('event_source_back', { consumer: name, downForMs: Date.now() - unavailableSince });
      unavailableSince = undefined;
      lastWarnedAt = undefined;
      succeededOnce = true;
      if (applied > 0) logger.info('events_applied', { consumer: name, count: applied });
      delayMs = applied > 0 ? intervalMs : Math.min(delayMs * 2, maxIdleIntervalMs);
    } catch (error) {
      delayMs = Math.min(delayMs * 2, maxIdleIntervalMs);
      // Logs carry seqs and error names, never event contents: those may hold personal data.
      if (error instanceof EventSourceUnavailable) {
        // Once when the owner goes away, then once a minute: a long outage should not flood the log.
        const now = Date.now();
        if (lastWarnedAt === undefined || now - lastWarnedAt >= 60_000) {
          lastWarnedAt = now;
          // A municipality's instances start together, so a source not known yet at the very first
          // poll is expected: debug then; still unknown a minute later, it is a warning.
          const expected = error.reason === 'no source URL' && !succeededOnce && unavailableSince === undefined;
          logger[expected ? 'debug' : 'warn']('event_source_unavailable', {
            consumer: name,
            source: typeof options.source === 'function' ? options.source() : options.source,
            reason: error.reason,
            status: error.status,
            downForMs: now - (unavailableSince ?? now),
          });
        }
        unavailableSince ??= now;
      } else if (error instanceof EventApplyFailed) {
        logger.error('event_apply_failed', { consumer: name, firstSeq: error.firstSeq, lastSeq: error.lastSeq, ...errorFields(error.cause) });
      } else {
        logger.error('event_poll_failed', { consumer: name, ...errorFields(error) });
      }
    }
    if (!stopped) {
      timer = setTimeout(tick, delayMs);
      timer.unref();
    }
  };
  // The first poll starts now, so a `catchUp` right after start waits for it instead of racing it.
  void tick();

  return {
    catchUp: () => exclusive(drain),
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
