import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin, GraphQLResponse, HTTPGraphQLRequest } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { Counter, type Exchange, type Logger, type MetricsRegistry } from '@kita/core';
import type { Registry } from '@kita/registry';
import { type DocumentNode, type GraphQLSchema, type OperationDefinitionNode, valueFromASTUntyped } from 'graphql';
import type { GatewayContext } from '../context.js';
import { mediaTypeFor, passesApolloChecks } from '../early-answer.js';
import { collectFields, fragmentsOf } from '../tenancy/operation.js';
import type { RootFields } from '../tenancy/supergraph-info.js';
import { argumentValue, selectTargetsOnce } from '../tenancy/targets.js';
import { ChangeFeed } from './change-feed.js';
import { decidePublic, type FieldGraphs, type PublicDecision, readFieldGraphs } from './public-operations.js';
import { type CachedAnswer, MemoryStore, RedisStore, type ResponseStore, type Touched } from './store.js';

// The gateway's response cache for public reads (see public-operations.ts for which ones): answers
// keyed by the document's hash, the operation name, the variables, the client's language and the
// generations of the municipalities the operation touches; invalidated per municipality by the
// change feed (their facility and vacancy events), with a TTL as the safety net. Identical public
// requests in flight share one round of subgraph requests. GET answers carry `Cache-Control:
// public` and an ETag, and `If-None-Match` gets 304.
//
// Hits are answered early, before Apollo Server runs (`answerEarly`, called by the HTTP edge): a
// request whose fingerprint (its document or persisted-query hash, operation name, variables,
// extensions and language) already passed the whole pipeline once (safelist, edge limits, query
// cost, the decision that it is a public read) is looked up in the store under the key the
// pipeline computed for it then, with the municipalities' current generations. Only hits are
// answered there; everything else, and every request with a token, goes through the pipeline.

export interface ResponseCacheOptions {
  /** How long an answer is kept at most (`RESPONSE_CACHE_TTL_MS`, default 30 s): the safety net when events cannot be read. */
  ttlMs?: number;
  /** `Cache-Control: public, max-age=…` of cacheable GET answers, for browsers and CDNs (`RESPONSE_CACHE_MAX_AGE`, default 1 s). */
  maxAgeSeconds?: number;
  /** In-process store size (`RESPONSE_CACHE_MAX_MB`, default 64 MB). */
  maxBytes?: number;
  /** Redis instead of memory (`RESPONSE_CACHE_REDIS_URL`): replicas share answers and invalidations. */
  redisUrl?: string;
  /** How often every instance's `/events` is asked (`RESPONSE_CACHE_EVENTS_INTERVAL_MS`, default 1000 ms); 0 reads no events (TTL only). */
  eventsIntervalMs?: number;
}

export const defaultResponseCacheOptions = { ttlMs: 30_000, maxAgeSeconds: 1, maxBytes: 64 * 1024 * 1024, eventsIntervalMs: 1000 };

/** How long a request waits for an identical one in flight before asking the municipalities itself. */
const sharedWaitMs = 15_000;

export interface ResponseCacheSetup {
  options: ResponseCacheOptions;
  supergraphSdl: string;
  rootFields: RootFields;
  registry: () => Registry;
  serviceToken?: (municipality: string) => Promise<string>;
  /** Timeout of one `/events` request. */
  timeoutMs: number;
  logger: Logger;
  /** Where `kita_gateway_response_cache_requests_total` and `…_invalidations_total` are exported (the gateway's `/metrics`). */
  metrics?: MetricsRegistry;
}

/** What the cache decided for one request, from `responseForOperation` to `willSendResponse`. */
interface RequestState {
  key: string;
  /** What answering the same request again needs (see `Memo`). */
  memo: Memo;
  registry: Registry;
  /** `hit`: from the store; `shared`: from an identical request in flight; `miss`: this one asks the municipalities. */
  source: 'hit' | 'shared' | 'miss';
  answer?: CachedAnswer;
  settle?: (answer: CachedAnswer | undefined) => void;
}

/** JSON with object keys sorted, so that `{a, b}` and `{b, a}` are one key. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

/** What the pipeline computed for a request, to answer the same request again from the store without it. */
interface Memo {
  /** The key's base (document, operation, variables, language, supergraph and registry versions). */
  base: string;
  touched: Touched;
  operationName?: string;
  operationType: string;
}

/** Memos of one registry object and schema: a reload (or another schema) starts afresh. */
interface Memos {
  registry: Registry;
  schema: GraphQLSchema;
  byFingerprint: Map<string, Memo>;
}

/** Fingerprints longer than this (a document of many kilobytes) are not memoized. */
const maxFingerprintLength = 8192;
const maxMemos = 5000;

/**
 * A request's own words, whether sent by GET or POST: the document (or none), the operation name,
 * the variables, the extensions (a persisted query's hash) and the language. Undefined for what
 * Apollo Server would refuse to read (it answers that itself) and for very long ones.
 */
function fingerprintOf(method: string, body: unknown, search: string, acceptLanguage: string | undefined): string | undefined {
  let fields: Record<string, unknown>;
  if (method === 'POST') {
    if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
    fields = body as Record<string, unknown>;
  } else if (method === 'GET') {
    const params = new URLSearchParams(search);
    fields = {};
    for (const name of ['query', 'operationName', 'variables', 'extensions']) {
      const values = params.getAll(name);
      if (values.length > 1) return undefined;
      if (values.length === 0) continue;
      if (name === 'query' || name === 'operationName') fields[name] = values[0];
      else {
        try {
          fields[name] = JSON.parse(values[0]);
        } catch {
          return undefined;
        }
      }
    }
  } else return undefined;
  // Apollo Server reads a missing and a null field alike.
  const fingerprint = stableJson([
    fields.query ?? null,
    fields.operationName ?? null,
    fields.variables ?? null,
    fields.extensions ?? null,
    acceptLanguage ?? null,
  ]);
  return fingerprint.length <= maxFingerprintLength ? fingerprint : undefined;
}

/**
 * The cache's headers of an answer, and whether it is a 304 (a GET whose `If-None-Match` names its
 * ETag): the same for the pipeline's answers and the early ones.
 */
function cacheHead(
  source: 'hit' | 'miss',
  method: string | undefined,
  answer: CachedAnswer | undefined,
  ifNoneMatch: string | undefined,
  maxAgeSeconds: number,
): { headers: Array<[string, string]>; notModified: boolean } {
  const headers: Array<[string, string]> = [['x-response-cache', source]];
  if (method !== 'GET' || !answer) return { headers, notModified: false };
  // Only GET answers are kept by browsers and CDNs; they must keep a token's answer apart, the languages and media types apart,
  // and the calling origins apart (the CORS middleware's `Access-Control-Allow-Origin` names the calling app).
  headers.push(['cache-control', `public, max-age=${maxAgeSeconds}`], ['etag', answer.etag], ['vary', 'Accept, Authorization, Accept-Language, Origin']);
  return { headers, notModified: matches(ifNoneMatch, answer.etag) };
}

/** Whether `If-None-Match` names this ETag (weak or strong, or `*`). */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || tag.replace(/^W\//, '') === etag;
  });
}

export class ResponseCache {
  readonly store: ResponseStore;
  private readonly feed?: ChangeFeed;
  private readonly graphs: FieldGraphs;
  private readonly ttlMs: number;
  private readonly maxAgeSeconds: number;
  private readonly supergraphVersion: string;
  private readonly decisions = new WeakMap<GraphQLSchema, Map<string, PublicDecision>>();
  private readonly registryVersions = new WeakMap<Registry, string>();
  private readonly inFlight = new Map<string, Promise<CachedAnswer | undefined>>();
  private memos?: Memos;
  /** Each stored answer's body as Apollo Server writes it, encoded once. */
  private readonly bodies = new WeakMap<CachedAnswer, Buffer>();
  private readonly requests?: Counter<'outcome'>;
  private readonly invalidations?: Counter<'municipality'>;

  constructor(private readonly setup: ResponseCacheSetup) {
    const options = { ...defaultResponseCacheOptions, ...setup.options };
    this.ttlMs = options.ttlMs;
    this.maxAgeSeconds = options.maxAgeSeconds;
    this.graphs = readFieldGraphs(setup.supergraphSdl);
    this.supergraphVersion = sha256(setup.supergraphSdl).slice(0, 16);
    if (setup.metrics) {
      this.requests = new Counter({
        name: 'kita_gateway_response_cache_requests_total',
        help: 'Cacheable requests (anonymous public reads) by outcome: hit (the store), shared (an identical request in flight), miss (asked the municipalities).',
        labelNames: ['outcome'],
        registers: [setup.metrics],
      });
      this.invalidations = new Counter({
        name: 'kita_gateway_response_cache_invalidations_total',
        help: 'Changes heard of per municipality (its facility or vacancy events) that invalidated its cached answers.',
        labelNames: ['municipality'],
        registers: [setup.metrics],
      });
    }
    this.store = options.redisUrl ? new RedisStore(options.redisUrl, setup.logger) : new MemoryStore(options.maxBytes);
    if (options.eventsIntervalMs > 0)
      this.feed = new ChangeFeed({
        registry: setup.registry,
        serviceToken: setup.serviceToken,
        intervalMs: options.eventsIntervalMs,
        idleMs: options.ttlMs,
        timeoutMs: setup.timeoutMs,
        onChange: (municipality) => this.invalidate([municipality]),
        logger: setup.logger,
      });
  }

  /** Starts reading the municipalities' events. */
  start(): void {
    this.feed?.start();
  }

  /** One round of the change feed (tests: a change is heard of now rather than within the interval). */
  async readEvents(): Promise<void> {
    await this.feed?.tick();
  }

  /** Answers touching these municipalities are not served any more (here and, with Redis, on every replica). */
  async invalidate(municipalities: readonly string[]): Promise<void> {
    for (const municipality of municipalities) this.invalidations?.inc({ municipality });
    await this.store.invalidate(municipalities);
  }

  async close(): Promise<void> {
    await this.feed?.stop();
    await this.store.close();
  }

  /** The registry as part of the key: a reload (areas, instances, municipalities) starts afresh, the same on every replica. */
  private registryVersion(registry: Registry): string {
    let version = this.registryVersions.get(registry);
    if (!version) this.registryVersions.set(registry, (version = sha256(JSON.stringify(registry.municipalities)).slice(0, 16)));
    return version;
  }

  /** Whether anonymous requests of this operation are the cache's (public reads); prepared operations leave them to it. */
  isPublicRead(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, queryHash: string): boolean {
    return this.decide(schema, document, operation, queryHash).cacheable;
  }

  private decide(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, queryHash: string): PublicDecision {
    let bySchema = this.decisions.get(schema);
    if (!bySchema) this.decisions.set(schema, (bySchema = new Map()));
    const key = `${queryHash}\u0000${operation.name?.value ?? ''}`;
    let decision = bySchema.get(key);
    if (!decision) {
      decision = decidePublic(schema, document, operation, this.graphs);
      if (bySchema.size > 5000) bySchema.clear();
      bySchema.set(key, decision);
    }
    return decision;
  }

  /**
   * The municipalities the operation touches: each root field's targets (`selectTargets`, as the
   * router and the query cost choose them), or all when a field of the registry reaches into the
   * municipalities' subgraphs. Undefined when a field's targets cannot be chosen (its error is the answer).
   */
  private touched(
    operation: OperationDefinitionNode,
    document: DocumentNode,
    variables: Record<string, unknown>,
    decision: PublicDecision & { cacheable: true },
    context: object,
  ): Touched | undefined {
    const registry = this.setup.registry();
    const variableDefaults: Record<string, unknown> = {};
    for (const definition of operation.variableDefinitions ?? [])
      if (definition.defaultValue) variableDefaults[definition.variable.name.value] = valueFromASTUntyped(definition.defaultValue);
    const touched = new Set<string>();
    let all = false;
    let failed = false;
    // Each root field once, wherever it is asked (directly, in fragments): the routing's one walker.
    for (const [selection] of collectFields(operation.selectionSet.selections, fragmentsOf(document)).values()) {
      const name = selection.name.value;
      if (name === '__typename') continue;
      const graph = this.graphs.get(`Query.${name}`)?.[0];
      if (!graph || !registry.tenantSubgraphs.has(graph)) {
        if (decision.reachesMunicipalities) all = true;
        continue;
      }
      const info = this.setup.rootFields.get(`Query.${name}`);
      const selected = selectTargetsOnce(context, registry, {
        subgraph: graph,
        fieldName: name,
        info,
        mutation: false,
        argument: (argument) => argumentValue(selection, argument, variables, variableDefaults, info?.defaults ?? {}),
      });
      if ('error' in selected) failed = true;
      else for (const municipality of selected.targets) touched.add(municipality);
    }
    if (failed) return undefined;
    // Every active municipality (a search that names none): the one generation every change bumps, not hundreds of them.
    if (all || touched.size >= registry.active().length) return 'all';
    return [...touched].sort();
  }

  /** Remembers what the pipeline computed for a request that it answered whole (see `answerEarly`). */
  private remember(http: HTTPGraphQLRequest, state: RequestState, schema: GraphQLSchema): void {
    if (state.registry !== this.setup.registry()) return;
    const fingerprint = fingerprintOf(http.method, http.body, http.search, http.headers.get('accept-language'));
    if (!fingerprint) return;
    if (!this.memos || this.memos.registry !== state.registry || this.memos.schema !== schema)
      this.memos = { registry: state.registry, schema, byFingerprint: new Map() };
    const memos = this.memos.byFingerprint;
    if (memos.has(fingerprint)) return;
    if (memos.size >= maxMemos) memos.clear();
    memos.set(fingerprint, state.memo);
  }

  /**
   * A cache hit answered before Apollo Server runs (`serveGraphQL`'s `answerEarly`): the same body
   * and headers as the pipeline's hit. Only for a request without a token whose fingerprint passed
   * the whole pipeline before, with this registry; false leaves the request to the pipeline.
   */
  async answerEarly(request: IncomingMessage, body: unknown, exchange: Exchange, response: ServerResponse): Promise<boolean> {
    const memos = this.memos;
    if (!memos || memos.registry !== this.setup.registry()) return false;
    // A token (any Authorization header, valid or not) is never answered from the cache.
    if (request.headers.authorization !== undefined || !passesApolloChecks(request)) return false;
    const mediaType = mediaTypeFor(request.headers.accept);
    if (!mediaType) return false;
    const method = request.method ?? 'GET';
    // The query string as the edge hands it to Apollo Server (parsed as a URL: no fragment, the same escapes).
    const search = method === 'GET' ? new URL(request.url ?? '/', 'http://localhost').search : '';
    const fingerprint = fingerprintOf(method, body, search, request.headers['accept-language']);
    const memo = fingerprint === undefined ? undefined : memos.byFingerprint.get(fingerprint);
    if (!memo) return false;
    this.feed?.follow(memo.touched);
    const { answer } = await this.store.lookup(memo.base, memo.touched);
    // Changed (another generation), expired or evicted: the pipeline asks the municipalities.
    if (!answer) return false;
    this.requests?.inc({ outcome: 'hit' });
    exchange.operationType = memo.operationType;
    if (memo.operationName) exchange.operationName = memo.operationName;
    const head = cacheHead('hit', method, answer, request.headers['if-none-match'], this.maxAgeSeconds);
    for (const [name, value] of head.headers) response.setHeader(name, value);
    // What Apollo Server's cache-control plugin sends for a POST (a schema without cache hints).
    if (method !== 'GET') response.setHeader('cache-control', 'no-store');
    response.setHeader('content-type', mediaType);
    response.statusCode = head.notModified ? 304 : 200;
    response.end(this.bodyOf(answer));
    return true;
  }

  /** The answer's body as Apollo Server writes it (`{"data":…}` and a newline). */
  private bodyOf(answer: CachedAnswer): Buffer {
    let body = this.bodies.get(answer);
    if (!body) this.bodies.set(answer, (body = Buffer.from(`${JSON.stringify({ data: answer.data })}\n`)));
    return body;
  }

  plugin(): ApolloServerPlugin<GatewayContext> {
    return {
      requestDidStart: async () => {
        let state: RequestState | undefined;
        return {
          responseForOperation: async ({ contextValue, operation, document, schema, request, queryHash }) => {
            // A token (any Authorization header, valid or not) is never answered from the cache and never fills it.
            if (contextValue.authorization !== undefined || request.http?.headers.has('authorization') || contextValue.viewer.role !== 'anonymous') return null;
            if (!queryHash) return null;
            const decision = this.decide(schema, document, operation, queryHash);
            if (!decision.cacheable) return null;
            const variables = request.variables ?? {};
            const touched = this.touched(operation, document, variables, decision, contextValue);
            if (!touched) return null;
            const registry = this.setup.registry();
            const memo: Memo = { base: '', touched, operationType: operation.operation, ...(operation.name ? { operationName: operation.name.value } : {}) };
            memo.base = sha256(
              stableJson([
                this.supergraphVersion,
                this.registryVersion(registry),
                queryHash,
                operation.name?.value ?? null,
                variables,
                contextValue.acceptLanguage ?? null,
              ]),
            );
            // Followed from now on (hits too: what is served stays followed); its first poll starts at once.
            this.feed?.follow(touched);
            const { key, answer } = await this.store.lookup(memo.base, touched);
            if (answer) {
              state = { key, memo, registry, source: 'hit', answer };
              return responseOf(answer);
            }
            // The store could not be asked (Redis down): as without a cache.
            if (!key) return null;
            const pending = this.inFlight.get(key);
            if (pending) {
              const shared = await pending;
              if (!shared) return null;
              state = { key, memo, registry, source: 'shared', answer: shared };
              return responseOf(shared);
            }
            let settle!: (answer: CachedAnswer | undefined) => void;
            const promise = new Promise<CachedAnswer | undefined>((resolve) => (settle = resolve));
            // Never waited on for ever: a request that does not finish lets the others ask for themselves.
            const timer = setTimeout(() => settle(undefined), sharedWaitMs);
            timer.unref();
            this.inFlight.set(key, promise);
            void promise.then(() => {
              clearTimeout(timer);
              if (this.inFlight.get(key) === promise) this.inFlight.delete(key);
            });
            state = { key, memo, registry, source: 'miss', settle };
            return null;
          },
          willSendResponse: async ({ response, request, schema }) => {
            if (!state) return;
            this.requests?.inc({ outcome: state.source });
            if (state.source === 'miss') {
              const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
              const status = response.http.status ?? 200;
              // Only whole answers: an error (a municipality that could not answer, a refused field) is never stored.
              if (!result?.data || result.errors?.length || status !== 200) {
                state.settle?.(undefined);
                state = undefined;
                return;
              }
              state.answer = { data: result.data, etag: `"${sha256(JSON.stringify(result.data)).slice(0, 27)}"` };
              state.settle?.(state.answer);
              // Stored only when every municipality it touches is followed from a known position.
              if (!this.feed || this.feed.follow(state.memo.touched)) await this.store.set(state.key, state.answer, this.ttlMs);
            }
            // The whole pipeline accepted it: the same request can be answered early while its answer is stored.
            if (request.http && state.answer) this.remember(request.http, state, schema);
            const method = request.http?.method;
            const head = cacheHead(
              state.source === 'miss' ? 'miss' : 'hit',
              method,
              state.answer,
              request.http?.headers.get('if-none-match'),
              this.maxAgeSeconds,
            );
            for (const [name, value] of head.headers) response.http.headers.set(name, value);
            if (head.notModified) response.http.status = 304;
          },
        };
      },
    };
  }
}

function responseOf(answer: CachedAnswer): GraphQLResponse {
  return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data: answer.data } } };
}
