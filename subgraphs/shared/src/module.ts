import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { authEnvSchema, authSettingsFrom, requireVerificationKey, TokenVerifier, type AuthSettings } from './auth.js';
import { envSchemas, parseConfig } from './config.js';
import type { FederatedSchema } from './federation.js';
import { isMunicipalityKey, type MunicipalityKey } from './ids.js';
import { createLogger, type Logger } from './log.js';
import type { RouteHandler } from './http.js';
import { migrate, openDatabase, type Database, type MigrationClass } from './orm.js';
import { startSubgraphServer, type SubgraphServer } from './subgraph-server.js';

export const subgraphNames = ['facility', 'vacancy', 'reservation'] as const;
export type SubgraphName = (typeof subgraphNames)[number];

/** What a subgraph package contributes; everything else (server, ORM, auth) is shared. */
export interface SubgraphModule<Loaders = unknown> {
  name: SubgraphName;
  entities: Function[];
  migrations: MigrationClass[];
  buildSchema(): Promise<FederatedSchema>;
  createLoaders(em: EntityManager, municipality: MunicipalityKey): Loaders;
  /** Plain HTTP routes beside GraphQL (e.g. `/events` for an outbox owner), per instance. */
  routes?(instance: ModuleRouteContext): Record<string, RouteHandler>;
  /** Largest request body an instance reads (default 1 MB); raised by modules that take uploads. */
  maxBodyBytes?: number;
  /** Background work of an instance (timers, event consumers), started once it serves and stopped before it closes. */
  start?(instance: InstanceContext): BackgroundJob;
}

/** What an instance hands its module's background work. */
export interface InstanceContext {
  database: Database;
  municipality: MunicipalityKey;
  logger: Logger;
  /** For signing service tokens (calls to other subgraphs' internal endpoints). */
  auth?: AuthSettings;
  /** GraphQL URL of this municipality's instance of another subgraph, when known (asked lazily). */
  peerUrl(subgraph: SubgraphName): string | undefined;
}

/** A module's running background work; `stop` ends it and waits for a run in progress. */
export interface BackgroundJob {
  stop(): void | Promise<void>;
  /** Runs the work now and waits for it (e.g. an event consumer draining its source); for tests and tools. */
  catchUp?(): Promise<unknown>;
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
  verifier: TokenVerifier;
  production: boolean;
  logger: Logger;
  poolMax?: number;
  auth?: AuthSettings;
  /** Where this municipality's other subgraphs are (for event consumers). */
  peerUrl?: (subgraph: SubgraphName) => string | undefined;
}

/** Opens and migrates the municipality's database, then serves the subgraph for it. */
export async function startSubgraphInstance(module: SubgraphModule<any>, options: InstanceOptions): Promise<SubgraphServer> {
  const database = await openDatabase({
    clientUrl: options.databaseUrl,
    entities: module.entities,
    migrations: module.migrations,
    poolMax: options.poolMax,
  });
  try {
    await migrate(database);
    const { schema } = await schemaOf(module);
    const server = await startSubgraphServer({
      subgraph: module.name,
      municipality: options.municipality,
      schema,
      database,
      verifier: options.verifier,
      createLoaders: module.createLoaders,
      routes: module.routes?.({ database, verifier: options.verifier, municipality: options.municipality, logger: options.logger }),
      maxBodyBytes: module.maxBodyBytes,
      port: options.port,
      host: options.host,
      production: options.production,
      logger: options.logger,
    });
    const job = module.start?.({
      database,
      municipality: options.municipality,
      logger: options.logger,
      auth: options.auth,
      peerUrl: (subgraph) => options.peerUrl?.(subgraph),
    });
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

const subgraphEnvSchema = z
  .object({
    NODE_ENV: envSchemas.nodeEnv,
    MUNICIPALITY: z.string().refine(isMunicipalityKey, 'must be a 5- or 8-digit municipality key (AGS)'),
    DATABASE_URL: envSchemas.postgresUrl,
    PORT: envSchemas.port(4001),
    HOST: z.string().default('0.0.0.0'),
    FACILITY_URL: z.url().optional(),
    VACANCY_URL: z.url().optional(),
    RESERVATION_URL: z.url().optional(),
  })
  .extend(authEnvSchema.shape);

/** Entry point of one deployed subgraph instance (one municipality); stops on SIGTERM/SIGINT. */
export async function runSubgraphMain(module: SubgraphModule<any>, env: Record<string, string | undefined> = process.env): Promise<void> {
  const config = parseConfig(`the ${module.name} subgraph`, subgraphEnvSchema, env, [requireVerificationKey]);
  const logger = createLogger(`${module.name}@${config.MUNICIPALITY}`);
  const auth = authSettingsFrom(config, config.NODE_ENV);
  const peers: Record<SubgraphName, string | undefined> = { facility: config.FACILITY_URL, vacancy: config.VACANCY_URL, reservation: config.RESERVATION_URL };
  const server = await startSubgraphInstance(module, {
    municipality: config.MUNICIPALITY,
    databaseUrl: config.DATABASE_URL,
    port: config.PORT,
    host: config.HOST,
    verifier: new TokenVerifier(auth),
    production: config.NODE_ENV === 'production',
    logger,
    auth,
    peerUrl: (subgraph) => peers[subgraph],
  });
  logger.info('listening', { url: server.url });
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
