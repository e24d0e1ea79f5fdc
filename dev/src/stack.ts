import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFacilityModule, facilityModule, type ProviderNotificationSettings } from '@kita/facility';
import { loadPersistedDocuments, type RunningGateway, type SubgraphCallObserver, startGateway, type TenancyOptions } from '@kita/gateway';
import { type MunicipalityEntry, parseRegistry, type RegistryTrustSettings, watchRegistry } from '@kita/registry';
import { createReservationModule, type ReservationSettings, reservationModule } from '@kita/reservation';
import { supergraphPath } from '@kita/schema';
import {
  databaseName,
  databaseUrl,
  ensureDatabase,
  type LocalTrust,
  type Logger,
  type MunicipalityKey,
  migrate,
  openDatabase,
  type PeerInstance,
  type PostgresServer,
  type SubgraphModule,
  type SubgraphServer,
  startSubgraphInstance,
  type TokenVerifier,
} from '@kita/shared';
import { vacancyModule } from '@kita/vacancy';
import type { EntityManager } from '@mikro-orm/postgresql';
import { municipalityInfo } from './demo-data.js';

/** The SDK's persisted-documents manifest: every operation the browser apps send. */
const sdkManifestPath = fileURLToPath(new URL('../../clients/sdk/persisted-documents.json', import.meta.url));

import { demoTheme } from './demo-themes.js';
import { needsSeed, type SeedSummary, seedMunicipality } from './seed.js';

/** The subgraphs that run per municipality: the development stack's, the kit names none. */
export const subgraphNames = ['facility', 'vacancy', 'reservation'] as const;
export type SubgraphName = (typeof subgraphNames)[number];

export const modules: Record<SubgraphName, SubgraphModule<any>> = {
  facility: facilityModule,
  vacancy: vacancyModule,
  reservation: reservationModule,
};

export interface StackOptions {
  postgres: PostgresServer;
  /** Database names are `<prefix>_<municipality>_<subgraph>`. */
  databasePrefix: string;
  municipalities: MunicipalityKey[];
  verifier: TokenVerifier;
  /** Every municipality's and the gateway's service keys (one process holds them all on a laptop) and the identity providers. */
  auth: LocalTrust;
  /** The federation-wide key of child pseudonyms (reservation subgraph, demo seeding); the development key when absent outside production. */
  pseudonymKey?: string;
  host?: string;
  /** 0 picks free ports; otherwise subgraph ports count up from `subgraphPort`. */
  gatewayPort: number;
  subgraphPort: number;
  seed: boolean;
  /** Demo facilities per municipality (default: the demo data's own count). */
  facilitiesPerMunicipality?: number;
  /** Where the registry file is written; the gateway watches it for changes. */
  registryPath?: string;
  tenancy?: Partial<TenancyOptions>;
  development: boolean;
  logger: Logger;
  observe?: SubgraphCallObserver;
  /** Browser apps on other origins the gateway answers (CORS), besides the registry's frontendOrigins: the portal. */
  corsOrigins?: string[];
  /** Settings of every reservation instance (e.g. where each municipality sends its mail, a test clock); the defaults otherwise. */
  reservation?: Partial<ReservationSettings>;
  /** Where every facility instance sends the providers' mail (and a test clock); none by default. */
  facility?: ProviderNotificationSettings;
}

export interface Stack extends Instances {
  gateway: RunningGateway;
}

/** A registry entry for a municipality of the demo data, pointing at its local instances. */
export function registryEntry(municipality: MunicipalityKey, urls: Record<SubgraphName, string>): MunicipalityEntry {
  const info = municipalityInfo(municipality);
  const theme = demoTheme(municipality, info.name);
  return {
    key: municipality,
    name: info.name,
    kind: info.kind,
    ...(info.parent ? { parent: info.parent } : {}),
    active: true,
    districts: info.districts.map((district) => district.name),
    subgraphs: { ...urls },
    area: { ...info.area },
    centroid: { ...info.center },
    districtAreas: info.districts.map((district) => ({
      name: district.name,
      area: { ...district.area },
      centroid: { latitude: district.latitude, longitude: district.longitude },
    })),
    ...(theme ? { theme } : {}),
  };
}

/** Writes a registry file atomically (the gateway's watcher must never see half a file). */
export async function writeRegistryFile(file: string, entries: MunicipalityEntry[], settings: Partial<RegistryTrustSettings> = {}): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify({ ...settings, municipalities: entries }, null, 2)}\n`);
  await rename(temporary, file);
}

// Ports that fetch() refuses to connect to (WHATWG "bad ports"); 4045 falls inside our range.
const fetchBlockedPorts = new Set([4045, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6697, 10080]);

/** `count` consecutive usable ports from `start`, skipping ports fetch() would refuse. */
export function portsFrom(start: number, count: number): number[] {
  const ports: number[] = [];
  for (let port = start; ports.length < count; port += 1) if (!fetchBlockedPorts.has(port)) ports.push(port);
  return ports;
}

async function inBatches<T>(items: T[], size: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  for (let start = 0; start < items.length; start += size) {
    await Promise.all(items.slice(start, start + size).map((item, offset) => work(item, start + offset)));
  }
}

export type InstancesOptions = Omit<StackOptions, 'gatewayPort' | 'registryPath' | 'tenancy' | 'observe'> & {
  /**
   * Other municipalities' instances of a subgraph that run elsewhere (another process), asked
   * lazily like every peer list; the instances started here are peers of each other anyway.
   */
  remotePeers?: (subgraph: string) => PeerInstance[];
};

type SeedOptions = Pick<InstancesOptions, 'facilitiesPerMunicipality' | 'pseudonymKey'>;

/** Seeds a municipality's three databases (each through its subgraph's ORM) unless it has facilities already. */
async function seedIfEmpty(
  municipality: MunicipalityKey,
  em: (subgraph: SubgraphName) => EntityManager,
  options: SeedOptions,
): Promise<SeedSummary | undefined> {
  if (!(await needsSeed(em('facility')))) return undefined;
  return seedMunicipality(
    municipality,
    { facility: em('facility'), vacancy: em('vacancy'), reservation: em('reservation') },
    { facilities: options.facilitiesPerMunicipality, pseudonymKey: options.pseudonymKey },
  );
}

/**
 * Creates, migrates and (when empty) seeds every municipality's three databases without serving
 * them: for runs whose instances start elsewhere afterwards (the benchmark's per-municipality
 * processes), so that seeding happens once, in one process.
 */
export async function prepareDatabases(
  options: Pick<InstancesOptions, 'postgres' | 'databasePrefix' | 'municipalities'> & SeedOptions,
): Promise<Map<MunicipalityKey, SeedSummary>> {
  const seeded = new Map<MunicipalityKey, SeedSummary>();
  await inBatches(options.municipalities, 3, async (municipality) => {
    const databases = await Promise.all(
      subgraphNames.map(async (name) => {
        const database = databaseName(options.databasePrefix, municipality, name);
        await ensureDatabase(options.postgres.url, database);
        const opened = await openDatabase({
          clientUrl: databaseUrl(options.postgres.url, database),
          entities: modules[name].entities,
          migrations: modules[name].migrations,
          poolMax: 3,
        });
        return [name, opened] as const;
      }),
    );
    try {
      for (const [, database] of databases) await migrate(database);
      const byName = new Map(databases);
      const summary = await seedIfEmpty(municipality, (name) => byName.get(name)!.orm.em.fork() as EntityManager, options);
      if (summary) seeded.set(municipality, summary);
    } finally {
      await Promise.all(databases.map(([, database]) => database.close()));
    }
  });
  return seeded;
}

export interface Instances {
  instances: SubgraphServer[];
  instance(municipality: MunicipalityKey, subgraph: string): SubgraphServer;
  seeded: Map<MunicipalityKey, SeedSummary>;
  /** Registry entries pointing at these instances. */
  entries: MunicipalityEntry[];
  stop(): Promise<void>;
}

/** Per municipality one instance of each subgraph, each on its own database and port. */
export async function startInstances(options: InstancesOptions): Promise<Instances> {
  const instances: SubgraphServer[] = [];
  const configured: Partial<Record<SubgraphName, SubgraphModule<any>>> = {
    reservation: createReservationModule(options.reservation ?? {}, { pseudonymKey: options.pseudonymKey }),
    ...(options.facility ? { facility: createFacilityModule(options.facility) } : {}),
  };
  const stop = async () => {
    await Promise.allSettled(instances.map((instance) => instance.close()));
  };
  try {
    const ports = options.subgraphPort ? portsFrom(options.subgraphPort, options.municipalities.length * subgraphNames.length) : [];
    await inBatches(options.municipalities, 3, async (municipality, index) => {
      const started = await Promise.all(
        subgraphNames.map(async (name, position) => {
          const database = databaseName(options.databasePrefix, municipality, name);
          await ensureDatabase(options.postgres.url, database);
          return startSubgraphInstance(configured[name] ?? modules[name], {
            municipality,
            databaseUrl: databaseUrl(options.postgres.url, database),
            port: ports[index * subgraphNames.length + position] ?? 0,
            host: options.host,
            verifier: options.verifier,
            production: !options.development,
            // One process holds every instance: each line says whose it is.
            logger: options.logger.child({ instance: `${name}@${municipality}` }),
            poolMax: 3,
            auth: options.auth,
            peerUrl: (subgraph) => instances.find((candidate) => candidate.municipality === municipality && candidate.subgraph === subgraph)?.url,
            peers: (subgraph) => [
              ...instances
                .filter((candidate) => candidate.municipality !== municipality && candidate.subgraph === subgraph)
                .map((candidate) => ({ municipality: candidate.municipality, url: candidate.url })),
              ...(options.remotePeers?.(subgraph) ?? []).filter((peer) => peer.municipality !== municipality),
            ],
          });
        }),
      );
      instances.push(...started);
    });
    const instance = (municipality: MunicipalityKey, subgraph: string) => {
      const found = instances.find((candidate) => candidate.municipality === municipality && candidate.subgraph === subgraph);
      if (!found) throw new Error(`no ${subgraph} instance for ${municipality}`);
      return found;
    };
    const seeded = new Map<MunicipalityKey, SeedSummary>();
    if (options.seed) {
      for (const municipality of options.municipalities) {
        const summary = await seedIfEmpty(municipality, (name) => instance(municipality, name).database.orm.em.fork() as EntityManager, options);
        if (summary) seeded.set(municipality, summary);
      }
    }
    const entries = options.municipalities.map((municipality) => {
      const entry = registryEntry(
        municipality,
        Object.fromEntries(subgraphNames.map((name) => [name, instance(municipality, name).url])) as Record<SubgraphName, string>,
      );
      // The registry only names parents it lists itself.
      if (entry.parent && !options.municipalities.includes(entry.parent)) delete entry.parent;
      return entry;
    });
    return { instances, instance, seeded, entries, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Everything `npm start` runs, in one process: the instances of every municipality and the
 * gateway in front of them, over real HTTP, routed by a registry file the gateway watches.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const started = await startInstances(options);
  try {
    const { entries } = started;
    const registry = parseRegistry({ municipalities: entries }, { subgraphs: [...subgraphNames], source: 'the stack' });
    if (options.registryPath) await writeRegistryFile(options.registryPath, entries);
    const gateway = await startGateway({
      supergraphSdl: await readFile(supergraphPath, 'utf8'),
      registry,
      tenancy: options.tenancy,
      verifier: options.verifier,
      serviceKeys: options.auth,
      trustDocument: () => options.auth.document(options.municipalities),
      port: options.gatewayPort,
      host: options.host,
      introspection: options.development,
      landingPage: options.development,
      production: !options.development,
      uploads: facilityModule.uploads,
      // The apps' operations by hash (as a deployed gateway with PERSISTED_DOCUMENTS); any other operation still runs (Sandbox).
      persistedDocuments: await loadPersistedDocuments(sdkManifestPath, false),
      logger: options.logger.child({ instance: 'gateway' }),
      observe: options.observe,
      cors: { origins: () => options.corsOrigins ?? [] },
    });
    const watcher = options.registryPath
      ? watchRegistry(options.registryPath, {
          subgraphs: [...subgraphNames],
          onChange: (next) => void gateway.reload(next),
          onError: (error) => gateway.tenancy.reloadFailed(error.problems),
          logger: options.logger.child({ instance: 'gateway' }),
        })
      : undefined;
    return {
      ...started,
      gateway,
      stop: async () => {
        watcher?.close();
        await gateway.close();
        await started.stop();
      },
    };
  } catch (error) {
    await started.stop();
    throw error;
  }
}
