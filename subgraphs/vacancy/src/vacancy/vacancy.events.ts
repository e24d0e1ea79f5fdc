import { type NewEvent, recordEvents } from '@kita/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type HoursBand, VacancyEntity } from './vacancy.entity.js';

/**
 * The facts this subgraph publishes to others through its outbox (`GET /events`). IDs are
 * local UUIDs of this municipality; dates are `YYYY-MM-DD`. A consumer keeps a projection by
 * vacancy ID: `VacancyPublished` carries the whole vacancy (upsert), `VacancyRemoved` its key (delete).
 */
export const VacancyEventType = {
  Published: 'VacancyPublished',
  Removed: 'VacancyRemoved',
} as const;

export interface VacancyPublishedPayload {
  id: string;
  facilityId: string;
  places: number;
  ageFromMonths: number;
  ageToMonths: number;
  hoursBand: HoursBand;
  availableFrom: string;
  availableUntil: string | null;
}

export interface VacancyRemovedPayload {
  id: string;
  facilityId: string;
}

export function vacancyPublished(row: VacancyEntity): NewEvent {
  const payload: VacancyPublishedPayload = {
    id: row.id,
    facilityId: row.facilityId,
    places: row.places,
    ageFromMonths: row.ageFromMonths,
    ageToMonths: row.ageToMonths,
    hoursBand: row.hoursBand,
    availableFrom: row.availableFrom,
    availableUntil: row.availableUntil,
  };
  return { type: VacancyEventType.Published, aggregateId: row.id, payload: { ...payload } };
}

export function vacancyRemoved(row: VacancyEntity): NewEvent {
  const payload: VacancyRemovedPayload = { id: row.id, facilityId: row.facilityId };
  return { type: VacancyEventType.Removed, aggregateId: row.id, payload: { ...payload } };
}

/**
 * Stores vacancies and their `VacancyPublished` events in one transaction (the caller's, or a
 * new one): the way to write vacancies outside a mutation, e.g. demo seeding, so consumers
 * learn of them too. Two statements however many rows.
 */
export async function recordVacancies(em: EntityManager, rows: VacancyEntity[]): Promise<void> {
  if (rows.length === 0) return;
  await em.transactional(async (tx) => {
    await recordEvents(tx, rows.map(vacancyPublished));
    await tx.insertMany(VacancyEntity, rows);
  });
}
