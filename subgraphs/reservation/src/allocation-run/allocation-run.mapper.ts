import { formatId } from '@kita/shared';
import type { AllocationRunEntity } from './allocation-run.entity.js';
import type { AllocationRun } from './allocation-run.types.js';

export function toAllocationRun(run: AllocationRunEntity, municipality: string): AllocationRun {
  return {
    id: formatId(municipality, run.id),
    municipality: run.municipality,
    status: run.status,
    createdBy: run.createdBy,
    createdAt: run.createdAt,
    priorities: run.config.priorities,
    childCount: run.childCount,
    matchedCount: run.matchedCount,
    byRank: run.byRank.map((children, index) => ({ rank: index + 1, children })),
    blockingPairs: run.blockingPairs,
    offerDeadline: run.offerDeadline,
    confirmedAt: run.confirmedAt,
    confirmedBy: run.confirmedBy,
    discardedAt: run.discardedAt,
    discardedBy: run.discardedBy,
    row: run,
  };
}
