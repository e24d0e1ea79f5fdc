import { byIdLoader } from '@kita/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import type DataLoader from 'dataloader';
import { FacilityEntity } from './facility.entity.js';

/** Per-request batch of facility rows by local ID: one statement for any number of references. */
export function createFacilityLoader(em: EntityManager): DataLoader<string, FacilityEntity | null> {
  return byIdLoader(em, FacilityEntity);
}
