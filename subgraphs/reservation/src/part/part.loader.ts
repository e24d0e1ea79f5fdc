import { byIdLoader } from '@kita/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import type DataLoader from 'dataloader';
import { ReservationPartEntity } from './part.entity.js';

/** Per-request batch of parts by local ID. */
export function createPartLoader(em: EntityManager): DataLoader<string, ReservationPartEntity | null> {
  return byIdLoader(em, ReservationPartEntity);
}
