import { type CompletedRequest, Counter, Gauge, Histogram, type MetricsRegistry, metricsRegistry, requestMetrics } from '@kita/core';
import type { InstanceFetch } from './tenancy/instance-client.js';
import type { Tenancy } from './tenancy/tenancy.js';

/** The gateway's Prometheus series; one registry per gateway (tests and `npm start` run several servers in one process). */
export interface GatewayMetrics {
  registry: MetricsRegistry;
  request(request: CompletedRequest): void;
  fetched(fetch: InstanceFetch): void;
  registryChanged(outcome: 'loaded' | 'refused'): void;
}

/**
 * - `kita_gateway_requests_total`, `kita_gateway_request_duration_seconds`: by operation type and status;
 * - `kita_gateway_subgraph_fetches_total`, `kita_gateway_subgraph_fetch_duration_seconds`: each request
 *   to a municipality's instance, by municipality, subgraph and outcome (ok, timeout, unreachable,
 *   circuit-open, incompatible, bad-response);
 * - `kita_gateway_circuit_open`: 1 while an instance's circuit is open, per active instance;
 * - `kita_gateway_registry_reloads_total`: registry reloads, loaded or refused.
 */
export function gatewayMetrics(tenancy: () => Tenancy | undefined, options: { processMetrics?: boolean } = {}): GatewayMetrics {
  const registry = metricsRegistry({}, options);
  const labelNames = ['municipality', 'subgraph', 'outcome'] as const;
  const fetches = new Counter({
    name: 'kita_gateway_subgraph_fetches_total',
    help: "Requests to municipalities' subgraph instances, by outcome.",
    labelNames,
    registers: [registry],
  });
  const fetchDuration = new Histogram({
    name: 'kita_gateway_subgraph_fetch_duration_seconds',
    help: "Time of one request to a municipality's subgraph instance (failed ones included).",
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  new Gauge({
    name: 'kita_gateway_circuit_open',
    help: "Whether the circuit of a municipality's subgraph instance is open (1) or closed (0).",
    labelNames: ['municipality', 'subgraph'],
    registers: [registry],
    // Read when scraped: circuits change with every call, the scrape needs only their state now.
    collect() {
      this.reset();
      const current = tenancy();
      if (!current) return;
      for (const entry of current.registry().active()) {
        for (const [subgraph, url] of Object.entries(entry.subgraphs)) {
          this.set({ municipality: entry.key, subgraph }, current.client.circuitOpen({ municipality: entry.key, subgraph, url }) ? 1 : 0);
        }
      }
    },
  });
  const reloads = new Counter({
    name: 'kita_gateway_registry_reloads_total',
    help: 'Registry reloads: loaded, or refused (the last good registry stays).',
    labelNames: ['outcome'],
    registers: [registry],
  });
  return {
    registry,
    request: requestMetrics(registry, 'kita_gateway'),
    fetched: ({ instance, outcome, seconds }) => {
      const labels = { municipality: instance.municipality, subgraph: instance.subgraph, outcome };
      fetches.inc(labels);
      fetchDuration.observe(labels, seconds);
    },
    registryChanged: (outcome) => reloads.inc({ outcome }),
  };
}
