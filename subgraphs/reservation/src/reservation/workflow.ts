import { clientError, ErrorCode, type Viewer } from '@kita/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type ReservationEntity, ReservationStatus } from './reservation.entity.js';
import { ReservationActorRole, ReservationTransitionEntity } from './reservation-transition.entity.js';

const { DRAFT, SUBMITTED, IN_REVIEW, OFFERED, ACCEPTED, DECLINED, LAPSED, WITHDRAWN } = ReservationStatus;

/**
 * The life of one choice. The parent submits a draft (all choices of the part at once) and may
 * withdraw at any time before acceptance; the office reviews and offers a place with a deadline;
 * the parent accepts or declines it (or the office records an answer given on paper); the system
 * lets an unanswered offer lapse. Nothing
 * else moves a choice, and nothing moves it out of ACCEPTED, DECLINED, LAPSED or WITHDRAWN.
 */
export const steps = {
  submit: { from: [DRAFT], to: SUBMITTED },
  startReview: { from: [SUBMITTED], to: IN_REVIEW },
  offer: { from: [IN_REVIEW], to: OFFERED },
  accept: { from: [OFFERED], to: ACCEPTED },
  decline: { from: [OFFERED], to: DECLINED },
  lapse: { from: [OFFERED], to: LAPSED },
  withdraw: { from: [DRAFT, SUBMITTED, IN_REVIEW, OFFERED], to: WITHDRAWN },
} as const satisfies Record<string, { from: readonly ReservationStatus[]; to: ReservationStatus }>;

export type Step = (typeof steps)[keyof typeof steps];

/** Who takes a step, as recorded in the history. */
export interface Actor {
  subject: string;
  role: ReservationActorRole;
}

export const systemActor: Actor = { subject: 'system', role: ReservationActorRole.SYSTEM };

/** The signed-in parent or office as the actor of a step (access was checked before). */
export function actorOf(viewer: Viewer): Actor {
  if (!viewer.subject || (viewer.role !== 'parent' && viewer.role !== 'office')) throw new Error(`no actor for role ${viewer.role}`);
  return { subject: viewer.subject, role: viewer.role === 'office' ? ReservationActorRole.OFFICE : ReservationActorRole.PARENT };
}

/** INVALID_TRANSITION unless the choice's status allows the step. */
export function requireStep(row: ReservationEntity, step: Step): void {
  if (!(step.from as readonly ReservationStatus[]).includes(row.status)) {
    throw clientError(ErrorCode.InvalidTransition, `A ${row.status} reservation cannot become ${step.to}; only one that is ${step.from.join(' or ')} can.`, {
      from: row.status,
      to: step.to,
    });
  }
}

export interface StepDetails {
  reason?: string | null;
  /** For a step that keeps the status: what it was. */
  step?: string | null;
  at?: Date;
}

/** Records a step (or, with the same status, a recorded decision) in the unit of work of `em`. */
export function recordTransition(
  em: EntityManager,
  row: ReservationEntity,
  from: ReservationStatus | null,
  to: ReservationStatus,
  actor: Actor,
  details: StepDetails = {},
): ReservationTransitionEntity {
  const at = details.at ?? new Date();
  const transition = Object.assign(new ReservationTransitionEntity(), {
    reservationId: row.id,
    fromStatus: from,
    toStatus: to,
    step: details.step ?? null,
    actorSubject: actor.subject,
    actorRole: actor.role,
    reason: details.reason ?? null,
    offerDeadline: to === OFFERED || to === LAPSED ? row.offerDeadline : null,
    at,
  });
  if (row.status !== to) row.statusChangedAt = at;
  row.status = to;
  em.persist(transition);
  return transition;
}

/** Moves a locked row one step and records it; `requireStep` must have passed. */
export function takeStep(em: EntityManager, row: ReservationEntity, step: Step, actor: Actor, details: StepDetails = {}): ReservationTransitionEntity {
  return recordTransition(em, row, row.status, step.to, actor, details);
}
