import { AgeGroup } from '@kita/shared';
import { Field, Int, ObjectType } from 'type-graphql';
import { HoursBand } from '../vacancy/vacancy.entity.js';

@ObjectType({ description: 'Current free places of one age group and hours band: aggregates only, no personal data.' })
export class FreePlaceBucket {
  @Field(() => AgeGroup, { description: 'By the youngest age a vacancy takes (ageRange.fromMonths).' })
  ageGroup!: AgeGroup;

  @Field(() => HoursBand)
  hoursBand!: HoursBand;

  @Field(() => Int, { description: 'Number of vacancies.' })
  vacancies!: number;

  @Field(() => Int, { description: 'Places summed over those vacancies.' })
  places!: number;
}
