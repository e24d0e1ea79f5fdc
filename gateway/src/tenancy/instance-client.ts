import { kitaTracer, SpanKind, SpanStatusCode, tracingActive } from '@kita/core';
import { Agent, request } from 'undici';
import { type ForwardedRequest, subgraphRequestHeaders } from '../subgraph-headers.js';

/** One physical subgraph instance: a logical subgraph served for one municipality. */
export interface Instance {
  municipality: string;
  subgraph: string;
  url: string;
}

export type Unavailability = 'timeout' | 'unreachable' | 'circuit-open' | 'incompatible' | 'bad-response';

export interface GraphQLResponseBody {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; path?: ReadonlyArray<string | number>; extensions?: Record<string, unknown> }>;
}

export type SendResult = { ok: true; body: GraphQLResponseBody } | { ok: false; reason: Unavailability };

/** One finished request to an instance, for metrics. */
export interface InstanceFetch {
  instance: Instance;
  outcome: 'ok' | Unavailability;
  seconds: number;
}

export interface InstanceClientOptions {
  /** Per-municipality timeout: a slow municipality costs its own part, never more. */
  timeoutMs: number;
  /** Mutations (one municipality, uploads included) may take longer than reads. */
  mutationTimeoutMs?: number;
  /** Consecutive failures that open the circuit … */
  failureThreshold: number;
  /** … for this long, during which calls fail at once. */
  openMs: number;
  now?: () => number;
  /** Called after every request to an instance, failed or not (the gateway's fetch metrics). */
  onFetch?: (fetch: InstanceFetch) => void;
  /** The gateway's service token for a municipality's instances (audience: that municipality); sent with every request. */
  serviceToken?: (municipality: string) => Promise<string>;
  /** While a circuit is open, the instance's `/health` is asked this often (default 500 ms); an answer closes the circuit. */
  probeMs?: number;
}

/** The last failure of an instance (a request or a probe), until a call succeeds again. */
export interface InstanceFailure {
  reason: Unavailability;
  at: Date;
}

/** The liveness URL beside an instance's GraphQL URL: `…/graphql` → `…/health`. */
export const healthUrlOf = (url: string) => new URL('health', url).toString();

interface Circuit {
  failures: number;
  openUntil: number;
  /** After a pause, one trial call is in flight; the others still fail at once. */
  trial: boolean;
}

// Keyed by URL too: an instance moved to a new address starts with a closed circuit.
const instanceKey = (instance: Instance) => `${instance.subgraph}@${instance.municipality}@${instance.url}`;

/**
 * Sends subgraph requests to instances with a timeout and a circuit breaker per instance, and
 * remembers which instances failed their schema check. Keep-alive comes from Node's fetch.
 */
export class InstanceClient {
  private readonly circuits = new Map<string, Circuit>();
  private readonly incompatible = new Set<string>();
  private readonly lastFailures = new Map<string, InstanceFailure>();
  /** Probes of open circuits, so that a restarted instance is used again as soon as it answers rather than after `openMs`. */
  private readonly probes = new Map<string, NodeJS.Timeout>();
  private readonly now: () => number;
  /** Keep-alive connection pools per origin, shared by all requests of this gateway. */
  private readonly agent = new Agent({ keepAliveTimeout: 30_000, connections: 64 });

  constructor(private readonly options: InstanceClientOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Closes the pooled connections (gateway shutdown). */
  async close(): Promise<void> {
    for (const timer of this.probes.values()) clearInterval(timer);
    this.probes.clear();
    await this.agent.close();
  }

  /** The last failure of an instance since it last answered, if any. */
  lastFailure(instance: Instance): InstanceFailure | undefined {
    return this.lastFailures.get(instanceKey(instance));
  }

  /** Forgets the probes of instances no longer listed (a registry reload moved or removed them). */
  retain(instances: Instance[]): void {
    const listed = new Set(instances.map(instanceKey));
    for (const [key, timer] of this.probes) {
      if (listed.has(key)) continue;
      clearInterval(timer);
      this.probes.delete(key);
    }
  }

  /**
   * Asks the instance's `/health` (cheap: no database, no GraphQL). An answer closes its circuit;
   * no answer is recorded as its last failure (so an idle instance that died shows on `/status`)
   * but does not open a circuit: only calls do.
   */
  async probe(instance: Instance): Promise<boolean> {
    let ok: boolean;
    try {
      const response = await request(healthUrlOf(instance.url), { method: 'GET', dispatcher: this.agent, signal: AbortSignal.timeout(this.options.timeoutMs) });
      await response.body.dump();
      ok = response.statusCode === 200;
    } catch {
      ok = false;
    }
    if (ok) this.succeeded(instanceKey(instance));
    else this.lastFailures.set(instanceKey(instance), { reason: 'unreachable', at: new Date(this.now()) });
    return ok;
  }

  markIncompatible(instance: Instance, incompatible: boolean): void {
    if (incompatible) this.incompatible.add(instanceKey(instance));
    else this.incompatible.delete(instanceKey(instance));
  }

  isIncompatible(instance: Instance): boolean {
    return this.incompatible.has(instanceKey(instance));
  }

  circuitOpen(instance: Instance): boolean {
    return (this.circuits.get(instanceKey(instance))?.openUntil ?? 0) > this.now();
  }

  /**
   * Sends one request to an instance; while tracing, inside a `municipality.fetch` span (a child
   * of @apollo/gateway's `gateway.fetch`) that records the outcome.
   */
  async send(
    instance: Instance,
    body: { query: string; variables?: Record<string, unknown>; operationName?: string },
    forwarded: ForwardedRequest = {},
    mutation = false,
  ): Promise<SendResult> {
    const startedAt = performance.now();
    const finished = (result: SendResult) => {
      this.options.onFetch?.({ instance, outcome: result.ok ? 'ok' : result.reason, seconds: (performance.now() - startedAt) / 1000 });
      return result;
    };
    // Without tracing the span would be a no-op that still costs its context objects on every call.
    if (!tracingActive()) return finished(await this.attempt(instance, body, forwarded, mutation, {}));
    const attributes = { 'kita.municipality': instance.municipality, 'kita.subgraph': instance.subgraph };
    return kitaTracer().startActiveSpan('municipality.fetch', { kind: SpanKind.CLIENT, attributes }, async (span) => {
      const answered: { status?: number } = {};
      const result = await this.attempt(instance, body, forwarded, mutation, answered).catch((error: unknown) => {
        span.end();
        throw error;
      });
      const outcome = result.ok ? 'ok' : result.reason;
      span.setAttribute('kita.outcome', outcome);
      if (answered.status !== undefined) span.setAttribute('http.response.status_code', answered.status);
      if (!result.ok) span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
      span.end();
      return finished(result);
    });
  }

  private async attempt(
    instance: Instance,
    body: { query: string; variables?: Record<string, unknown>; operationName?: string },
    forwarded: ForwardedRequest,
    mutation: boolean,
    /** Gets the instance's HTTP status once it answers (for the span). */
    answered: { status?: number },
  ): Promise<SendResult> {
    const key = instanceKey(instance);
    if (this.incompatible.has(key)) return { ok: false, reason: 'incompatible' };
    if (this.circuitOpen(instance)) return { ok: false, reason: 'circuit-open' };
    const circuit = this.circuits.get(key);
    if (circuit && circuit.failures >= this.options.failureThreshold - 1 && circuit.openUntil > 0) {
      if (circuit.trial) return { ok: false, reason: 'circuit-open' };
      circuit.trial = true;
    }
    const serviceToken = this.options.serviceToken ? await this.options.serviceToken(instance.municipality) : undefined;
    const timeout = mutation ? (this.options.mutationTimeoutMs ?? this.options.timeoutMs * 6) : this.options.timeoutMs;
    let statusCode: number;
    let parsed: GraphQLResponseBody;
    // undici's request() costs about a third of fetch() per call (docs/benchmarks.md). Its own
    // header/body timeouts tick in whole seconds, so one precise timer bounds the whole call.
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeout);
    try {
      const response = await request(instance.url, {
        method: 'POST',
        dispatcher: this.agent,
        headers: { 'content-type': 'application/json', accept: 'application/json', ...subgraphRequestHeaders(forwarded, serviceToken) },
        body: JSON.stringify(body),
        signal: abort.signal,
      });
      statusCode = response.statusCode;
      answered.status = statusCode;
      try {
        parsed = (await response.body.json()) as GraphQLResponseBody;
      } catch (error) {
        const reason = abort.signal.aborted || isTimeout(error) ? 'timeout' : 'bad-response';
        this.failed(instance, reason);
        return { ok: false, reason };
      }
    } catch (error) {
      const reason = abort.signal.aborted || isTimeout(error) ? 'timeout' : 'unreachable';
      this.failed(instance, reason);
      return { ok: false, reason };
    } finally {
      clearTimeout(timer);
    }
    if (statusCode >= 500 || typeof parsed !== 'object' || parsed === null || (!('data' in parsed) && !('errors' in parsed))) {
      this.failed(instance, 'bad-response');
      return { ok: false, reason: 'bad-response' };
    }
    this.succeeded(key);
    return { ok: true, body: parsed };
  }

  private succeeded(key: string): void {
    this.circuits.delete(key);
    this.lastFailures.delete(key);
    clearInterval(this.probes.get(key));
    this.probes.delete(key);
  }

  private failed(instance: Instance, reason: Unavailability): void {
    const key = instanceKey(instance);
    this.lastFailures.set(key, { reason, at: new Date(this.now()) });
    const circuit = this.circuits.get(key) ?? { failures: 0, openUntil: 0, trial: false };
    circuit.trial = false;
    circuit.failures += 1;
    if (circuit.failures >= this.options.failureThreshold) {
      circuit.openUntil = this.now() + this.options.openMs;
      // After the pause one call may try again (half-open); one more failure re-opens at once.
      circuit.failures = this.options.failureThreshold - 1;
      this.startProbing(instance);
    }
    this.circuits.set(key, circuit);
  }

  private startProbing(instance: Instance): void {
    const key = instanceKey(instance);
    if (this.probes.has(key)) return;
    let inFlight = false;
    const timer = setInterval(() => {
      if (inFlight) return;
      inFlight = true;
      void this.probe(instance).finally(() => (inFlight = false));
    }, this.options.probeMs ?? 500);
    timer.unref();
    this.probes.set(key, timer);
  }
}

const isTimeout = (error: unknown) => {
  const code = (error as { code?: string })?.code;
  return code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || (error as Error)?.name === 'TimeoutError';
};
