import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { RouteHandler } from './http.js';

// For the gateway's own series, so that every package uses this one prom-client.
export { Counter, Gauge, Histogram, type Registry as MetricsRegistry } from 'prom-client';

/**
 * A Prometheus registry of its own for one server. The laptop runs the gateway and 63 instances
 * in one process: prom-client's global registry would mix (or refuse) their series, so every
 * server gets its own, labelled by what it is.
 */
export function metricsRegistry(labels: Record<string, string> = {}, options: { processMetrics?: boolean } = {}): Registry {
  const registry = new Registry();
  registry.setDefaultLabels(labels);
  // CPU, memory, event loop lag: once per process, so only a deployable's entry point asks for them.
  // The event loop delay is sampled every 100 ms, not prom-client's default 10 ms: a timer 100 times a
  // second costs an idle process about 1 % of a core (measured: 10 ms of CPU per second, 2.3 at 50 ms),
  // and a delay worth alerting on lasts far longer than 100 ms.
  if (options.processMetrics) collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 100 });
  return registry;
}

/**
 * `GET /metrics` in Prometheus text format, for the operator's scraper. Unauthenticated: it holds
 * counts and timings only (no personal data, no URLs with secrets); like every instance port,
 * reach it from the internal network only.
 */
export function metricsRoute(registry: Registry): RouteHandler {
  return async (request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET' });
      response.end();
      return;
    }
    const body = await registry.metrics();
    response.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
    response.end(request.method === 'HEAD' ? undefined : body);
  };
}

/** One finished GraphQL request, as the HTTP edge saw it. */
export interface CompletedRequest {
  requestId: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  /** `query`, `mutation`, `subscription`, or `unknown` when the operation never resolved (bad JSON, 413, 429, parse error). */
  operationType: string;
  operationName?: string;
}

const secondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** `<prefix>_requests_total` and `<prefix>_request_duration_seconds` by operation type and HTTP status. */
export function requestMetrics(registry: Registry, prefix: 'kita_gateway' | 'kita_subgraph'): (request: CompletedRequest) => void {
  const labelNames = ['operation_type', 'status'] as const;
  const total = new Counter({
    name: `${prefix}_requests_total`,
    help: 'GraphQL requests answered, by operation type and HTTP status.',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: `${prefix}_request_duration_seconds`,
    help: 'Time from receiving a GraphQL request to the end of its answer.',
    labelNames,
    buckets: secondsBuckets,
    registers: [registry],
  });
  return (request) => {
    const labels = { operation_type: request.operationType, status: String(request.status) };
    total.inc(labels);
    duration.observe(labels, request.durationMs / 1000);
  };
}

/** How far an event consumer is behind its source, reported after every poll. */
export interface ConsumerProgress {
  /** Events the source holds beyond the consumer's cursor (0 when caught up). */
  lag: number;
  /** When the last poll succeeded (ms since the epoch); unset after a failed poll. */
  succeededAt?: number;
}

/** Where event consumers report their progress (`kita_event_consumer_*`). */
export interface EventConsumerMetrics {
  consumerProgress(consumer: string, progress: ConsumerProgress): void;
}

/** The metrics of one subgraph instance beside its requests: event consumers and the database pool. */
export function instanceMetrics(
  registry: Registry,
  pool: () => Promise<{ totalCount: number; idleCount: number; waitingCount: number } | undefined>,
): EventConsumerMetrics {
  const lag = new Gauge({
    name: 'kita_event_consumer_lag',
    help: 'Events the source has that this consumer has not applied yet.',
    labelNames: ['consumer'],
    registers: [registry],
  });
  const lastSuccess = new Gauge({
    name: 'kita_event_consumer_last_success_timestamp_seconds',
    help: 'When the consumer last polled its source successfully (Unix time).',
    labelNames: ['consumer'],
    registers: [registry],
  });
  new Gauge({
    name: 'kita_db_pool_connections',
    help: 'PostgreSQL connections of the instance pool: total, idle, and requests waiting for one.',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const stats = await pool().catch(() => undefined);
      if (!stats) return;
      this.set({ state: 'total' }, stats.totalCount);
      this.set({ state: 'idle' }, stats.idleCount);
      this.set({ state: 'waiting' }, stats.waitingCount);
    },
  });
  return {
    consumerProgress(consumer, progress) {
      lag.set({ consumer }, progress.lag);
      if (progress.succeededAt !== undefined) lastSuccess.set({ consumer }, progress.succeededAt / 1000);
    },
  };
}
