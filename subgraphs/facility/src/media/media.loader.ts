import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { FacilityMediaEntity, MediaKind } from './media.entity.js';

const kindOrder = [MediaKind.PHOTO, MediaKind.ATTACHMENT];

/**
 * Per-request batch: the media of many facilities in one statement, without their bytes
 * (the content column is lazy). Photos first, then attachments, each in the order added.
 */
export function createFacilityMediaLoader(em: EntityManager): DataLoader<string, FacilityMediaEntity[]> {
  return new DataLoader(async (facilityIds) => {
    const rows = await em.find(FacilityMediaEntity, { facilityId: { $in: [...facilityIds] } }, { orderBy: { position: 'asc', id: 'asc' } });
    rows.sort((a, b) => kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind));
    const byFacility = new Map<string, FacilityMediaEntity[]>();
    for (const row of rows) byFacility.set(row.facilityId, [...(byFacility.get(row.facilityId) ?? []), row]);
    return facilityIds.map((id) => byFacility.get(id) ?? []);
  });
}
