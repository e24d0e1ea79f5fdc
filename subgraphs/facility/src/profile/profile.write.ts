import type { EntityManager } from '@mikro-orm/postgresql';
import type { FacilityEntity } from '../facility/facility.entity.js';
import { FacilityGroupEntity } from './facility-group.entity.js';
import { type FacilityProfile, totalCapacity } from './profile.validation.js';

/** Copies a checked profile onto the row, with the facility-wide summary of its groups. */
export function applyProfile(row: FacilityEntity, profile: FacilityProfile): void {
  const { groups, ...columns } = profile;
  Object.assign(row, columns);
  row.ageFromMonths = Math.min(...groups.map((group) => group.ageFromMonths));
  row.ageToMonths = Math.max(...groups.map((group) => group.ageToMonths));
  row.capacity = totalCapacity(groups);
}

export function writeGroups(em: EntityManager, row: FacilityEntity, profile: FacilityProfile): void {
  for (const group of profile.groups) em.persist(Object.assign(new FacilityGroupEntity(), { facilityId: row.id, ...group }));
}

/** Makes a checked profile the stored one, groups replaced, in the caller's transaction. */
export async function replaceProfile(em: EntityManager, row: FacilityEntity, profile: FacilityProfile): Promise<void> {
  applyProfile(row, profile);
  await em.nativeDelete(FacilityGroupEntity, { facilityId: row.id });
  writeGroups(em, row, profile);
}
