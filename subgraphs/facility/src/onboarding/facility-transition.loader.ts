import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { FacilityTransitionEntity } from './facility-transition.entity.js';

/** Per-request batch: the review history of many facilities in one statement, oldest first. */
export function createFacilityTransitionsLoader(em: EntityManager): DataLoader<string, FacilityTransitionEntity[]> {
  return new DataLoader(async (facilityIds) => {
    const rows = await em.find(FacilityTransitionEntity, { facilityId: { $in: [...facilityIds] } }, { orderBy: { at: 'asc', id: 'asc' } });
    const byFacility = new Map<string, FacilityTransitionEntity[]>();
    for (const row of rows) byFacility.set(row.facilityId, [...(byFacility.get(row.facilityId) ?? []), row]);
    return facilityIds.map((id) => byFacility.get(id) ?? []);
  });
}
