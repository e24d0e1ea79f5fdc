import { addDays, badInput, clientError, ErrorCode, localIdIn, type MunicipalityKey, requireSignedIn, today, type Viewer } from '@kita/shared';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordPlacement } from '../placement/child-placed.events.js';
import type { ReservationSettings } from '../settings.js';
import { residenceExceptionStep } from './history.js';
import { maySee, requireOffice } from './reservation.access.js';
import { closedStatuses, ReservationEntity, ReservationStatus } from './reservation.entity.js';
import { actorOf, recordTransition, requireStep, steps, systemActor, takeStep } from './workflow.js';

export const reasonLength = { min: 3, max: 1000 } as const;

/** BAD_USER_INPUT unless the offer deadline lies within the configured window (DOMAIN.md: 2 weeks to 28 days). */
export function requireOfferDeadline(deadline: string, settings: ReservationSettings): void {
  const { min, max } = settings.offerDeadlineDays;
  const earliest = addDays(today(), min);
  const latest = addDays(today(), max);
  if (deadline < earliest || deadline > latest) {
    throw badInput(`"deadline" must lie ${min} to ${max} days ahead: from ${earliest} to ${latest}.`, { argument: 'deadline' });
  }
}

function checkReason(reason: string | null | undefined, required: boolean): string | null {
  const why = reason?.trim() ?? '';
  if (!why && !required) return null;
  if (why.length < reasonLength.min || why.length > reasonLength.max) {
    throw badInput(`"reason" must have ${reasonLength.min} to ${reasonLength.max} characters.`, { argument: 'reason' });
  }
  return why;
}

/** The steps of one choice after submission: the office's work, the parent's withdrawal, and the lapse of unanswered offers. */
export class WorkflowService {
  constructor(
    private readonly em: EntityManager,
    private readonly municipality: MunicipalityKey,
    private readonly settings: ReservationSettings,
  ) {}

  /** The local ID of a reservation of this municipality (INVALID_ID, WRONG_MUNICIPALITY). */
  private localId(id: string): string {
    return localIdIn(this.municipality, id, 'id');
  }

  /** The row locked until the transaction ends, so that two steps on one choice happen one after the other; NOT_FOUND hides others' rows. */
  private async lock(em: EntityManager, localId: string, viewer: Viewer): Promise<ReservationEntity> {
    const row = await em.findOne(ReservationEntity, { id: localId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    // Only parents and the office take steps (checked before): no provider's facilities are needed.
    if (!row || !maySee(viewer, row, this.municipality, new Set())) throw clientError(ErrorCode.NotFound, 'No such reservation.', { argument: 'id' });
    return row;
  }

  private officeStep(
    viewer: Viewer,
    id: string,
    action: string,
    work: (em: EntityManager, row: ReservationEntity) => void | Promise<void>,
  ): Promise<ReservationEntity> {
    requireOffice(viewer, this.municipality, action);
    const localId = this.localId(id);
    return this.em.transactional(async (em) => {
      const row = await this.lock(em, localId, viewer);
      await work(em, row);
      return row;
    });
  }

  startReview(viewer: Viewer, id: string): Promise<ReservationEntity> {
    return this.officeStep(viewer, id, 'review reservations', (em, row) => {
      requireStep(row, steps.startReview);
      takeStep(em, row, steps.startReview, actorOf(viewer));
    });
  }

  /** An offer with a deadline within the configured window (DOMAIN.md: 2 weeks to 28 days). */
  makeOffer(viewer: Viewer, id: string, deadline: string): Promise<ReservationEntity> {
    return this.officeStep(viewer, id, 'make offers', (em, row) => {
      requireStep(row, steps.offer);
      requireOfferDeadline(deadline, this.settings);
      row.offerDeadline = deadline;
      takeStep(em, row, steps.offer, actorOf(viewer));
    });
  }

  /** The parent who made the choice, in a transaction with the row locked; others' rows are NOT_FOUND (their existence is not revealed). */
  private parentStep(
    viewer: Viewer,
    id: string,
    action: string,
    work: (em: EntityManager, row: ReservationEntity) => void | Promise<void>,
  ): Promise<ReservationEntity> {
    requireSignedIn(viewer, action);
    if (viewer.role !== 'parent' || !viewer.subject) {
      throw clientError(ErrorCode.Forbidden, `Only the parent who made a reservation may ${action}; the office records answers given on paper.`);
    }
    const localId = this.localId(id);
    return this.em.transactional(async (em) => {
      const row = await this.lock(em, localId, viewer);
      await work(em, row);
      return row;
    });
  }

  /**
   * Accepts a locked OFFERED row by its deadline (`day` or later): a binding commitment (Zusage).
   * In the same transaction: `ChildPlaced` in the outbox (other municipalities withdraw the child's
   * choices there, the vacancy subgraph takes the place) and the child's other open choices here
   * withdrawn. The one path for the office's record and the parent's own answer.
   */
  private async accept(em: EntityManager, row: ReservationEntity, viewer: Viewer, day: string): Promise<void> {
    requireStep(row, steps.accept);
    if (row.offerDeadline !== null && row.offerDeadline < day) {
      const message =
        viewer.role === 'parent'
          ? `The offer expired on ${row.offerDeadline}, its last day to accept; it cannot be accepted any more.`
          : `The offer's deadline ${row.offerDeadline} has passed: it lapses and cannot be accepted any more.`;
      throw clientError(ErrorCode.InvalidTransition, message, { from: row.status, to: steps.accept.to });
    }
    takeStep(em, row, steps.accept, actorOf(viewer));
    await recordPlacement(em, row);
  }

  /** The office records that the family accepted the offer by its deadline (an answer given on paper). */
  recordAcceptance(viewer: Viewer, id: string): Promise<ReservationEntity> {
    const day = today();
    return this.officeStep(viewer, id, 'record acceptances', (em, row) => this.accept(em, row, viewer, day));
  }

  recordDecline(viewer: Viewer, id: string, reason: string): Promise<ReservationEntity> {
    const why = checkReason(reason, true);
    return this.officeStep(viewer, id, 'record declined offers', (em, row) => {
      requireStep(row, steps.decline);
      takeStep(em, row, steps.decline, actorOf(viewer), { reason: why });
    });
  }

  /** The parent accepts the offer on a choice of their own, on or before its deadline (German calendar day). */
  acceptOffer(viewer: Viewer, id: string): Promise<ReservationEntity> {
    const day = today();
    return this.parentStep(viewer, id, 'accept offers', (em, row) => this.accept(em, row, viewer, day));
  }

  /** The parent declines the offer on a choice of their own, optionally saying why. */
  declineOffer(viewer: Viewer, id: string, reason: string | null | undefined): Promise<ReservationEntity> {
    const why = checkReason(reason, false);
    return this.parentStep(viewer, id, 'decline offers', (em, row) => {
      requireStep(row, steps.decline);
      takeStep(em, row, steps.decline, actorOf(viewer), { reason: why });
    });
  }

  /** Lets a family from outside the municipality choose a place bound to residence; recorded with the reason. */
  grantResidenceException(viewer: Viewer, id: string, reason: string): Promise<ReservationEntity> {
    const why = checkReason(reason, true);
    return this.officeStep(viewer, id, 'grant residence exceptions', (em, row) => {
      if ((closedStatuses as ReservationStatus[]).includes(row.status)) {
        throw clientError(ErrorCode.InvalidTransition, `A ${row.status} reservation is closed; an exception changes nothing any more.`, {
          from: row.status,
          to: row.status,
        });
      }
      if (row.residenceExceptionAt) throw badInput('This reservation already has a residence exception.', { argument: 'id' });
      row.residenceExceptionAt = new Date();
      recordTransition(em, row, row.status, row.status, actorOf(viewer), { reason: why, step: residenceExceptionStep, at: row.residenceExceptionAt });
    });
  }

  /** The parent withdraws a choice at any time before acceptance. */
  async withdraw(viewer: Viewer, id: string, reason: string | null | undefined): Promise<ReservationEntity> {
    requireSignedIn(viewer, 'withdraw reservations');
    if (viewer.role !== 'parent' || !viewer.subject) throw clientError(ErrorCode.Forbidden, 'Only the parent who made a reservation may withdraw it.');
    const localId = this.localId(id);
    const why = checkReason(reason, false);
    return this.em.transactional(async (em) => {
      const row = await this.lock(em, localId, viewer);
      requireStep(row, steps.withdraw);
      takeStep(em, row, steps.withdraw, actorOf(viewer), { reason: why });
      return row;
    });
  }

  /**
   * Lets every offer whose deadline passed before `day` lapse (SYSTEM), in one transaction;
   * returns how many. Rows are locked, so a concurrent run waits and then finds them LAPSED.
   */
  async lapseOffers(day: string): Promise<number> {
    return this.em.transactional(async (em) => {
      const rows = await em.find(
        ReservationEntity,
        { status: ReservationStatus.OFFERED, offerDeadline: { $lt: day } },
        { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' } },
      );
      for (const row of rows) takeStep(em, row, steps.lapse, systemActor);
      return rows.length;
    });
  }
}
