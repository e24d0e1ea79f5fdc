import { groupedLoader } from '@kita/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import type DataLoader from 'dataloader';
import { FacilityGroupEntity } from './facility-group.entity.js';

/** Per-request batch: the groups of many facilities in one statement, youngest first. */
export function createFacilityGroupsLoader(em: EntityManager): DataLoader<string, FacilityGroupEntity[]> {
  return groupedLoader(
    (facilityIds) =>
      em.find(FacilityGroupEntity, { facilityId: { $in: facilityIds } }, { orderBy: { ageFromMonths: 'asc', ageToMonths: 'asc', name: 'asc', id: 'asc' } }),
    (row) => row.facilityId,
  );
}
