import { byIdLoader, groupedLoader } from '@kita/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import type DataLoader from 'dataloader';
import { ReservationEntity, ReservationStatus } from './reservation.entity.js';
import { ReservationTransitionEntity } from './reservation-transition.entity.js';

/** Per-request batch: the released reservations (no drafts) of many facilities in one statement. */
export function createReservationsByFacilityLoader(em: EntityManager): DataLoader<string, ReservationEntity[]> {
  return groupedLoader(
    (facilityIds) =>
      em.find(ReservationEntity, { facilityId: { $in: facilityIds }, status: { $ne: ReservationStatus.DRAFT } }, { orderBy: { createdAt: 'asc', id: 'asc' } }),
    (row) => row.facilityId,
  );
}

export function createReservationLoader(em: EntityManager): DataLoader<string, ReservationEntity | null> {
  return byIdLoader(em, ReservationEntity);
}

/** Per-request batch: the choices of many parts, by rank. */
export function createChoicesByPartLoader(em: EntityManager): DataLoader<string, ReservationEntity[]> {
  return groupedLoader(
    (partIds) => em.find(ReservationEntity, { partId: { $in: partIds } }, { orderBy: { rank: 'asc', createdAt: 'asc', id: 'asc' } }),
    (row) => row.partId!,
  );
}

/** Per-request batch: the history of many choices, oldest first. */
export function createTransitionsLoader(em: EntityManager): DataLoader<string, ReservationTransitionEntity[]> {
  return groupedLoader(
    (reservationIds) => em.find(ReservationTransitionEntity, { reservationId: { $in: reservationIds } }, { orderBy: { at: 'asc', id: 'asc' } }),
    (row) => row.reservationId,
  );
}
