import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { newLocalId } from '@kita/shared';

/**
 * Weekly care hours. The same names, values and description as the vacancy subgraph's
 * `HoursBand`: both define the one supergraph enum, so they must stay identical.
 */
export enum HoursBand {
  /** Up to 25 hours a week. */
  HALF_DAY = 'HALF_DAY',
  /** Up to 35 hours a week. */
  THREE_QUARTER = 'THREE_QUARTER',
  /** Up to 45 hours a week. */
  FULL_DAY = 'FULL_DAY',
}

/** One group of a facility (Krippe, Kindergarten, Hort group, or the children of a Tagespflege) by age and hours band. */
@Entity({ tableName: 'facility_group' })
export class FacilityGroupEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string = newLocalId();

  @Index()
  @Property({ type: 'uuid' })
  facilityId!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'integer' })
  ageFromMonths!: number;

  @Property({ type: 'integer' })
  ageToMonths!: number;

  @Enum({ items: () => HoursBand })
  hoursBand!: HoursBand;

  /** Children at once. */
  @Property({ type: 'integer' })
  capacity!: number;
}
