import { serviceAuthorizationHeader } from '@kita/shared';
import { Agent, request } from 'undici';

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
  /** The gateway's service token for a municipality's instances (audience: that municipality); sent with every request. */
  serviceToken?: (municipality: string) => Promise<string>;
}

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
  private readonly now: () => number;
  /** Keep-alive connection pools per origin, shared by all requests of this gateway. */
  private readonly agent = new Agent({ keepAliveTimeout: 30_000, connections: 64 });

  constructor(private readonly options: InstanceClientOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Closes the pooled connections (gateway shutdown). */
  async close(): Promise<void> {
    await this.agent.close();
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

  async send(
    instance: Instance,
    body: { query: string; variables?: Record<string, unknown>; operationName?: string },
    authorization?: string,
    mutation = false,
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
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...(authorization ? { authorization } : {}),
          ...(serviceToken ? { [serviceAuthorizationHeader]: `Bearer ${serviceToken}` } : {}),
        },
        body: JSON.stringify(body),
        signal: abort.signal,
      });
      statusCode = response.statusCode;
      try {
        parsed = (await response.body.json()) as GraphQLResponseBody;
      } catch (error) {
        this.failed(key);
        return { ok: false, reason: abort.signal.aborted || isTimeout(error) ? 'timeout' : 'bad-response' };
      }
    } catch (error) {
      this.failed(key);
      return { ok: false, reason: abort.signal.aborted || isTimeout(error) ? 'timeout' : 'unreachable' };
    } finally {
      clearTimeout(timer);
    }
    if (statusCode >= 500 || typeof parsed !== 'object' || parsed === null || (!('data' in parsed) && !('errors' in parsed))) {
      this.failed(key);
      return { ok: false, reason: 'bad-response' };
    }
    this.circuits.delete(key);
    return { ok: true, body: parsed };
  }

  private failed(key: string): void {
    const circuit = this.circuits.get(key) ?? { failures: 0, openUntil: 0, trial: false };
    circuit.trial = false;
    circuit.failures += 1;
    if (circuit.failures >= this.options.failureThreshold) {
      circuit.openUntil = this.now() + this.options.openMs;
      // After the pause one call may try again (half-open); one more failure re-opens at once.
      circuit.failures = this.options.failureThreshold - 1;
    }
    this.circuits.set(key, circuit);
  }
}

const isTimeout = (error: unknown) => {
  const code = (error as { code?: string })?.code;
  return code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || (error as Error)?.name === 'TimeoutError';
};
