import { buildFederatedSchema, eventsRoute, OutboxEventEntity, type SubgraphContext, type SubgraphModule } from '@kita/shared';
import { createLoaders, type VacancyLoaders } from './loaders.js';
import { Migration20261122000000Initial } from './migrations/Migration20261122000000Initial.js';
import { Migration20261122020000Outbox } from './migrations/Migration20261122020000Outbox.js';
import { StatisticsResolver } from './statistics/statistics.resolver.js';
import { VacancyEntity } from './vacancy/vacancy.entity.js';
import { FacilityVacanciesResolver, findVacancy, VacancyResolver } from './vacancy/vacancy.resolver.js';

/** Free places ("tagesaktuell"): vacancies per facility, Facility.vacancies / Facility.freePlaces, and supply statistics. */
export const vacancyModule: SubgraphModule<VacancyLoaders> = {
  name: 'vacancy',
  entities: [VacancyEntity, OutboxEventEntity],
  migrations: [Migration20261122000000Initial, Migration20261122020000Outbox],
  createLoaders,
  // The vacancy facts other subgraphs project (see vacancy.events.ts), for service tokens only.
  routes: ({ database, verifier }) => ({ '/events': eventsRoute(database, verifier) }),
  buildSchema: () =>
    buildFederatedSchema({
      resolvers: [VacancyResolver, FacilityVacanciesResolver, StatisticsResolver],
      referenceResolvers: {
        Facility: { __resolveReference: (reference: { id: string }) => ({ id: reference.id }) },
        Vacancy: {
          __resolveReference: (reference: { id: string }, context: SubgraphContext<VacancyLoaders>) => findVacancy(reference.id, context),
        },
      },
    }),
};
