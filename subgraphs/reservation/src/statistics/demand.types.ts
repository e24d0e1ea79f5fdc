import { AgeGroup } from '@kita/shared';
import { Field, Int, ObjectType } from 'type-graphql';

export { AgeGroup };

/** A child counted in a bucket, before the gateway's salt turns the pseudonym into a token. */
export interface DemandClaim {
  /** The child's pseudonym: never leaves the subgraph (the resolver answers salted tokens). */
  child: string;
  weight: number;
  tally: Array<'children' | 'waiting' | 'placed'>;
}

@ObjectType({ description: 'Demand of one municipality, district and age group: counts only, no personal data.' })
export class DemandBucket {
  @Field(() => String, { description: 'The municipality (AGS) whose facilities are asked for.' })
  municipality!: string;

  @Field(() => String, {
    nullable: true,
    description: "The facilities' district (Stadtteil or Gemeinde); null while a facility is not yet known to the reservation subgraph.",
  })
  district!: string | null;

  @Field(() => AgeGroup, { description: "By the child's age at the wished start." })
  ageGroup!: AgeGroup;

  @Field(() => Int, {
    description:
      'Children asking for care here (waiting + placed), each counted once across all municipalities: where its accepted place is, else where its best-ranked open choice is. Recognised by pseudonym, so three choices in two municipalities are one child.',
  })
  children!: number;

  @Field(() => Int, { description: 'Of `children`: those with open choices (SUBMITTED, IN_REVIEW, OFFERED) and no accepted place.' })
  waiting!: number;

  @Field(() => Int, { description: 'Of `children`: those who accepted a place here that starts in the current Kita year (from 1 August) or later.' })
  placed!: number;

  @Field(() => Int, { description: 'Open choices for facilities of this district (a child may have several).' })
  openChoices!: number;

  /** Resolved by `DemandStatisticsResolver.childClaims`. */
  claims!: DemandClaim[];
}
