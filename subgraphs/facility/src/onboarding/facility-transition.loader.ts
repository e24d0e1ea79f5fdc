import { groupedLoader } from '@kita/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import type DataLoader from 'dataloader';
import { FacilityTransitionEntity } from './facility-transition.entity.js';

/** Per-request batch: the review history of many facilities in one statement, oldest first. */
export function createFacilityTransitionsLoader(em: EntityManager): DataLoader<string, FacilityTransitionEntity[]> {
  return groupedLoader(
    (facilityIds) => em.find(FacilityTransitionEntity, { facilityId: { $in: facilityIds } }, { orderBy: { at: 'asc', id: 'asc' } }),
    (row) => row.facilityId,
  );
}
