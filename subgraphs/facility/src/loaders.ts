import type { EntityManager } from '@mikro-orm/postgresql';
import type DataLoader from 'dataloader';
import type { FacilityEntity } from './facility/facility.entity.js';
import { createFacilityLoader } from './facility/facility.loader.js';

export interface FacilityLoaders {
  facility: DataLoader<string, FacilityEntity | null>;
}

export const createLoaders = (em: EntityManager): FacilityLoaders => ({ facility: createFacilityLoader(em) });
