import { formatId, LocalDate, type SubgraphContext } from '@kita/shared';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { ReservationLoaders } from '../loaders.js';
import { toReservation } from '../reservation/reservation.mapper.js';
import { toAllocationRun } from './allocation-run.mapper.js';
import { AllocationRunService, type LoadedRun } from './allocation-run.service.js';
import { AllocationProposal, AllocationRun, AllocationRunConnection, AllocationRunsArgs } from './allocation-run.types.js';

type Context = SubgraphContext<ReservationLoaders>;

const service = (context: Context) => new AllocationRunService(context.em, context.municipality, context.loaders.settings);

/** A run a mutation just loaded whole: its proposals and their choices go into the request's loaders, so that `proposals` reads nothing again. */
function loadedRun({ run, proposals, reservations }: LoadedRun, context: Context): AllocationRun {
  context.loaders.proposalsByRun.prime(run.id, proposals);
  for (const proposal of proposals) {
    const reservation = reservations.get(proposal.reservationId);
    if (reservation) context.loaders.reservation.clear(reservation.id).prime(reservation.id, reservation);
  }
  return toAllocationRun(run, context.municipality);
}

/** The office's allocation runs: the list, preview, confirm (offers go out with a deadline), discard. */
@Resolver(() => AllocationRun)
export class AllocationRunResolver {
  @Query(() => AllocationRunConnection, {
    nullable: true,
    description:
      "The office's allocation runs of one municipality, newest first, with their state, who made, confirmed or discarded them and when, and their counts. Office of the municipality only. Null when the municipality could not answer (MUNICIPALITY_UNAVAILABLE).",
  })
  async allocationRuns(@Args(() => AllocationRunsArgs) args: AllocationRunsArgs, @Ctx() context: Context): Promise<AllocationRunConnection> {
    const page = await service(context).list(context.viewer, args);
    return {
      edges: page.runs.map(({ run, cursor }) => ({ cursor, node: toAllocationRun(run, context.municipality) })),
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.runs.at(-1)?.cursor ?? null },
      totalCount: page.totalCount,
    };
  }

  /** Only reachable through the office's root fields above and below: no access check of its own. */
  @FieldResolver(() => [AllocationProposal], { description: 'The proposed offers, one per matched child; once confirmed, the offers made.' })
  async proposals(@Root() run: AllocationRun, @Ctx() context: Context): Promise<AllocationProposal[]> {
    const proposals = await context.loaders.proposalsByRun.load(run.row.id);
    const reservations = await context.loaders.reservation.loadMany(proposals.map((proposal) => proposal.reservationId));
    return proposals.flatMap((proposal, index) => {
      const reservation = reservations[index];
      if (!reservation || reservation instanceof Error) return [];
      return [
        {
          reservation: toReservation(reservation, context.municipality),
          facility: { id: formatId(context.municipality, proposal.facilityId) },
          rank: proposal.rank,
        },
      ];
    });
  }

  @Mutation(() => AllocationRun, {
    description:
      'The office previews an allocation run over all open choices (SUBMITTED, IN_REVIEW) of the municipality: stored as PREVIEW, nothing goes out. Priorities come from the configuration (ALLOCATION_PRIORITIES).',
  })
  async previewAllocation(@Arg('municipality', () => String) municipality: string, @Ctx() context: Context): Promise<AllocationRun> {
    return loadedRun(await service(context).preview(context.viewer, municipality), context);
  }

  @Mutation(() => AllocationRun, {
    description:
      "The office confirms the municipality's newest preview: every proposal becomes an offer (OFFERED) with the deadline, in one transaction. STALE_ALLOCATION when an involved choice changed or a new one was submitted since the preview.",
  })
  async confirmAllocation(
    @Arg('runId', () => ID) runId: string,
    @Arg('deadline', () => LocalDate, { description: 'The last day to accept; within the offer window of the municipality (14 to 28 days ahead by default).' })
    deadline: string,
    @Ctx() context: Context,
  ): Promise<AllocationRun> {
    return loadedRun(await service(context).confirm(context.viewer, runId, deadline), context);
  }

  @Mutation(() => AllocationRun, { description: 'The office discards a preview; nothing goes out.' })
  async discardAllocation(@Arg('runId', () => ID) runId: string, @Ctx() context: Context): Promise<AllocationRun> {
    return loadedRun(await service(context).discard(context.viewer, runId), context);
  }
}
