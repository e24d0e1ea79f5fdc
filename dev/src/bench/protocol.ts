import type { MunicipalityEntry } from '@kita/registry';

// Messages between the benchmark's orchestrator (run.ts) and its child processes over IPC.

/** From a child that started its servers. */
export interface Ready {
  type: 'ready';
}

/** From instances.ts: registry entries pointing at the instances directly and through 20 ms proxies. */
export interface InstancesReady extends Ready {
  direct: MunicipalityEntry[];
  delayed: MunicipalityEntry[];
  postgres: 'embedded' | 'external';
  seconds: number;
}

/** From plain-gateway.ts. */
export interface GatewayReady extends Ready {
  url: string;
}

export interface Failed {
  type: 'failed';
  message: string;
}

/** To any child: close everything and exit. */
export interface Stop {
  type: 'stop';
}

/** What load.ts is asked to do (as JSON in argv[2]). */
export interface LoadPlan {
  url: string;
  body: string;
  connections: number;
  warmupSeconds: number;
  seconds: number;
}

/** From load.ts after the warm-up; it waits for `go` before the measured run. */
export interface Warmed {
  type: 'warmed';
}

export interface Go {
  type: 'go';
}

/** From load.ts: the measured run. */
export interface LoadResult {
  type: 'result';
  requests: number;
  requestsPerSecond: number;
  latency: { p50: number; p90: number; p99: number; mean: number; max: number };
  /** Responses with a GraphQL `errors` entry (autocannon's body mismatches). */
  graphqlErrors: number;
  non2xx: number;
  socketErrors: number;
  timeouts: number;
}
