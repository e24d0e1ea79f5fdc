import { groupedLoader } from '@kita/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import type DataLoader from 'dataloader';
import { AllocationProposalEntity } from './allocation-run.entity.js';

/** Per-request batch: the proposals of many runs in one statement, in a stable order. */
export function createProposalsByRunLoader(em: EntityManager): DataLoader<string, AllocationProposalEntity[]> {
  return groupedLoader(
    (runIds) => em.find(AllocationProposalEntity, { runId: { $in: runIds } }, { orderBy: { reservationId: 'asc' } }),
    (row) => row.runId,
  );
}
