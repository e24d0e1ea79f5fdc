import type { EventConsumerMetrics, RouteHandler, UploadLimit } from '@kita/core';
import {
  type CrossCheck,
  createLogger,
  envSchemas,
  followRegistry,
  type Logger,
  parseConfig,
  type ServiceKeyring,
  serviceKeyEnvSchema,
  singleKeyring,
  TokenVerifier,
} from '@kita/core';
import { isMunicipalityKey, type MunicipalityKey } from '@kita/schema';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import type { FederatedSchema } from './federation.js';
import { holdLease } from './lease.js';
import { type Database, type MigrationClass, migrate, openDatabase, PendingMigrationsError, pendingMigrations } from './orm.js';
import { type SubgraphServer, startSubgraphServer } from './subgraph-server.js';

/**
 * A module's own configuration from the environment, the one way a subgraph extends the kit's
 * settings: its keys are parsed together with the shared ones by `runSubgraphMain` (every problem
 * reported at once, `check` included), then `apply` returns the module set up with the parsed
 * values. Without it, a module runs on its defaults.
 */
export interface ModuleConfiguration<Loaders> {
  envSchema: z.ZodObject;
  /** A rule across keys (e.g. production needs its own secret): the problem in one line, or undefined. */
  check?(env: Record<string, unknown>): string | undefined;
  apply(env: Record<string, unknown>): SubgraphModule<Loaders>;
}

/** What a subgraph package contributes; everything else (server, ORM, auth) is shared. */
export interface SubgraphModule<Loaders = unknown> {
  /** The subgraph's name: its service name (`<name>@<municipality>`), the registry's URL key, the lease's and the logs' prefix. */
  name: string;
  entities: Function[];
  migrations: MigrationClass[];
  buildSchema(): Promise<FederatedSchema>;
  createLoaders(em: EntityManager, municipality: MunicipalityKey): Loaders;
  /** Plain HTTP routes beside GraphQL (e.g. `/events` for an outbox owner), per instance. */
  routes?(instance: ModuleRouteContext): Record<string, RouteHandler>;
  /** Mutations that take uploads, with their larger body limit; every other request is limited to 1 MB. */
  uploads?: UploadLimit;
  /**
   * Background work of an instance (timers, event consumers), started once it serves and stopped
   * before it closes; in one replica of the instance at a time (a lease, see `holdLease`).
   */
  start?(instance: InstanceContext): BackgroundJob;
  /**
   * Refuses to start an instance of this module as set up (throws the reason in one line): e.g. a
   * development secret where `production` is true. Called before the database is migrated.
   */
  checkStart?(instance: { production: boolean }): void;
  /** The module's own environment keys (see `ModuleConfiguration`). */
  configuration?: ModuleConfiguration<Loaders>;
}

/** What an instance hands its module's background work. */
export interface InstanceContext {
  database: Database;
  municipality: MunicipalityKey;
  logger: Logger;
  /** This municipality's private service key, for signing service tokens (calls to other instances' internal endpoints). */
  auth?: ServiceKeyring;
  /** GraphQL URL of this municipality's instance of another subgraph, when known (asked lazily). */
  peerUrl(subgraph: string): string | undefined;
  /**
   * The GraphQL URLs of every OTHER municipality's instance of a subgraph (asked lazily: the list
   * may grow or change while the instance runs, e.g. as a stack starts or a registry reloads).
   */
  peers(subgraph: string): PeerInstance[];
  /** Where event consumers report their lag and last success (the instance's `/metrics`). */
  metrics?: EventConsumerMetrics;
}

/** Another municipality's instance of a subgraph. */
export interface PeerInstance {
  municipality: string;
  url: string;
}

/** A module's running background work; `stop` ends it and waits for a run in progress. */
export interface BackgroundJob {
  stop(): void | Promise<void>;
  /**
   * Runs the work now and waits for it (e.g. an event consumer draining its source); for tests and
   * tools. On an instance it runs only in the replica holding the background lease (after the first
   * attempt to take it): a standby's catch-up does nothing, the holder's work is what counts.
   */
  catchUp?(): Promise<unknown>;
  /** Whether this replica runs the work now (holds the background lease); set on an instance's job. */
  running?(): boolean;
}

/** What an instance hands a module's `routes`. */
export interface ModuleRouteContext {
  database: Database;
  verifier: TokenVerifier;
  municipality: MunicipalityKey;
  logger: Logger;
}

const schemaCache = new WeakMap<SubgraphModule<any>, Promise<FederatedSchema>>();

/** A module's schema is the same for every municipality: build it once per process. */
export function schemaOf(module: SubgraphModule<any>): Promise<FederatedSchema> {
  let schema = schemaCache.get(module);
  if (!schema) {
    schema = module.buildSchema();
    schemaCache.set(module, schema);
  }
  return schema;
}

export interface InstanceOptions {
  municipality: MunicipalityKey;
  databaseUrl: string;
  port: number;
  host?: string;
  /** Verifies people's and services' tokens; scoped to the instance's municipality here. */
  verifier: TokenVerifier;
  production: boolean;
  logger: Logger;
  poolMax?: number;
  /** Holds this municipality's private service key. */
  auth?: ServiceKeyring;
  /** Where this municipality's other subgraphs are (for event consumers). */
  peerUrl?: (subgraph: string) => string | undefined;
  /** Where the other municipalities' instances of a subgraph are (for consumers of their events). */
  peers?: (subgraph: string) => PeerInstance[];
  /**
   * `run` (default: `npm start`, tests) applies pending migrations at start; `check` (a deployed
   * `main.js`) refuses to start while any is pending, since migrating is a step of its own.
   */
  migrations?: 'run' | 'check';
  /** How often a standby replica tries to take the background lease (default 5 s). */
  leaseRetryMs?: number;
  /** Also export process metrics (CPU, memory, event loop) at `/metrics`: a deployed instance, one per process. */
  processMetrics?: boolean;
}

/** Opens and migrates (or checks) the municipality's database, then serves the subgraph for it. */
export async function startSubgraphInstance(module: SubgraphModule<any>, options: InstanceOptions): Promise<SubgraphServer> {
  const database = await openDatabase({
    clientUrl: options.databaseUrl,
    entities: module.entities,
    migrations: module.migrations,
    poolMax: options.poolMax,
  });
  try {
    module.checkStart?.({ production: options.production });
    if (options.migrations === 'check') {
      const pending = await pendingMigrations(database);
      if (pending.length > 0) throw new PendingMigrationsError(module.name, pending);
    } else {
      await migrate(database);
    }
    const { schema, sdl } = await schemaOf(module);
    const verifier = options.verifier.scopedTo(options.municipality);
    const server = await startSubgraphServer({
      subgraph: module.name,
      municipality: options.municipality,
      schema,
      sdl,
      database,
      verifier,
      createLoaders: (em, municipality) => module.createLoaders(em, municipality),
      routes: module.routes?.({ database, verifier, municipality: options.municipality, logger: options.logger }),
      uploads: module.uploads,
      port: options.port,
      host: options.host,
      production: options.production,
      logger: options.logger,
      processMetrics: options.processMetrics,
    });
    const context: InstanceContext = {
      database,
      municipality: options.municipality,
      logger: options.logger,
      auth: options.auth,
      peerUrl: (subgraph) => options.peerUrl?.(subgraph),
      peers: (subgraph) => options.peers?.(subgraph) ?? [],
      metrics: server.consumerMetrics,
    };
    const job = module.start ? leasedBackground(module.name, () => module.start!(context), options) : undefined;
    return {
      ...server,
      background: job,
      close: async () => {
        await job?.stop();
        await server.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/**
 * The module's background work, in one replica of the instance at a time: every replica shares
 * the database, and the one holding the lease `<subgraph>-background` runs the work.
 */
function leasedBackground(subgraph: string, start: () => BackgroundJob, options: InstanceOptions): BackgroundJob {
  const lease = holdLease({ databaseUrl: options.databaseUrl, name: `${subgraph}-background`, retryMs: options.leaseRetryMs, logger: options.logger, start });
  return {
    stop: () => lease.stop(),
    catchUp: async () => {
      await lease.firstAttempt;
      return lease.current()?.catchUp?.();
    },
    running: () => lease.current() !== undefined,
  };
}

const subgraphEnvSchema = z.object({
  NODE_ENV: envSchemas.nodeEnv,
  MUNICIPALITY: z.string().refine(isMunicipalityKey, 'must be a 5- or 8-digit municipality key (AGS)'),
  DATABASE_URL: envSchemas.postgresUrl,
  PORT: envSchemas.port(4001),
  LOG_LEVEL: envSchemas.logLevel,
  /** Only the gateway should reach a subgraph: loopback unless the deployment says otherwise. */
  HOST: z.string().default('127.0.0.1'),
  /**
   * The gateway (`https://<gateway>`; `…/trust` names the same): its public `/trust` (identity providers,
   * trusted issuers, public service keys) and, for this municipality's service token, `/registry/instances`.
   */
  REGISTRY_URL: z.url("must be the gateway's URL (https://<gateway>)"),
  /** How often the trust document and the instance list are read again. */
  REGISTRY_REFRESH_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  /** This municipality's private service key (a JWK with "d" and "kid"); its public half is in the registry. */
  SERVICE_KEY: serviceKeyEnvSchema,
});

/** A module's whole environment schema (the shared keys and the module's own), e.g. for checking deployment manifests. */
export function subgraphEnvSchemaOf(module: SubgraphModule<any>): z.ZodObject {
  return module.configuration ? subgraphEnvSchema.extend(module.configuration.envSchema.shape) : subgraphEnvSchema;
}

/** Entry point of one deployed subgraph instance (one municipality); stops on SIGTERM/SIGINT. */
export async function runSubgraphMain(defaults: SubgraphModule<any>, env: Record<string, string | undefined> = process.env): Promise<void> {
  try {
    await startSubgraphMain(defaults, env);
  } catch (error) {
    // What an operator must do, in one line: no stack trace (configuration, pending migrations, an unreachable gateway).
    console.error(`the ${defaults.name} subgraph did not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

/** `runSubgraphMain` without the exit: throws what stops the start (for tests). */
export async function startSubgraphMain(defaults: SubgraphModule<any>, env: Record<string, string | undefined>): Promise<void> {
  const schema = subgraphEnvSchemaOf(defaults);
  const checks: CrossCheck[] = defaults.configuration?.check ? [(values) => defaults.configuration!.check!(values)] : [];
  const config = parseConfig(`the ${defaults.name} subgraph`, schema, env, checks) as z.infer<typeof subgraphEnvSchema>;
  const module = defaults.configuration ? defaults.configuration.apply(config) : defaults;
  const logger = createLogger(`${module.name}@${config.MUNICIPALITY}`, undefined, { level: config.LOG_LEVEL });
  const auth = await singleKeyring(config.MUNICIPALITY, JSON.parse(config.SERVICE_KEY));
  // Whom to trust and where every instance is (this municipality's other subgraphs, the other municipalities'), from the gateway alone.
  const registry = await followRegistry(config.REGISTRY_URL, {
    keyring: auth,
    service: `${module.name}@${config.MUNICIPALITY}`,
    refreshMs: config.REGISTRY_REFRESH_MS,
    onProblem: (problem) => logger.warn('registry_refresh_failed', { problem }),
  });
  const server = await startSubgraphInstance(module, {
    municipality: config.MUNICIPALITY,
    databaseUrl: config.DATABASE_URL,
    port: config.PORT,
    host: config.HOST,
    verifier: new TokenVerifier(registry.trust),
    production: config.NODE_ENV === 'production',
    logger,
    auth,
    peerUrl: (subgraph) => registry.instances.urlOf(config.MUNICIPALITY, subgraph),
    peers: (subgraph) => registry.instances.others(config.MUNICIPALITY, subgraph),
    migrations: 'check',
    processMetrics: true,
  });
  logger.info('listening', { url: server.url });
  const stop = async () => {
    registry.stop();
    await server.close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
