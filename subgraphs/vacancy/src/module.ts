import {
  buildFederatedSchema,
  EventCursorEntity,
  eventsRoute,
  FacilityMemberEntity,
  OutboxEventEntity,
  type SubgraphContext,
  type SubgraphModule,
} from '@kita/shared';
import { createLoaders, type VacancyLoaders } from './loaders.js';
import { startFacilityMemberProjection } from './membership/facility-member.apply.js';
import { Migration20261122000000Initial } from './migrations/Migration20261122000000Initial.js';
import { Migration20261122020000Outbox } from './migrations/Migration20261122020000Outbox.js';
import { Migration20261122060000Placement } from './migrations/Migration20261122060000Placement.js';
import { Migration20261122110000FacilityMember } from './migrations/Migration20261122110000FacilityMember.js';
import { startPlacementConsumer } from './placement/placement.consumer.js';
import { PlacementEntity } from './placement/placement.entity.js';
import { StatisticsResolver } from './statistics/statistics.resolver.js';
import { VacancyEntity } from './vacancy/vacancy.entity.js';
import { FacilityVacanciesResolver, findVacancy, VacancyResolver } from './vacancy/vacancy.resolver.js';

/** Free places ("tagesaktuell"): vacancies per facility, Facility.vacancies / Facility.freePlaces, and supply statistics. */
export const vacancyModule: SubgraphModule<VacancyLoaders> = {
  name: 'vacancy',
  entities: [VacancyEntity, OutboxEventEntity, EventCursorEntity, PlacementEntity, FacilityMemberEntity],
  migrations: [Migration20261122000000Initial, Migration20261122020000Outbox, Migration20261122060000Placement, Migration20261122110000FacilityMember],
  createLoaders,
  // The vacancy facts other subgraphs project (see vacancy.events.ts), for service tokens only.
  routes: ({ database, verifier }) => ({ '/events': eventsRoute(database, verifier) }),
  // Places given away by accepted reservations of this municipality (`ChildPlaced`) reduce its vacancies,
  // and the facility subgraph's members say which providers manage a facility's free places.
  start: (instance) => {
    const jobs = [startFacilityMemberProjection(instance), startPlacementConsumer(instance)];
    return {
      stop: async () => {
        await Promise.all(jobs.map((job) => job?.stop()));
      },
      catchUp: async () => {
        for (const job of jobs) await job?.catchUp?.();
      },
    };
  },
  buildSchema: () =>
    buildFederatedSchema({
      perMunicipality: 'vacancy',
      resolvers: [VacancyResolver, FacilityVacanciesResolver, StatisticsResolver],
      referenceResolvers: {
        Facility: { __resolveReference: (reference: { id: string }) => ({ id: reference.id }) },
        Vacancy: {
          __resolveReference: (reference: { id: string }, context: SubgraphContext<VacancyLoaders>) => findVacancy(reference.id, context),
        },
      },
    }),
};
