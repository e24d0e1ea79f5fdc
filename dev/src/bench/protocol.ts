import type { MunicipalityEntry } from '@kita/registry';
import type { JWK } from 'jose';

// Messages between the benchmark's orchestrator (run.ts) and its child processes over IPC.

/** From a child that started its servers. */
export interface Ready {
  type: 'ready';
}

/** From instances.ts: registry entries pointing at every municipality's instances. */
export interface InstancesReady extends Ready {
  direct: MunicipalityEntry[];
  postgres: 'embedded' | 'external';
  /** Processes serving the instances. */
  processes: number;
  seconds: number;
  /** The gateway's service key pair: the private half for SERVICE_KEY, the public one for the registry. */
  gatewayKey: { privateJwk: JWK; publicJwk: JWK };
}

/** What municipalities.ts serves (as JSON in argv[2]). */
export interface MunicipalitiesPlan {
  municipalities: string[];
  /** The PostgreSQL server's URL; its databases are created, migrated and seeded already. */
  postgresUrl: string;
  databasePrefix: string;
  /** Private service keys of these municipalities (their public halves are in the registry entries). */
  serviceKeys: Record<string, JWK>;
}

/** From municipalities.ts: per municipality, the GraphQL URL of each of its three instances. */
export interface MunicipalitiesReady extends Ready {
  urls: Record<string, Record<string, string>>;
}

/** To municipalities.ts: every municipality's instances, once all have started (their peers). */
export interface Peers {
  type: 'peers';
  entries: MunicipalityEntry[];
}

/** From proxies.ts: the registry entries with facility and vacancy behind 20 ms proxies. */
export interface ProxiesReady extends Ready {
  /** Through proxies that forward after the delay. */
  delayed: MunicipalityEntry[];
  /** Through proxies that replay a remembered answer after the delay. */
  replayed: MunicipalityEntry[];
}

/** What plain-gateway.ts serves (as JSON in argv[2]). */
export interface PlainGatewayPlan {
  /** URL per subgraph name of the supergraph (facility, vacancy, reservation, registry). */
  urls: Record<string, string>;
  /** `default`: @apollo/gateway's own fetcher (make-fetch-happen); `fetch`: Node's fetch (undici). */
  fetcher: 'default' | 'fetch';
}

/** What hive-gateway.ts serves (as JSON in argv[2]). */
export interface HiveGatewayPlan {
  /** URL per subgraph name of the supergraph, as for the plain gateway. */
  urls: Record<string, string>;
  /** `js`: Hive Gateway's default planner; `rust`: Hive Router's query planner (@graphql-hive/router-runtime). */
  planner: 'js' | 'rust';
  /** In-flight deduplication of identical subgraph requests (Hive Gateway's default: on). */
  dedupe: boolean;
}

/** From plain-gateway.ts and hive-gateway.ts. */
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

/** One load run of load.ts. */
export interface LoadPlan {
  url: string;
  body: string;
  connections: number;
  /** Fixed requests per second over all connections; as fast as answers come when absent. */
  rate?: number;
  seconds: number;
}

/** To load.ts: start a run; it answers with a `LoadResult` (or `Failed`). */
export interface Run {
  type: 'run';
  plan: LoadPlan;
}

/** From load.ts: one run. */
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
