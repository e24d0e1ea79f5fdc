import { HoursBand, newLocalId } from '@kita/shared';
import type { FilterQuery } from '@mikro-orm/core';
import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

export { HoursBand };

/** Free places a provider publishes for one age and hours band and a date range ("tagesaktuell"). */
@Entity({ tableName: 'vacancy' })
export class VacancyEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string = newLocalId();

  /** Local ID of the facility in this municipality's facility subgraph (no cross-database key). */
  @Index()
  @Property({ type: 'uuid' })
  facilityId!: string;

  @Property({ type: 'integer' })
  places!: number;

  @Property({ type: 'integer' })
  ageFromMonths!: number;

  @Property({ type: 'integer' })
  ageToMonths!: number;

  @Enum({ items: () => HoursBand })
  hoursBand!: HoursBand;

  @Property({ type: 'date' })
  availableFrom!: string;

  @Property({ type: 'date', nullable: true })
  availableUntil: string | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}

/** Vacancies that have not expired on `day` (open-ended, or offered until that day or later). */
export const currentOn = (day: string): FilterQuery<VacancyEntity> => ({ $or: [{ availableUntil: null }, { availableUntil: { $gte: day } }] });
