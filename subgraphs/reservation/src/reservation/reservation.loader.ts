import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { ReservationEntity } from './reservation.entity.js';

/** Per-request batch: the reservations of many facilities in one statement. */
export function createReservationsByFacilityLoader(em: EntityManager): DataLoader<string, ReservationEntity[]> {
  return new DataLoader(async (facilityIds) => {
    const rows = await em.find(ReservationEntity, { facilityId: { $in: [...facilityIds] } }, { orderBy: { createdAt: 'asc', id: 'asc' } });
    const byFacility = new Map<string, ReservationEntity[]>();
    for (const row of rows) byFacility.set(row.facilityId, [...(byFacility.get(row.facilityId) ?? []), row]);
    return facilityIds.map((id) => byFacility.get(id) ?? []);
  });
}

export function createReservationLoader(em: EntityManager): DataLoader<string, ReservationEntity | null> {
  return new DataLoader(async (ids) => {
    const rows = await em.find(ReservationEntity, { id: { $in: [...ids] } });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}
