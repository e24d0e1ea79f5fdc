import { HoursBand, newLocalId } from '@kita/shared';
import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

export { HoursBand };

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
