import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { ReservationPartEntity } from './part.entity.js';

/** Per-request batch of parts by local ID. */
export function createPartLoader(em: EntityManager): DataLoader<string, ReservationPartEntity | null> {
  return new DataLoader(async (ids) => {
    const rows = await em.find(ReservationPartEntity, { id: { $in: [...ids] } });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}
