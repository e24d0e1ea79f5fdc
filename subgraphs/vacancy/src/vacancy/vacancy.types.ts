import { AgeRange, LocalDate } from '@kita/shared';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { HoursBand } from './vacancy.entity.js';

/** The vacancy subgraph's view of a facility: only its key; it adds free places. */
@Directive('@key(fields: "id")')
@ObjectType()
export class Facility {
  @Field(() => ID)
  id!: string;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'Free places of one facility for an age band, an hours band and a date range.' })
export class Vacancy {
  @Field(() => ID)
  id!: string;

  @Field(() => Facility)
  facility!: Facility;

  @Field(() => Int)
  places!: number;

  @Field(() => AgeRange)
  ageRange!: AgeRange;

  @Field(() => HoursBand)
  hoursBand!: HoursBand;

  @Field(() => LocalDate)
  availableFrom!: string;

  @Field(() => LocalDate, { nullable: true, description: 'Last day the places are offered; null when open-ended.' })
  availableUntil!: string | null;
}
