import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { TokenVerifier } from './auth.js';
import { envSchemas, parseConfig, type CrossCheck } from './config.js';
import type { FederatedSchema } from './federation.js';
import { isMunicipalityKey, type MunicipalityKey } from './ids.js';
import { createLogger, type Logger } from './log.js';
import type { RouteHandler, UploadLimit } from './http.js';
import { migrate, openDatabase, type Database, type MigrationClass } from './orm.js';
import { startSubgraphServer, type SubgraphServer } from './subgraph-server.js';
import { followTrustDocument, serviceKeyEnvSchema, singleKeyring, type ServiceKeyring } from './trust.js';

export const subgraphNames = ['facility', 'vacancy', 'reservation'] as const;

/**
 * A development-only pseudonym key, refused in production; it exists so
 * that `npm start` and the tests need no setup. Pseudonyms made with it are worthless outside them.
 */
export const developmentPseudonymKey = 'kita-federation-development-pseudonym-key-do-not-use-in-production';

/** The federation-wide key of keyed pseudonyms (HMAC-SHA256); the same in every municipality, so the same child gets the same pseudonym. */
export const pseudonymEnvSchema = z.object({
  PSEUDONYM_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
});

/** Per-instance settings a module's request scope (`createLoaders`) may need besides the database. */
export interface InstanceSettings {
  /** Key of keyed pseudonyms; set for modules that declare `usesPseudonymKey`. */
  pseudonymKey?: string;
}

/**
 * A module's own configuration from the environment: its keys are parsed together with the
 * shared ones by `runSubgraphMain` (every problem reported at once), then `apply` returns the
 * module set up with the parsed values. Without it, a module runs on its defaults.
 */
export interface ModuleConfiguration<Loaders> {
  envSchema: z.ZodObject;
  apply(env: Record<string, unknown>): SubgraphModule<Loaders>;
}
export type SubgraphName = (typeof subgraphNames)[number];

/** What a subgraph package contributes; everything else (server, ORM, auth) is shared. */
export interface SubgraphModule<Loaders = unknown> {
  name: SubgraphName;
  entities: Function[];
  migrations: MigrationClass[];
  buildSchema(): Promise<FederatedSchema>;
  createLoaders(em: EntityManager, municipality: MunicipalityKey, settings: InstanceSettings): Loaders;
  /** Plain HTTP routes beside GraphQL (e.g. `/events` for an outbox owner), per instance. */
  routes?(instance: ModuleRouteContext): Record<string, RouteHandler>;
  /** Mutations that take uploads, with their larger body limit; every other request is limited to 1 MB. */
  uploads?: UploadLimit;
  /** Background work of an instance (timers, event consumers), started once it serves and stopped before it closes. */
  start?(instance: InstanceContext): BackgroundJob;
  /** Instances need the federation-wide pseudonym key (`PSEUDONYM_KEY`; a development default outside production). */
  usesPseudonymKey?: boolean;
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
  peerUrl(subgraph: SubgraphName): string | undefined;
  /**
   * The GraphQL URLs of every OTHER municipality's instance of a subgraph (asked lazily: the list
   * may grow or change while the instance runs, e.g. as a stack starts or a registry reloads).
   */
  peers(subgraph: SubgraphName): PeerInstance[];
  /** Key of keyed pseudonyms; set for modules that declare `usesPseudonymKey`. */
  pseudonymKey?: string;
}

/** Another municipality's instance of a subgraph. */
export interface PeerInstance {
  municipality: string;
  url: string;
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
  /** Verifies people's and services' tokens; scoped to the instance's municipality here. */
  verifier: TokenVerifier;
  production: boolean;
  logger: Logger;
  poolMax?: number;
  /** Holds this municipality's private service key. */
  auth?: ServiceKeyring;
  /** Where this municipality's other subgraphs are (for event consumers). */
  peerUrl?: (subgraph: SubgraphName) => string | undefined;
  /** Where the other municipalities' instances of a subgraph are (for consumers of their events). */
  peers?: (subgraph: SubgraphName) => PeerInstance[];
  /** The federation-wide pseudonym key; outside production `developmentPseudonymKey` when absent. */
  pseudonymKey?: string;
}

/** The pseudonym key an instance of `module` uses: undefined when the module needs none; throws when production lacks a proper one. */
function pseudonymKeyFor(module: SubgraphModule<any>, options: InstanceOptions): string | undefined {
  if (!module.usesPseudonymKey) return undefined;
  const key = options.pseudonymKey ?? (options.production ? undefined : developmentPseudonymKey);
  if (!key || key.length < 32) throw new Error(`the ${module.name} subgraph needs a pseudonym key of at least 32 characters (PSEUDONYM_KEY)`);
  if (options.production && key === developmentPseudonymKey) throw new Error('the development pseudonym key is refused in production (PSEUDONYM_KEY)');
  return key;
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
    const settings: InstanceSettings = { pseudonymKey: pseudonymKeyFor(module, options) };
    await migrate(database);
    const { schema, sdl } = await schemaOf(module);
    const verifier = options.verifier.scopedTo(options.municipality);
    const server = await startSubgraphServer({
      subgraph: module.name,
      municipality: options.municipality,
      schema,
      sdl,
      database,
      verifier,
      createLoaders: (em, municipality) => module.createLoaders(em, municipality, settings),
      routes: module.routes?.({ database, verifier, municipality: options.municipality, logger: options.logger }),
      uploads: module.uploads,
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
      peers: (subgraph) => options.peers?.(subgraph) ?? [],
      pseudonymKey: settings.pseudonymKey,
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

/** One `<ags>=<url>` of a peer list, or undefined when malformed. */
function parsePeer(item: string): PeerInstance | undefined {
  const at = item.indexOf('=');
  if (at < 0) return undefined;
  const municipality = item.slice(0, at).trim();
  const url = item.slice(at + 1).trim();
  if (!isMunicipalityKey(municipality) || !URL.canParse(url)) return undefined;
  return { municipality, url };
}

/** `<ags>=<url>,<ags>=<url>…` as peers (an empty or absent list is none). */
export function parsePeers(value: string | undefined): PeerInstance[] {
  if (!value?.trim()) return [];
  return value.split(',').map((item) => {
    const peer = parsePeer(item);
    if (!peer) throw new Error('malformed peer list: expected <ags>=<url>');
    return peer;
  });
}

const subgraphEnvSchema = z
  .object({
    NODE_ENV: envSchemas.nodeEnv,
    MUNICIPALITY: z.string().refine(isMunicipalityKey, 'must be a 5- or 8-digit municipality key (AGS)'),
    DATABASE_URL: envSchemas.postgresUrl,
    PORT: envSchemas.port(4001),
    /** Only the gateway should reach a subgraph: loopback unless the deployment says otherwise. */
    HOST: z.string().default('127.0.0.1'),
    /** The gateway's trust document (`https://<gateway>/trust`): identity providers, which issuers this municipality trusts, everyone's public service keys. */
    REGISTRY_URL: z.url('must be the URL of the gateway\'s /trust document'),
    /** This municipality's private service key (a JWK with "d" and "kid"); its public half is in the registry. */
    SERVICE_KEY: serviceKeyEnvSchema,
    FACILITY_URL: z.url().optional(),
    VACANCY_URL: z.url().optional(),
    RESERVATION_URL: z.url().optional(),
    /** The other municipalities' reservation instances: `<ags>=<graphql url>,<ags>=<url>…`. */
    RESERVATION_PEERS: z
      .string()
      .optional()
      .refine(
        (value) => value === undefined || value.trim() === '' || value.split(',').every((item) => parsePeer(item) !== undefined),
        'must be a comma-separated list of <ags>=<url>',
      ),
  })
  .extend(pseudonymEnvSchema.shape);

/** Production must have its own pseudonym key when the module uses one (a cross-check for `parseConfig`). */
const requirePseudonymKey =
  (module: SubgraphModule<any>): CrossCheck =>
  (env) => {
    if (!module.usesPseudonymKey || env.NODE_ENV !== 'production') return undefined;
    if (!env.PSEUDONYM_KEY) return 'PSEUDONYM_KEY: production needs its own pseudonym key (at least 32 characters, the same in every municipality)';
    if (env.PSEUDONYM_KEY === developmentPseudonymKey) return 'PSEUDONYM_KEY: the development key is refused in production';
    return undefined;
  };

/** Entry point of one deployed subgraph instance (one municipality); stops on SIGTERM/SIGINT. */
export async function runSubgraphMain(defaults: SubgraphModule<any>, env: Record<string, string | undefined> = process.env): Promise<void> {
  const schema = defaults.configuration ? subgraphEnvSchema.extend(defaults.configuration.envSchema.shape) : subgraphEnvSchema;
  const config = parseConfig(`the ${defaults.name} subgraph`, schema, env, [requirePseudonymKey(defaults)]) as z.infer<typeof subgraphEnvSchema>;
  const module = defaults.configuration ? defaults.configuration.apply(config) : defaults;
  const logger = createLogger(`${module.name}@${config.MUNICIPALITY}`);
  const auth = await singleKeyring(config.MUNICIPALITY, JSON.parse(config.SERVICE_KEY));
  const remoteTrust = await followTrustDocument(config.REGISTRY_URL, { onProblem: (problem) => logger.warn('trust_refresh_failed', { problem }) });
  const peers: Record<SubgraphName, string | undefined> = { facility: config.FACILITY_URL, vacancy: config.VACANCY_URL, reservation: config.RESERVATION_URL };
  const reservationPeers = parsePeers(config.RESERVATION_PEERS).filter((peer) => peer.municipality !== config.MUNICIPALITY);
  const server = await startSubgraphInstance(module, {
    municipality: config.MUNICIPALITY,
    databaseUrl: config.DATABASE_URL,
    port: config.PORT,
    host: config.HOST,
    verifier: new TokenVerifier(remoteTrust.trust),
    production: config.NODE_ENV === 'production',
    logger,
    auth,
    peerUrl: (subgraph) => peers[subgraph],
    peers: (subgraph) => (subgraph === 'reservation' ? reservationPeers : []),
    pseudonymKey: config.PSEUDONYM_KEY,
  });
  logger.info('listening', { url: server.url });
  const stop = async () => {
    remoteTrust.stop();
    await server.close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
