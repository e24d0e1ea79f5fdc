import { groupedLoader } from '@kita/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import type DataLoader from 'dataloader';
import { FacilityMediaEntity, MediaKind } from './media.entity.js';

const kindOrder = [MediaKind.PHOTO, MediaKind.ATTACHMENT];

/**
 * Per-request batch: the media of many facilities in one statement, without their bytes
 * (the content column is lazy). Photos first, then attachments, each in the order added.
 */
export function createFacilityMediaLoader(em: EntityManager): DataLoader<string, FacilityMediaEntity[]> {
  return groupedLoader(
    async (facilityIds) => {
      const rows = await em.find(FacilityMediaEntity, { facilityId: { $in: facilityIds } }, { orderBy: { position: 'asc', id: 'asc' } });
      return rows.sort((a, b) => kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind));
    },
    (row) => row.facilityId,
  );
}
