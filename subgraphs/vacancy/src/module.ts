import { buildFederatedSchema, type SubgraphContext, type SubgraphModule } from '@kita/shared';
import { createLoaders, type VacancyLoaders } from './loaders.js';
import { Migration20261122000000Initial } from './migrations/Migration20261122000000Initial.js';
import { StatisticsResolver } from './statistics/statistics.resolver.js';
import { VacancyEntity } from './vacancy/vacancy.entity.js';
import { FacilityVacanciesResolver, findVacancy, VacancyResolver } from './vacancy/vacancy.resolver.js';

/** Free places ("tagesaktuell"): vacancies per facility, Facility.vacancies / Facility.freePlaces, and supply statistics. */
export const vacancyModule: SubgraphModule<VacancyLoaders> = {
  name: 'vacancy',
  entities: [VacancyEntity],
  migrations: [Migration20261122000000Initial],
  createLoaders,
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
