import type { EntityManager } from '@mikro-orm/postgresql';
import type DataLoader from 'dataloader';
import type { ReservationEntity } from './reservation/reservation.entity.js';
import { createReservationLoader, createReservationsByFacilityLoader } from './reservation/reservation.loader.js';

export interface ReservationLoaders {
  reservationsByFacility: DataLoader<string, ReservationEntity[]>;
  reservation: DataLoader<string, ReservationEntity | null>;
}

export const createLoaders = (em: EntityManager): ReservationLoaders => ({
  reservationsByFacility: createReservationsByFacilityLoader(em),
  reservation: createReservationLoader(em),
});
