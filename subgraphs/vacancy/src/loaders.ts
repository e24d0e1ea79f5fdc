import type { EntityManager } from '@mikro-orm/postgresql';
import type DataLoader from 'dataloader';
import type { VacancyEntity } from './vacancy/vacancy.entity.js';
import { createCurrentVacanciesLoader, createVacancyLoader } from './vacancy/vacancy.loader.js';

export interface VacancyLoaders {
  /** Read-only rows (see createCurrentVacanciesLoader). */
  currentVacancies: DataLoader<string, Array<Readonly<VacancyEntity>>>;
  vacancy: DataLoader<string, VacancyEntity | null>;
}

export const createLoaders = (em: EntityManager): VacancyLoaders => ({
  currentVacancies: createCurrentVacanciesLoader(em),
  vacancy: createVacancyLoader(em),
});
