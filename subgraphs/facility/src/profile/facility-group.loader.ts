import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { FacilityGroupEntity } from './facility-group.entity.js';

/** Per-request batch: the groups of many facilities in one statement, youngest first. */
export function createFacilityGroupsLoader(em: EntityManager): DataLoader<string, FacilityGroupEntity[]> {
  return new DataLoader(async (facilityIds) => {
    const rows = await em.find(
      FacilityGroupEntity,
      { facilityId: { $in: [...facilityIds] } },
      { orderBy: { ageFromMonths: 'asc', ageToMonths: 'asc', name: 'asc', id: 'asc' } },
    );
    const byFacility = new Map<string, FacilityGroupEntity[]>();
    for (const row of rows) byFacility.set(row.facilityId, [...(byFacility.get(row.facilityId) ?? []), row]);
    return facilityIds.map((id) => byFacility.get(id) ?? []);
  });
}
