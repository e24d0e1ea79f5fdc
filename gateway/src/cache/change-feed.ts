import type { Logger } from '@kita/core';
import type { MunicipalityEntry, Registry } from '@kita/registry';
import { Agent, request } from 'undici';
import { eventSubgraphs } from './public-operations.js';

// The gateway as a light consumer of the facility and vacancy outboxes (`GET /events`, as the
// subgraphs read each other's) of the municipalities whose answers it caches: it keeps no events
// and no data, only each instance's position, and learns "something changed in municipality X" to
// invalidate the response cache. Asking every active municipality every second would cost two
// requests per municipality per second per replica (over 1,000/s at 560); following only what
// people search keeps that to the municipalities in the cache.
//
// The cache asks `follow(municipalities)` right before it stores an answer touching them (and may
// ask earlier too, to start following sooner). A municipality asked for the first time is followed
// from then on, its instances asked at once (the first answer is the outbox's head, which counts as
// a change: what was cached before may predate an event), and `follow` says false until that first
// poll answered: only then is any later event sure to be seen, so only then may an answer be
// stored. A municipality not asked for during `idleMs` (the cache's TTL: an answer stored right
// after the last `follow` has expired by then) is dropped and its position forgotten.
// Every tick asks the followed municipalities' instances as the current registry lists them; one
// no longer active is dropped, a moved instance starts again at its new outbox's head.
//
// An instance whose events cannot be read is left to the cache's TTL, as before, and keeps its
// position: when it answers again it goes on from there, so an event written meanwhile still
// invalidates (late, but without counting the outage itself as a change). While it cannot be read
// `follow` says false for its municipality: an answer stored then could change without the cache
// hearing of it until the instance is back, so none is stored; what was stored before stays until
// an event (once the instance answers) or the TTL removes it. The same holds when `onChange`
// fails: the position is not moved past events whose invalidation did not happen, so the next
// poll reads them again.

export interface ChangeFeedOptions {
  registry: () => Registry;
  /** The gateway's service token for a municipality's instances (its `/events` accept service tokens only). */
  serviceToken?: (municipality: string) => Promise<string>;
  /** How often the followed municipalities' instances are asked (default 1000 ms). */
  intervalMs?: number;
  /** A municipality not asked for by `follow` this long is dropped (default 30 s, the cache's TTL; pass the TTL). */
  idleMs?: number;
  timeoutMs?: number;
  /** Called with the municipality whose public data changed (or may have: its outbox went back, it is followed anew). */
  onChange: (municipality: string) => void | Promise<void>;
  logger: Logger;
}

interface Position {
  url: string;
  /** The last seq seen; undefined until the first answer (which starts at the outbox's head). */
  cursor?: number;
  /** The last poll answered and was acted on: any event after it will be seen by a later poll. */
  known: boolean;
  /** A poll was started (a new instance is asked at once by `follow`, not at the next tick). */
  asked: boolean;
  /** The poll running now, if any. */
  polling?: Promise<void>;
  lastWarnedAt?: number;
}

interface Followed {
  /** When `follow` last asked for it (`Date.now()`). */
  wantedAt: number;
  /** Its facility and vacancy instances by subgraph. */
  positions: Map<string, Position>;
  /** The registry they were read from: only another one (a reload) can move an instance. */
  registry?: Registry;
}

const pageSize = 1000;

/** The events URL beside an instance's GraphQL URL (`…/graphql` → `…/events`), as the subgraphs' `eventsUrlOf`. */
const eventsUrlOf = (graphqlUrl: string) => new URL('/events', graphqlUrl);

/** Follows the outboxes of the municipalities the response cache holds answers for, and tells it of their changes. */
export class ChangeFeed {
  private readonly followed = new Map<string, Followed>();
  private readonly agent = new Agent({ keepAliveTimeout: 30_000, connections: 4 });
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly options: ChangeFeedOptions) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs ?? 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.followed.clear();
    await this.agent.close();
  }

  /**
   * Marks these municipalities (`'all'`: every active one) as wanted now and says whether an answer
   * touching them may be stored: true only when each is followed from a known position. One asked
   * for the first time is followed from now on (false this time); one not active is never followed.
   */
  follow(municipalities: readonly string[] | 'all'): boolean {
    const registry = this.options.registry();
    const now = Date.now();
    let known = true;
    for (const entry of municipalities === 'all' ? registry.active() : municipalities.map((key) => registry.get(key))) {
      if (!entry?.active || this.stopped) {
        known = false;
        continue;
      }
      let followed = this.followed.get(entry.key);
      if (!followed) this.followed.set(entry.key, (followed = { wantedAt: now, positions: new Map() }));
      followed.wantedAt = now;
      // Called by every cacheable request: the instances are looked up again only after a reload.
      const positions = followed.registry === registry ? followed.positions : this.positionsOf(entry, followed, registry);
      for (const [subgraph, position] of positions) {
        if (!position.asked) void this.poll(entry.key, subgraph, position);
        if (!position.known) known = false;
      }
    }
    return known;
  }

  /**
   * One round: drops the municipalities not wanted for `idleMs` or no longer active, then asks every
   * followed one's instances (one still answering is not asked twice); resolves when all answered.
   */
  async tick(): Promise<void> {
    if (this.stopped) return;
    const registry = this.options.registry();
    const idleMs = this.options.idleMs ?? 30_000;
    const now = Date.now();
    const polls: Promise<void>[] = [];
    for (const [municipality, followed] of this.followed) {
      const entry = registry.get(municipality);
      if (!entry?.active || now - followed.wantedAt > idleMs) {
        this.followed.delete(municipality);
        continue;
      }
      for (const [subgraph, position] of this.positionsOf(entry, followed, registry)) polls.push(this.poll(municipality, subgraph, position));
    }
    await Promise.all(polls);
  }

  /** The municipality's instances as `registry` (the current one) lists them. */
  private positionsOf(entry: MunicipalityEntry, followed: Followed, registry: Registry): Map<string, Position> {
    followed.registry = registry;
    for (const subgraph of eventSubgraphs) {
      const url = entry.subgraphs[subgraph];
      const position = followed.positions.get(subgraph);
      if (!url) followed.positions.delete(subgraph);
      // A moved instance has its own outbox: start again at its head (which counts as a change).
      else if (!position || position.url !== url) followed.positions.set(subgraph, { url, known: false, asked: false });
    }
    return followed.positions;
  }

  /** Asks the instance unless it is being asked already. */
  private poll(municipality: string, subgraph: string, position: Position): Promise<void> {
    position.asked = true;
    position.polling ??= this.read(municipality, subgraph, position).finally(() => (position.polling = undefined));
    return position.polling;
  }

  /** Reads the instance's new events; the position moves only past events whose change was told. */
  private async read(municipality: string, subgraph: string, position: Position): Promise<void> {
    try {
      for (;;) {
        const cursor = position.cursor;
        const page = await this.page(municipality, position.url, cursor ?? 0, cursor === undefined ? 1 : pageSize);
        if (cursor === undefined) {
          // From the outbox's head on; what was answered before the feed knew it (before it was
          // followed, or its instance moved) may predate a change, so it counts as one.
          await this.options.onChange(municipality);
          position.cursor = page.head ?? page.last;
          break;
        }
        if (page.events > 0) {
          await this.options.onChange(municipality);
          position.cursor = page.last;
          if (page.events < pageSize) break;
          continue;
        }
        // The outbox is behind what was seen (a restored database): start again at its head.
        if (page.head !== undefined && page.head < cursor) {
          await this.options.onChange(municipality);
          position.cursor = page.head;
        }
        break;
      }
      position.known = true;
    } catch (error) {
      position.known = false;
      const now = Date.now();
      if (position.lastWarnedAt === undefined || now - position.lastWarnedAt >= 60_000) {
        position.lastWarnedAt = now;
        this.options.logger.warn('response_cache_events_unavailable', { municipality, subgraph, reason: (error as Error).message });
      }
    }
  }

  private async page(municipality: string, url: string, after: number, limit: number): Promise<{ events: number; last: number; head?: number }> {
    const target = eventsUrlOf(url);
    target.searchParams.set('after', String(after));
    target.searchParams.set('limit', String(limit));
    const token = await this.options.serviceToken?.(municipality);
    let response: Awaited<ReturnType<typeof request>>;
    try {
      response = await request(target, {
        method: 'GET',
        dispatcher: this.agent,
        headers: token ? { authorization: `Bearer ${token}` } : {},
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
      });
    } catch (error) {
      throw new Error((error as { code?: string }).code ?? (error as Error).name ?? 'unreachable');
    }
    if (response.statusCode !== 200) {
      await response.body.dump();
      throw new Error(`HTTP ${response.statusCode}`);
    }
    const body = (await response.body.json().catch(() => undefined)) as { events?: unknown; last?: unknown; head?: unknown } | undefined;
    if (!body || !Array.isArray(body.events) || typeof body.last !== 'number') throw new Error('malformed page');
    return { events: body.events.length, last: body.last, head: typeof body.head === 'number' ? body.head : undefined };
  }
}
