import type { EntityManager } from '@mikro-orm/postgresql';
import { byIdLoader, groupedLoader, today } from '@kita/shared';
import type DataLoader from 'dataloader';
import { currentOn, VacancyEntity } from './vacancy.entity.js';

/** Per-request batch: the current (not yet expired) vacancies of many facilities in one statement. */
export function createCurrentVacanciesLoader(em: EntityManager): DataLoader<string, VacancyEntity[]> {
  return groupedLoader(
    (facilityIds) => em.find(VacancyEntity, { $and: [{ facilityId: { $in: facilityIds } }, currentOn(today())] }, { orderBy: { availableFrom: 'asc', id: 'asc' } }),
    (row) => row.facilityId,
  );
}

export function createVacancyLoader(em: EntityManager): DataLoader<string, VacancyEntity | null> {
  return byIdLoader(em, VacancyEntity);
}
