import { buildFederatedSchema, type SubgraphContext, type SubgraphModule } from '@kita/shared';
import { createLoaders, type ReservationLoaders } from './loaders.js';
import { Migration20261122000000Initial } from './migrations/Migration20261122000000Initial.js';
import { ReservationEntity } from './reservation/reservation.entity.js';
import { FacilityReservationsResolver, findReservation, ReservationResolver } from './reservation/reservation.resolver.js';

/** Vormerkungen (reservations): the most protected data in the system. */
export const reservationModule: SubgraphModule<ReservationLoaders> = {
  name: 'reservation',
  entities: [ReservationEntity],
  migrations: [Migration20261122000000Initial],
  createLoaders,
  buildSchema: () =>
    buildFederatedSchema({
      resolvers: [ReservationResolver, FacilityReservationsResolver],
      referenceResolvers: {
        Facility: { __resolveReference: (reference: { id: string }) => ({ id: reference.id }) },
        Reservation: {
          __resolveReference: (reference: { id: string }, context: SubgraphContext<ReservationLoaders>) =>
            findReservation(reference.id, context),
        },
      },
    }),
};
