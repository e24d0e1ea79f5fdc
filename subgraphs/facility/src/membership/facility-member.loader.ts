import { groupedLoader } from '@kita/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import type DataLoader from 'dataloader';
import { FacilityMemberEntity } from './facility-member.entity.js';

/** Per-request batch: the members of many facilities in one statement, owners first, then in the order they were added. */
export function createFacilityMembersLoader(em: EntityManager): DataLoader<string, FacilityMemberEntity[]> {
  return groupedLoader(
    (facilityIds) => membersOf(em, facilityIds),
    (row) => row.facilityId,
  );
}

/** The members of these facilities (local IDs), owners first, then in the order they were added. */
export function membersOf(em: EntityManager, facilityIds: string[], options: { disableIdentityMap?: boolean } = {}): Promise<FacilityMemberEntity[]> {
  // OWNER sorts after MEMBER: descending puts owners first.
  return em.find(
    FacilityMemberEntity,
    { facilityId: { $in: facilityIds } },
    { orderBy: { facilityId: 'asc', role: 'desc', addedAt: 'asc', subject: 'asc' }, ...options },
  );
}
