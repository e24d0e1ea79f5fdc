import { AgeRange } from '@kita/shared';
import { Field, Int, ObjectType } from 'type-graphql';
import { HoursBand } from './facility-group.entity.js';

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
