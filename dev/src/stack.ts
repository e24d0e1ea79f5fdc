import { readFile } from 'node:fs/promises';
import { facilityModule } from '@kita/facility';
import { startGateway, type RunningGateway, type SubgraphCallObserver } from '@kita/gateway';
import { reservationModule } from '@kita/reservation';
import { supergraphPath } from '@kita/schema';
import {
  databaseName,
  databaseUrl,
  ensureDatabase,
  startSubgraphInstance,
  subgraphNames,
  type Logger,
  type MunicipalityKey,
  type PostgresServer,
  type SubgraphModule,
  type SubgraphName,
  type SubgraphServer,
  type TokenVerifier,
} from '@kita/shared';
import { vacancyModule } from '@kita/vacancy';
import { needsSeed, seedMunicipality, type SeedSummary } from './seed.js';

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
  host?: string;
  /** 0 picks free ports; otherwise subgraph ports count up from `subgraphPort`. */
  gatewayPort: number;
  subgraphPort: number;
  seed: boolean;
  development: boolean;
  logger: Logger;
  observe?: SubgraphCallObserver;
}

export interface Stack {
  gateway: RunningGateway;
  instances: SubgraphServer[];
  instance(municipality: MunicipalityKey, subgraph: SubgraphName): SubgraphServer;
  seeded: Map<MunicipalityKey, SeedSummary>;
  stop(): Promise<void>;
}

/**
 * Everything `npm start` runs, in one process: per municipality one instance of each
 * subgraph (own database, own ORM, own port) and the gateway in front, over real HTTP.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const instances: SubgraphServer[] = [];
  const stopAll = async () => {
    await Promise.allSettled(instances.map((instance) => instance.close()));
  };
  try {
    let offset = 0;
    for (const municipality of options.municipalities) {
      const started = await Promise.all(
        subgraphNames.map(async (name, index) => {
          const database = databaseName(options.databasePrefix, municipality, name);
          await ensureDatabase(options.postgres.url, database);
          return startSubgraphInstance(modules[name], {
            municipality,
            databaseUrl: databaseUrl(options.postgres.url, database),
            port: options.subgraphPort ? options.subgraphPort + offset + index : 0,
            host: options.host,
            verifier: options.verifier,
            production: !options.development,
            logger: options.logger,
            poolMax: 4,
          });
        }),
      );
      instances.push(...started);
      offset += subgraphNames.length;
    }
    const instance = (municipality: MunicipalityKey, subgraph: SubgraphName) => {
      const found = instances.find((candidate) => candidate.municipality === municipality && candidate.subgraph === subgraph);
      if (!found) throw new Error(`no ${subgraph} instance for ${municipality}`);
      return found;
    };
    const seeded = new Map<MunicipalityKey, SeedSummary>();
    if (options.seed) {
      for (const municipality of options.municipalities) {
        const em = (name: SubgraphName) => instance(municipality, name).database.orm.em.fork();
        if (await needsSeed(em('facility'))) {
          seeded.set(municipality, await seedMunicipality(municipality, { facility: em('facility'), vacancy: em('vacancy'), reservation: em('reservation') }));
        }
      }
    }
    const [first] = options.municipalities;
    const gateway = await startGateway({
      supergraphSdl: await readFile(supergraphPath, 'utf8'),
      subgraphUrls: Object.fromEntries(subgraphNames.map((name) => [name, instance(first, name).url])),
      verifier: options.verifier,
      port: options.gatewayPort,
      host: options.host,
      introspection: options.development,
      landingPage: options.development,
      logger: options.logger,
      observe: options.observe,
    });
    return {
      gateway,
      instances,
      instance,
      seeded,
      stop: async () => {
        await gateway.close();
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
