import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { FacilityEntity } from './facility.entity.js';

/** Per-request batch of facility rows by local ID: one statement for any number of references. */
export function createFacilityLoader(em: EntityManager): DataLoader<string, FacilityEntity | null> {
  return new DataLoader(async (ids) => {
    const rows = await em.find(FacilityEntity, { id: { $in: [...ids] } });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}
