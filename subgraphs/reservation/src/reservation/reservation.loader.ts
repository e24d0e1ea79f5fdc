import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { ReservationTransitionEntity } from './reservation-transition.entity.js';
import { ReservationEntity, ReservationStatus } from './reservation.entity.js';

function groupBy<T>(keys: readonly string[], rows: T[], keyOf: (row: T) => string): T[][] {
  const grouped = new Map<string, T[]>();
  for (const row of rows) grouped.set(keyOf(row), [...(grouped.get(keyOf(row)) ?? []), row]);
  return keys.map((key) => grouped.get(key) ?? []);
}

/** Per-request batch: the released reservations (no drafts) of many facilities in one statement. */
export function createReservationsByFacilityLoader(em: EntityManager): DataLoader<string, ReservationEntity[]> {
  return new DataLoader(async (facilityIds) => {
    const rows = await em.find(
      ReservationEntity,
      { facilityId: { $in: [...facilityIds] }, status: { $ne: ReservationStatus.DRAFT } },
      { orderBy: { createdAt: 'asc', id: 'asc' } },
    );
    return groupBy(facilityIds, rows, (row) => row.facilityId);
  });
}

export function createReservationLoader(em: EntityManager): DataLoader<string, ReservationEntity | null> {
  return new DataLoader(async (ids) => {
    const rows = await em.find(ReservationEntity, { id: { $in: [...ids] } });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/** Per-request batch: the choices of many parts, by rank. */
export function createChoicesByPartLoader(em: EntityManager): DataLoader<string, ReservationEntity[]> {
  return new DataLoader(async (partIds) => {
    const rows = await em.find(ReservationEntity, { partId: { $in: [...partIds] } }, { orderBy: { rank: 'asc', createdAt: 'asc', id: 'asc' } });
    return groupBy(partIds, rows, (row) => row.partId!);
  });
}

/** Per-request batch: the history of many choices, oldest first. */
export function createTransitionsLoader(em: EntityManager): DataLoader<string, ReservationTransitionEntity[]> {
  return new DataLoader(async (reservationIds) => {
    const rows = await em.find(ReservationTransitionEntity, { reservationId: { $in: [...reservationIds] } }, { orderBy: { at: 'asc', id: 'asc' } });
    return groupBy(reservationIds, rows, (row) => row.reservationId);
  });
}
