import { FacilityKind, LocalDate } from '@kita/shared';
import { Field, GraphQLISODateTime, Int, ObjectType } from 'type-graphql';
import { ReservationStatus } from '../reservation/reservation.entity.js';

@ObjectType({
  description:
    "One open or accepted choice of a child in a municipality, for the offices' duplicate review: the keyed pseudonym, the municipality, the kind of care, rank, status and dates. Never names, addresses, birth dates, guardians or the facility.",
})
export class DuplicateChoice {
  @Field(() => String, { description: 'The keyed pseudonym of the child (ReservationPart.childPseudonym), the same in every municipality.' })
  pseudonym!: string;

  @Field(() => String, { description: 'The municipality (AGS) the choice was made in.' })
  municipality!: string;

  @Field(() => FacilityKind, { description: 'The kind of care of the chosen facility.' })
  kind!: FacilityKind;

  @Field(() => Int, { description: "Preference within the family's whole application: 1 is the first choice." })
  rank!: number;

  @Field(() => ReservationStatus, { description: 'SUBMITTED, IN_REVIEW, OFFERED or ACCEPTED.' })
  status!: ReservationStatus;

  @Field(() => LocalDate, { nullable: true })
  wishedStart!: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the family (or the office for it) released the choice.' })
  submittedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the status last changed.' })
  statusSince!: Date | null;
}
