import { AgeGroup, FacilityKind, LocalDate, PageInfo } from '@kita/shared';
import { ArgsType, Field, ID, Int, ObjectType } from 'type-graphql';
import { ReservationStatus } from '../reservation/reservation.entity.js';
import { Reservation } from '../reservation/reservation.types.js';

@ObjectType()
export class ReservationEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => Reservation)
  node!: Reservation;
}

@ObjectType({ description: 'A page of the work queue, oldest submission first.' })
export class ReservationConnection {
  @Field(() => [ReservationEdge])
  edges!: ReservationEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}

export const defaultQueueStatuses = [ReservationStatus.SUBMITTED, ReservationStatus.IN_REVIEW, ReservationStatus.OFFERED];

@ArgsType()
export class ReservationQueueArgs {
  @Field(() => String, { description: 'The municipality (AGS) whose queue this is.' })
  municipality!: string;

  @Field(() => ID, {
    nullable: true,
    description: "One facility's queue; without it, the whole municipality (office) or all of the provider's facilities there.",
  })
  facilityId?: string | null;

  @Field(() => [ReservationStatus], { nullable: true, description: 'Default: the open ones (SUBMITTED, IN_REVIEW, OFFERED). DRAFT only for the office.' })
  status?: ReservationStatus[] | null;

  @Field(() => LocalDate, { nullable: true, description: 'Wished start on or after this day.' })
  wishedStartFrom?: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'Wished start on or before this day.' })
  wishedStartUntil?: string | null;

  @Field(() => [FacilityKind], { nullable: true, description: 'Only choices of facilities of these kinds of care.' })
  kindsOfCare?: FacilityKind[] | null;

  @Field(() => [AgeGroup], { nullable: true, description: 'Only children in these age groups at their wished start (as demandStatistics counts them).' })
  ageGroups?: AgeGroup[] | null;

  @Field(() => Int, { defaultValue: 20, description: '1 to 100.' })
  first!: number;

  @Field(() => String, { nullable: true })
  after?: string | null;
}
