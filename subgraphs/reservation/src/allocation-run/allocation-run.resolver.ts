import { formatId, LocalDate, type SubgraphContext } from '@kita/shared';
import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { ReservationLoaders } from '../loaders.js';
import { toReservation } from '../reservation/reservation.mapper.js';
import { AllocationRunService, type LoadedRun } from './allocation-run.service.js';
import { AllocationRun } from './allocation-run.types.js';

type Context = SubgraphContext<ReservationLoaders>;

const service = (context: Context) => new AllocationRunService(context.em, context.municipality, context.loaders.settings);

export function toAllocationRun({ run, proposals, reservations }: LoadedRun, context: Context): AllocationRun {
  const municipality = context.municipality;
  return {
    id: formatId(municipality, run.id),
    municipality: run.municipality,
    status: run.status,
    createdBy: run.createdBy,
    createdAt: run.createdAt,
    priorities: run.config.priorities,
    proposals: proposals.map((proposal) => ({
      reservation: toReservation(reservations.get(proposal.reservationId)!, municipality),
      facility: { id: formatId(municipality, proposal.facilityId) },
      rank: proposal.rank,
    })),
    childCount: run.childCount,
    matchedCount: run.matchedCount,
    byRank: run.byRank.map((children, index) => ({ rank: index + 1, children })),
    blockingPairs: run.blockingPairs,
    offerDeadline: run.offerDeadline,
    confirmedAt: run.confirmedAt,
  };
}

/** The office's allocation runs: preview, confirm (offers go out with a deadline), discard. */
@Resolver(() => AllocationRun)
export class AllocationRunResolver {
  @Mutation(() => AllocationRun, {
    description:
      'The office previews an allocation run over all open choices (SUBMITTED, IN_REVIEW) of the municipality: stored as PREVIEW, nothing goes out. Priorities come from the configuration (ALLOCATION_PRIORITIES).',
  })
  async previewAllocation(@Arg('municipality', () => String) municipality: string, @Ctx() context: Context): Promise<AllocationRun> {
    return toAllocationRun(await service(context).preview(context.viewer, municipality), context);
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
    return toAllocationRun(await service(context).confirm(context.viewer, runId, deadline), context);
  }

  @Mutation(() => AllocationRun, { description: 'The office discards a preview; nothing goes out.' })
  async discardAllocation(@Arg('runId', () => ID) runId: string, @Ctx() context: Context): Promise<AllocationRun> {
    return toAllocationRun(await service(context).discard(context.viewer, runId), context);
  }
}
