import { createHash } from 'node:crypto';
import {
  badInput,
  clientError,
  decodeCursor,
  ErrorCode,
  encodeCursor,
  FreePlaceEntity,
  localIdIn,
  type MunicipalityKey,
  placeholders,
  today,
  type Viewer,
} from '@kita/shared';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type AllocationResult, allocate, blockingPairs } from '../allocation/allocation.js';
import { FacilityFactEntity } from '../facts/facility-fact.entity.js';
import { ReservationPartEntity } from '../part/part.entity.js';
import { requireOwnMunicipality } from '../part/part.validation.js';
import { requireOffice } from '../reservation/reservation.access.js';
import { ReservationEntity, ReservationStatus } from '../reservation/reservation.entity.js';
import { actorOf, requireStep, steps, takeStep } from '../reservation/workflow.js';
import { requireOfferDeadline } from '../reservation/workflow.service.js';
import type { ReservationSettings } from '../settings.js';
import { type AllocationChoiceSnapshot, AllocationProposalEntity, AllocationRunEntity, AllocationRunStatus } from './allocation-run.entity.js';
import { type AllocationRunsArgs, maxAllocationRunPage } from './allocation-run.types.js';
import { collectChildren, collectGroups, heldPlaceOf, type PartRow, placeHoldingStatuses, runnableStatuses } from './collect.js';

/** Which free places (vacancy and the event it reflects) a run saw: equal exactly when none changed. */
export function freePlacesFingerprint(rows: ReadonlyArray<Pick<FreePlaceEntity, 'vacancyId' | 'eventSeq'>>): string {
  const hash = createHash('sha256');
  for (const row of [...rows].sort((a, b) => (a.vacancyId < b.vacancyId ? -1 : a.vacancyId > b.vacancyId ? 1 : 0)))
    hash.update(`${row.vacancyId}:${row.eventSeq};`);
  return hash.digest('base64url');
}

/** A page of the office's list of runs, newest first. */
export interface AllocationRunPage {
  runs: Array<{ run: AllocationRunEntity; cursor: string }>;
  hasNextPage: boolean;
  totalCount: number;
}

/** A run with its proposals and the choices they name, as the resolver maps them. */
export interface LoadedRun {
  run: AllocationRunEntity;
  proposals: AllocationProposalEntity[];
  reservations: Map<string, ReservationEntity>;
}

/** The reason of the steps a confirmed run takes, e.g. "offer from allocation run 2026-11-22". */
export const runReason = (run: AllocationRunEntity, what: 'offer' | 'review') => `${what} from allocation run ${today(run.createdAt)}`;

/**
 * Allocation runs of this municipality: a preview of offers for all open choices at once
 * (deferred acceptance, allocation/allocation.ts), which the office confirms (offers go out with
 * a deadline, in one transaction) or discards.
 */
export class AllocationRunService {
  constructor(
    private readonly em: EntityManager,
    private readonly municipality: MunicipalityKey,
    private readonly settings: ReservationSettings,
  ) {}

  private requireHere(municipality: string): void {
    if (municipality !== this.municipality) {
      throw clientError(ErrorCode.WrongMunicipality, `"municipality" is ${municipality}, but this request went to ${this.municipality}.`, {
        argument: 'municipality',
        municipality,
      });
    }
  }

  /** Computes and stores a preview; nothing else changes. */
  async preview(viewer: Viewer, municipality: string): Promise<LoadedRun> {
    requireOffice(viewer, this.municipality, 'run allocations');
    this.requireHere(municipality);
    const actor = actorOf(viewer);
    const day = today();
    return this.em.transactional(async (em) => {
      const facts = await em.find(FacilityFactEntity, {}, { orderBy: { facilityId: 'asc' } });
      const published = new Set(facts.filter((fact) => fact.status === 'PUBLISHED').map((fact) => fact.facilityId));
      const rows = await em.find(ReservationEntity, { status: { $in: [...runnableStatuses, ...placeHoldingStatuses] } }, { orderBy: { id: 'asc' } });
      const open = rows.filter((row) => runnableStatuses.includes(row.status));
      const partIds = [...new Set(rows.map((row) => row.partId).filter((id): id is string => !!id))];
      const parts = new Map<string, PartRow>(
        partIds.length ? (await em.find(ReservationPartEntity, { id: { $in: partIds } })).map((part) => [part.id, part]) : [],
      );
      const offered = rows.filter((row) => row.status === ReservationStatus.OFFERED);
      const children = collectChildren(open, parts, published, this.municipality, day, offered);
      const held = rows.filter((row) => placeHoldingStatuses.includes(row.status)).map(heldPlaceOf);
      const freePlaces = await em.find(FreePlaceEntity, {}, { orderBy: { vacancyId: 'asc' } });
      const groups = collectGroups(freePlaces, published, held, day);
      const config = { priorities: [...this.settings.allocationPriorities] };
      const result: AllocationResult = allocate(children, groups, config);
      const blocking = blockingPairs(children, groups, config, result);

      const run = Object.assign(new AllocationRunEntity(), {
        municipality: this.municipality,
        createdBy: actor.subject,
        config: { priorities: config.priorities, day, freePlaces: freePlacesFingerprint(freePlaces) },
        choices: open.map((row): AllocationChoiceSnapshot => ({ reservationId: row.id, status: row.status })),
        childCount: result.stats.children,
        matchedCount: result.stats.matched,
        byRank: result.stats.byRank,
        blockingPairs: blocking.length,
      });
      em.persist(run);
      const childById = new Map(children.map((child) => [child.id, child]));
      const proposals = result.proposals.map((proposal) => {
        const child = childById.get(proposal.childId)!;
        const reservationId = child.reservationIds[child.choices.indexOf(proposal.facilityId)];
        return Object.assign(new AllocationProposalEntity(), {
          runId: run.id,
          reservationId,
          facilityId: proposal.facilityId,
          groupId: proposal.groupId,
          rank: proposal.rank,
        });
      });
      em.persist(proposals);
      await em.flush();
      return { run, proposals, reservations: new Map(rows.map((row) => [row.id, row])) };
    });
  }

  /** The run, locked for the transaction; NOT_FOUND for unknown IDs. */
  private async lockRun(em: EntityManager, runId: string): Promise<AllocationRunEntity> {
    const run = await em.findOne(AllocationRunEntity, { id: localIdIn(this.municipality, runId, 'runId') }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!run) throw clientError(ErrorCode.NotFound, 'No such allocation run.', { argument: 'runId' });
    return run;
  }

  private requirePreview(run: AllocationRunEntity, to: AllocationRunStatus): void {
    if (run.status !== AllocationRunStatus.PREVIEW) {
      throw clientError(ErrorCode.InvalidTransition, `A ${run.status} allocation run cannot become ${to}; only a PREVIEW can.`, { from: run.status, to });
    }
  }

  /**
   * Makes the offers of the newest preview, all in one transaction. Refused with STALE_ALLOCATION
   * when a newer preview exists or when the open choices are no longer those of the preview: one
   * of them changed status (reviewed, offered, withdrawn) or a new one was submitted (a new
   * competitor for the same places), or the free places changed (a vacancy added, taken or
   * removed). Drafts and other municipalities do not matter.
   */
  async confirm(viewer: Viewer, runId: string, deadline: string): Promise<LoadedRun> {
    requireOffice(viewer, this.municipality, 'confirm allocation runs');
    const actor = actorOf(viewer);
    requireOfferDeadline(deadline, this.settings);
    return this.em.transactional(async (em) => {
      const run = await this.lockRun(em, runId);
      this.requirePreview(run, AllocationRunStatus.CONFIRMED);
      const newest = await em.findOne(AllocationRunEntity, { status: AllocationRunStatus.PREVIEW }, { orderBy: { createdAt: 'desc', id: 'desc' } });
      if (newest && newest.id !== run.id) {
        throw clientError(ErrorCode.StaleAllocation, 'A newer preview of this municipality exists; confirm that one.', { argument: 'runId' });
      }
      const snapshot = new Map(run.choices.map((choice) => [choice.reservationId, choice.status]));
      const rows = await em.find(
        ReservationEntity,
        { $or: [{ id: { $in: [...snapshot.keys()] } }, { status: { $in: [...runnableStatuses] } }] },
        { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' } },
      );
      const changed = rows.filter((row) => (snapshot.has(row.id) ? snapshot.get(row.id) !== row.status : runnableStatuses.includes(row.status)));
      const missing = [...snapshot.keys()].filter((id) => !rows.some((row) => row.id === id));
      if (changed.length || missing.length) {
        throw clientError(
          ErrorCode.StaleAllocation,
          `${changed.length + missing.length} open choice(s) changed since the preview of ${today(run.createdAt)}; preview again.`,
          { argument: 'runId', changed: changed.length + missing.length },
        );
      }
      if (run.config.freePlaces !== undefined) {
        const freePlaces = await em.find(FreePlaceEntity, {}, { fields: ['vacancyId', 'eventSeq'] });
        if (freePlacesFingerprint(freePlaces) !== run.config.freePlaces) {
          throw clientError(ErrorCode.StaleAllocation, `The free places changed since the preview of ${today(run.createdAt)}; preview again.`, {
            argument: 'runId',
          });
        }
      }
      const byId = new Map(rows.map((row) => [row.id, row]));
      const proposals = await em.find(AllocationProposalEntity, { runId: run.id }, { orderBy: { reservationId: 'asc' } });
      for (const proposal of proposals) {
        const row = byId.get(proposal.reservationId)!;
        if (row.status === ReservationStatus.SUBMITTED) {
          requireStep(row, steps.startReview);
          takeStep(em, row, steps.startReview, actor, { reason: runReason(run, 'review') });
        }
        requireStep(row, steps.offer);
        row.offerDeadline = deadline;
        takeStep(em, row, steps.offer, actor, { reason: runReason(run, 'offer') });
      }
      run.status = AllocationRunStatus.CONFIRMED;
      run.confirmedBy = actor.subject;
      run.confirmedAt = new Date();
      run.offerDeadline = deadline;
      await em.flush();
      return { run, proposals, reservations: byId };
    });
  }

  async discard(viewer: Viewer, runId: string): Promise<LoadedRun> {
    requireOffice(viewer, this.municipality, 'discard allocation runs');
    const actor = actorOf(viewer);
    return this.em.transactional(async (em) => {
      const run = await this.lockRun(em, runId);
      this.requirePreview(run, AllocationRunStatus.DISCARDED);
      run.status = AllocationRunStatus.DISCARDED;
      run.discardedAt = new Date();
      run.discardedBy = actor.subject;
      await em.flush();
      return this.loaded(em, run);
    });
  }

  /**
   * The office's list of this municipality's runs, newest first (creation, then ID), optionally
   * of some states only: one statement for the page, one for the count. Proposals are loaded
   * per page by the resolver's DataLoader, not here.
   */
  async list(viewer: Viewer, args: AllocationRunsArgs): Promise<AllocationRunPage> {
    requireOffice(viewer, this.municipality, 'see allocation runs');
    requireOwnMunicipality(args.municipality, this.municipality);
    if (!Number.isInteger(args.first) || args.first < 1 || args.first > maxAllocationRunPage) {
      throw badInput(`"first" must be between 1 and ${maxAllocationRunPage}.`, { argument: 'first' });
    }
    const statuses = args.status?.length ? [...new Set(args.status)] : undefined;
    const where = statuses ? [`status in (${placeholders(statuses)})`] : ['true'];
    const params: unknown[] = statuses ? [...statuses] : [];
    const pageWhere = [...where];
    const pageParams = [...params];
    if (args.after) {
      const [createdAt, id] = decodeCursor(args.after);
      if (typeof createdAt !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(createdAt)) || !/^[0-9a-f-]{36}$/.test(id)) {
        throw badInput('"after" is not a cursor returned by this API.', { argument: 'after' });
      }
      pageWhere.push('(created_at, id) < (?::timestamptz, ?::uuid)');
      pageParams.push(createdAt, id);
    }
    // The timestamp travels as text to keep its microseconds in the cursor.
    const keys = await this.em.execute<Array<{ id: string; created_at: string }>>(
      `select id, created_at::text as created_at from allocation_run where ${pageWhere.join(' and ')} order by created_at desc, id desc limit ?`,
      [...pageParams, args.first + 1],
    );
    const [{ count }] = await this.em.execute<Array<{ count: number }>>(
      `select count(*)::int as count from allocation_run where ${where.join(' and ')}`,
      params,
    );
    const page = keys.slice(0, args.first);
    const rows = page.length ? await this.em.find(AllocationRunEntity, { id: { $in: page.map((key) => key.id) } }) : [];
    const byId = new Map(rows.map((row) => [row.id, row]));
    return {
      runs: page.map((key) => ({ run: byId.get(key.id)!, cursor: encodeCursor([key.created_at, key.id]) })),
      hasNextPage: keys.length > args.first,
      totalCount: count,
    };
  }

  private async loaded(em: EntityManager, run: AllocationRunEntity): Promise<LoadedRun> {
    const proposals = await em.find(AllocationProposalEntity, { runId: run.id }, { orderBy: { reservationId: 'asc' } });
    const ids = proposals.map((proposal) => proposal.reservationId);
    const rows = ids.length ? await em.find(ReservationEntity, { id: { $in: ids } }) : [];
    return { run, proposals, reservations: new Map(rows.map((row) => [row.id, row])) };
  }
}
