import { byIdLoader, groupedLoader, placeholders, plainRows, today } from '@kita/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import type DataLoader from 'dataloader';
import { VacancyEntity } from './vacancy.entity.js';

/**
 * Per-request batch: the current (not yet expired) vacancies of many facilities in one statement,
 * earliest first, as read-only rows. Every page of search results asks for it, so it is plain SQL
 * (the condition of `currentOn`) and plain rows: the ORM's query building and managed entities
 * were most of this subgraph's CPU per search, for rows that are only shown.
 */
export function createCurrentVacanciesLoader(em: EntityManager): DataLoader<string, Array<Readonly<VacancyEntity>>> {
  return groupedLoader(
    async (facilityIds) =>
      plainRows(
        em,
        VacancyEntity,
        await em.execute<Array<Record<string, unknown>>>(
          `select * from vacancy v
           where v.facility_id in (${placeholders(facilityIds)}) and (v.available_until is null or v.available_until >= ?)
           order by v.available_from, v.id`,
          [...facilityIds, today()],
        ),
      ),
    (row) => row.facilityId,
  );
}

export function createVacancyLoader(em: EntityManager): DataLoader<string, VacancyEntity | null> {
  return byIdLoader(em, VacancyEntity);
}
