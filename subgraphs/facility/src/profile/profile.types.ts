import { AgeRange } from '@kita/shared';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { HoursBand } from './facility-group.entity.js';

// Exactly as the vacancy subgraph registers it: composition merges both into one enum.
registerEnumType(HoursBand, {
  name: 'HoursBand',
  description: 'Weekly care hours: HALF_DAY up to 25, THREE_QUARTER up to 35, FULL_DAY up to 45.',
});

@ObjectType({ description: 'A group of a facility (Krippe, Kindergarten or Hort group; the children of a Tagespflege) by age and hours band.' })
export class FacilityGroup {
  @Field(() => String)
  name!: string;

  @Field(() => AgeRange)
  ageRange!: AgeRange;

  @Field(() => HoursBand)
  hoursBand!: HoursBand;

  @Field(() => Int, { description: 'Children at once.' })
  capacity!: number;
}
