import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { FacilityRevisionEntity, RevisionStatus } from './revision.entity.js';

/** Per-request batch: the pending revision of many facilities (local IDs) in one statement, or null. */
export function createPendingRevisionLoader(em: EntityManager): DataLoader<string, FacilityRevisionEntity | null> {
  return new DataLoader(async (facilityIds) => {
    const rows = await em.find(FacilityRevisionEntity, { facilityId: { $in: [...facilityIds] }, status: RevisionStatus.PENDING });
    return facilityIds.map((id) => rows.find((row) => row.facilityId === id) ?? null);
  });
}

/** Per-request batch: the latest decided (approved or rejected) revision of many facilities, or null. */
export function createLastDecisionLoader(em: EntityManager): DataLoader<string, FacilityRevisionEntity | null> {
  return new DataLoader(async (facilityIds) => {
    const rows = await em.find(
      FacilityRevisionEntity,
      { facilityId: { $in: [...facilityIds] }, status: { $ne: RevisionStatus.PENDING } },
      { orderBy: { decidedAt: 'desc', id: 'desc' } },
    );
    return facilityIds.map((id) => rows.find((row) => row.facilityId === id) ?? null);
  });
}
