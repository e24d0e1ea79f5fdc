import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';

import { AgeGroup } from '@kita/shared';
export { AgeGroup };


@ObjectType({ description: 'Open demand of one municipality, district and age group: counts only, no personal data.' })
export class DemandBucket {
  @Field(() => String, { description: 'The municipality (AGS) whose facilities are asked for.' })
  municipality!: string;

  @Field(() => String, { nullable: true, description: "The facilities' district (Stadtteil or Gemeinde); null while a facility is not yet known to the reservation subgraph." })
  district!: string | null;

  @Field(() => AgeGroup, { description: "By the child's age at the wished start." })
  ageGroup!: AgeGroup;

  @Field(() => Int, {
    description:
      "Children with open choices (SUBMITTED, IN_REVIEW, OFFERED), each counted once per municipality, in the district and age group of its best-ranked open choice there: recognised by pseudonym, so three choices are one child.",
  })
  children!: number;

  @Field(() => Int, { description: 'Open choices for facilities of this district.' })
  openChoices!: number;
}
