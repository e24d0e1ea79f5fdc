import type { Logger } from '@kita/core';
import type { Registry } from '@kita/registry';
import { Agent, request } from 'undici';
import { eventSubgraphs } from './public-operations.js';

// The gateway as a light consumer of every active municipality's facility and vacancy outbox
// (`GET /events`, as the subgraphs read each other's): it keeps no events and no data, only each
// instance's position, and learns "something changed in municipality X" to invalidate the
// response cache. It follows the registry: every tick asks the instances the current registry
// lists. An instance whose events cannot be read is left to the cache's TTL.

export interface ChangeFeedOptions {
  registry: () => Registry;
  /** The gateway's service token for a municipality's instances (its `/events` accept service tokens only). */
  serviceToken?: (municipality: string) => Promise<string>;
  /** How often every instance is asked (default 1000 ms). */
  intervalMs?: number;
  timeoutMs?: number;
  /** Called with the municipality whose public data changed (or may have: its outbox went back). */
  onChange: (municipality: string) => void | Promise<void>;
  logger: Logger;
}

interface Position {
  url: string;
  /** The last seq seen; undefined until the first answer (which starts at the outbox's head). */
  cursor?: number;
  /** The poll running now, if any. */
  polling?: Promise<void>;
  lastWarnedAt?: number;
}

const pageSize = 1000;

/** The events URL beside an instance's GraphQL URL (`…/graphql` → `…/events`), as the subgraphs' `eventsUrlOf`. */
const eventsUrlOf = (graphqlUrl: string) => new URL('/events', graphqlUrl);

export class ChangeFeed {
  private readonly positions = new Map<string, Position>();
  private readonly agent = new Agent({ keepAliveTimeout: 30_000, connections: 4 });
  private timer?: NodeJS.Timeout;

  constructor(private readonly options: ChangeFeedOptions) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs ?? 1000);
    this.timer.unref();
    void this.tick();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.agent.close();
  }

  /** Asks every listed instance (one still answering the previous tick is not asked twice); resolves when all answered. */
  async tick(): Promise<void> {
    const listed = new Set<string>();
    const polls: Promise<void>[] = [];
    for (const entry of this.options.registry().active()) {
      for (const subgraph of eventSubgraphs) {
        const url = entry.subgraphs[subgraph];
        if (!url) continue;
        const id = `${subgraph}@${entry.key}`;
        listed.add(id);
        let position = this.positions.get(id);
        // A moved instance has its own outbox: start again at its head (which counts as a change).
        if (position && position.url !== url) position = undefined;
        if (!position) this.positions.set(id, (position = { url }));
        const current = position;
        current.polling ??= this.poll(entry.key, subgraph, current).finally(() => (current.polling = undefined));
        polls.push(current.polling);
      }
    }
    for (const id of this.positions.keys()) if (!listed.has(id)) this.positions.delete(id);
    await Promise.all(polls);
  }

  private async poll(municipality: string, subgraph: string, position: Position): Promise<void> {
    try {
      for (;;) {
        const starting = position.cursor === undefined;
        const page = await this.read(municipality, position.url, position.cursor ?? 0, starting ? 1 : pageSize);
        if (starting) {
          // From the outbox's head on; what was answered before the feed knew it (at start, or while
          // the instance could not be read) may predate a change, so it counts as one.
          position.cursor = page.head ?? page.last;
          await this.options.onChange(municipality);
          return;
        }
        const cursor = position.cursor!;
        if (page.events > 0) {
          position.cursor = page.last;
          await this.options.onChange(municipality);
          if (page.events < pageSize) return;
          continue;
        }
        // The outbox is behind what was seen (a restored database): start again at its head.
        if (page.head !== undefined && page.head < cursor) {
          position.cursor = page.head;
          await this.options.onChange(municipality);
        }
        return;
      }
    } catch (error) {
      const now = Date.now();
      if (position.lastWarnedAt === undefined || now - position.lastWarnedAt >= 60_000) {
        position.lastWarnedAt = now;
        this.options.logger.warn('response_cache_events_unavailable', { municipality, subgraph, reason: (error as Error).message });
      }
    }
  }

  private async read(municipality: string, url: string, after: number, limit: number): Promise<{ events: number; last: number; head?: number }> {
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
