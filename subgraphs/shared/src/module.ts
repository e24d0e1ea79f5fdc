import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { authEnvSchema, authSettingsFrom, requireVerificationKey, TokenVerifier } from './auth.js';
import { envSchemas, parseConfig } from './config.js';
import type { FederatedSchema } from './federation.js';
import { isMunicipalityKey, type MunicipalityKey } from './ids.js';
import { createLogger, type Logger } from './log.js';
import { migrate, openDatabase, type MigrationClass } from './orm.js';
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
      port: options.port,
      host: options.host,
      production: options.production,
      logger: options.logger,
    });
    return {
      ...server,
      close: async () => {
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
  })
  .extend(authEnvSchema.shape);

/** Entry point of one deployed subgraph instance (one municipality); stops on SIGTERM/SIGINT. */
export async function runSubgraphMain(module: SubgraphModule<any>, env: Record<string, string | undefined> = process.env): Promise<void> {
  const config = parseConfig(`the ${module.name} subgraph`, subgraphEnvSchema, env, [requireVerificationKey]);
  const logger = createLogger(`${module.name}@${config.MUNICIPALITY}`);
  const server = await startSubgraphInstance(module, {
    municipality: config.MUNICIPALITY,
    databaseUrl: config.DATABASE_URL,
    port: config.PORT,
    host: config.HOST,
    verifier: new TokenVerifier(authSettingsFrom(config, config.NODE_ENV)),
    production: config.NODE_ENV === 'production',
    logger,
  });
  logger.info('listening', { url: server.url });
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
