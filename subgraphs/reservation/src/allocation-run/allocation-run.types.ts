import { LocalDate, PageInfo } from '@kita/shared';
import { ArgsType, Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Facility, Reservation } from '../reservation/reservation.types.js';
import { type AllocationRunEntity, AllocationRunStatus } from './allocation-run.entity.js';

registerEnumType(AllocationRunStatus, {
  name: 'AllocationRunStatus',
  description: 'PREVIEW until the office confirms it (offers go out) or discards it.',
});

@ObjectType({ description: 'A proposed offer of an allocation run: a choice at its facility.' })
export class AllocationProposal {
  @Field(() => Reservation, { description: 'The choice (Vormerkung) that gets the offer.' })
  reservation!: Reservation;

  @Field(() => Facility)
  facility!: Facility;

  @Field(() => Int, { description: "1-based position of the facility among the child's open choices in this municipality." })
  rank!: number;
}

@ObjectType({ description: 'Children placed at their n-th choice.' })
export class AllocationRankCount {
  @Field(() => Int)
  rank!: number;

  @Field(() => Int)
  children!: number;
}

@ObjectType({
  description:
    "An allocation run (Platzvergabe) of a municipality: offers proposed for all open choices at once by deferred acceptance from the families' ranked choices, the free places the providers published and the municipality's priority criteria. The office sees it only.",
})
export class AllocationRun {
  @Field(() => ID, { description: 'Global ID: <municipality>:<uuid>.' })
  id!: string;

  @Field(() => String)
  municipality!: string;

  @Field(() => AllocationRunStatus)
  status!: AllocationRunStatus;

  @Field(() => String, { description: 'The office account that made the preview.' })
  createdBy!: string;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => [String], { description: 'The priority criteria the run used, most weight first; ties go to the older child.' })
  priorities!: string[];

  // `proposals`: a field resolver (allocation-run.resolver.ts), batched over a page of runs.

  @Field(() => Int, { description: 'Children (one per part) with open choices of published facilities.' })
  childCount!: number;

  @Field(() => Int, { description: 'Children with a proposed offer: the offers the run proposes, or (CONFIRMED) made.' })
  matchedCount!: number;

  @Field(() => [AllocationRankCount])
  byRank!: AllocationRankCount[];

  @Field(() => Int, { description: 'Self-check: child–facility pairs that would rather have each other; 0 for a stable allocation.' })
  blockingPairs!: number;

  @Field(() => LocalDate, { nullable: true, description: "The offers' deadline, once confirmed." })
  offerDeadline!: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  confirmedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'The office account that confirmed it.' })
  confirmedBy!: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  discardedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'The office account that discarded it (null for runs discarded before this was recorded).' })
  discardedBy!: string | null;

  /** The stored run, for field resolvers; not a GraphQL field. */
  row!: AllocationRunEntity;
}

@ObjectType()
export class AllocationRunEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => AllocationRun)
  node!: AllocationRun;
}

@ObjectType({ description: "A page of a municipality's allocation runs, newest first." })
export class AllocationRunConnection {
  @Field(() => [AllocationRunEdge])
  edges!: AllocationRunEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}

export const maxAllocationRunPage = 100;

@ArgsType()
export class AllocationRunsArgs {
  @Field(() => String, { description: 'The municipality (AGS) whose runs these are.' })
  municipality!: string;

  @Field(() => [AllocationRunStatus], { nullable: true, description: 'Only runs in these states; all without it.' })
  status?: AllocationRunStatus[] | null;

  @Field(() => Int, { defaultValue: 20, description: `1 to ${maxAllocationRunPage}.` })
  first!: number;

  @Field(() => String, { nullable: true })
  after?: string | null;
}
