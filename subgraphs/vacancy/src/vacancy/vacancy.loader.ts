import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { today } from '@kita/shared';
import { currentOn, VacancyEntity } from './vacancy.entity.js';

/** Per-request batch: the current (not yet expired) vacancies of many facilities in one statement. */
export function createCurrentVacanciesLoader(em: EntityManager): DataLoader<string, VacancyEntity[]> {
  return new DataLoader(async (facilityIds) => {
    const rows = await em.find(
      VacancyEntity,
      { $and: [{ facilityId: { $in: [...facilityIds] } }, currentOn(today())] },
      { orderBy: { availableFrom: 'asc', id: 'asc' } },
    );
    const byFacility = new Map<string, VacancyEntity[]>();
    for (const row of rows) byFacility.set(row.facilityId, [...(byFacility.get(row.facilityId) ?? []), row]);
    return facilityIds.map((id) => byFacility.get(id) ?? []);
  });
}

export function createVacancyLoader(em: EntityManager): DataLoader<string, VacancyEntity | null> {
  return new DataLoader(async (ids) => {
    const rows = await em.find(VacancyEntity, { id: { $in: [...ids] } });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}
