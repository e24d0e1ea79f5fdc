import { createHash } from 'node:crypto';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import type { Logger } from '@kita/core';
import { Redis } from 'ioredis';

// Where cached answers live: in the process (bounded LRU, the default) or in Redis, shared by
// every replica. Invalidation is by generation: each municipality has a counter, and the key an
// answer is stored under holds the counters of the municipalities it touches, read before its
// subgraphs were asked. `invalidate` bumps counters; an answer made before a change is then
// never found again (it ages out by its TTL or the LRU). In Redis the counters live in Redis
// too, so a change one replica hears of invalidates for all.

/** A stored answer: the operation's result (data only, no errors) and its ETag. */
export interface CachedAnswer {
  data: Record<string, unknown>;
  etag: string;
}

/** The municipalities an operation touches; `all` for every active one (one shared counter, bumped with any change). */
export type Touched = readonly string[] | 'all';

export interface Lookup {
  /** The key this request's answer is stored under (its municipalities' current generations in it). */
  key: string;
  answer?: CachedAnswer;
}

export interface ResponseStore {
  lookup(base: string, touched: Touched): Promise<Lookup>;
  set(key: string, answer: CachedAnswer, ttlMs: number): Promise<void>;
  /** Something changed in these municipalities: answers touching them (or all) are not found any more. */
  invalidate(municipalities: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/** The counter of `all`: bumped with every municipality's. */
const anyMunicipality = '*';

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

/** In-process answers, at most `maxBytes` of JSON (least recently used go first). */
export class MemoryStore implements ResponseStore {
  private readonly generations = new Map<string, number>();
  private readonly answers: InMemoryLRUCache<CachedAnswer>;

  constructor(maxBytes: number) {
    this.answers = new InMemoryLRUCache<CachedAnswer>({
      maxSize: maxBytes,
      // Counted once when stored; about the size of the JSON.
      sizeCalculation: (answer) => JSON.stringify(answer.data).length + 64,
    });
  }

  async lookup(base: string, touched: Touched): Promise<Lookup> {
    const names = touched === 'all' ? [anyMunicipality] : touched;
    const key = `${base}:${sha1(names.map((name) => `${name}=${this.generations.get(name) ?? 0}`).join(','))}`;
    return { key, answer: await this.answers.get(key) };
  }

  async set(key: string, answer: CachedAnswer, ttlMs: number): Promise<void> {
    await this.answers.set(key, answer, { ttl: ttlMs / 1000 });
  }

  async invalidate(municipalities: readonly string[]): Promise<void> {
    for (const name of [...municipalities, anyMunicipality]) this.generations.set(name, (this.generations.get(name) ?? 0) + 1);
  }

  async close(): Promise<void> {}
}

// One round trip per lookup: the generations and the answer under the key they make.
// KEYS[1]: the generations hash; ARGV[1]: the key's base; ARGV[2..]: the municipalities.
const lookupScript = `
local parts = {}
if #ARGV > 1 then
  local generations = redis.call('HMGET', KEYS[1], unpack(ARGV, 2))
  for i = 1, #generations do parts[i] = ARGV[i + 1] .. '=' .. (generations[i] or '0') end
end
local key = ARGV[1] .. ':' .. redis.sha1hex(table.concat(parts, ','))
return { key, redis.call('GET', key) }
`;

interface LookupCommand {
  responseCacheLookup(generations: string, base: string, ...municipalities: string[]): Promise<[string, string | null]>;
}

/**
 * Answers and generations in Redis (`RESPONSE_CACHE_REDIS_URL`), shared by every gateway that
 * names the same server. Redis that does not answer (down, slow) is a miss, never a failed request:
 * the operation goes to the municipalities as without a cache, and nothing is stored.
 */
export class RedisStore implements ResponseStore {
  private readonly redis: Redis & LookupCommand;
  private readonly generationsKey: string;
  private lastWarnedAt = 0;

  constructor(
    url: string,
    private readonly logger: Logger,
    private readonly prefix = 'kita:response-cache:',
  ) {
    this.generationsKey = `${prefix}generations`;
    this.redis = new Redis(url, {
      // A cache must not hold requests up: no queue while disconnected, one retry, a short timeout.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: 500,
      connectionName: 'kita-gateway-response-cache',
    }) as Redis & LookupCommand;
    this.redis.defineCommand('responseCacheLookup', { numberOfKeys: 1, lua: lookupScript });
    this.redis.on('error', (error: Error) => this.unavailable(error));
  }

  /** Resolves when connected (tests; a gateway serves misses until then). */
  ready(): Promise<void> {
    if (this.redis.status === 'ready') return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.redis.once('ready', () => resolve());
      this.redis.once('end', () => reject(new Error('redis connection ended')));
    });
  }

  private unavailable(error: unknown): void {
    const now = Date.now();
    if (now - this.lastWarnedAt < 60_000) return;
    this.lastWarnedAt = now;
    // The error's name and code only: a message may carry the URL with its password.
    this.logger.warn('response_cache_unavailable', { store: 'redis', error: (error as Error)?.name, code: (error as { code?: string })?.code });
  }

  async lookup(base: string, touched: Touched): Promise<Lookup> {
    const names = touched === 'all' ? [anyMunicipality] : touched;
    try {
      const [key, stored] = await this.redis.responseCacheLookup(this.generationsKey, `${this.prefix}${base}`, ...names);
      return { key, answer: stored ? (JSON.parse(stored) as CachedAnswer) : undefined };
    } catch (error) {
      this.unavailable(error);
      // No key: nothing is stored for this request.
      return { key: '' };
    }
  }

  async set(key: string, answer: CachedAnswer, ttlMs: number): Promise<void> {
    if (!key) return;
    try {
      await this.redis.set(key, JSON.stringify(answer), 'PX', ttlMs);
    } catch (error) {
      this.unavailable(error);
    }
  }

  async invalidate(municipalities: readonly string[]): Promise<void> {
    const pipeline = this.redis.pipeline();
    for (const name of [...municipalities, anyMunicipality]) pipeline.hincrby(this.generationsKey, name, 1);
    try {
      await pipeline.exec();
    } catch (error) {
      this.unavailable(error);
    }
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
