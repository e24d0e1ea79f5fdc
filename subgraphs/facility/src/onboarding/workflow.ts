import { clientError, ErrorCode, type Viewer } from '@kita/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type FacilityEntity, PublicationStatus } from '../facility/facility.entity.js';
import { ActorRole, FacilityTransitionEntity } from './facility-transition.entity.js';

const { DRAFT, SUBMITTED, PUBLISHED, REJECTED, SUSPENDED } = PublicationStatus;

/**
 * The review of a provider profile. A provider registers (DRAFT) and submits (from DRAFT or
 * REJECTED); the office publishes or rejects a submitted profile; a published Tagespflege whose
 * permit lapses is suspended by the system and published again when the office records a valid
 * permit. Nothing else moves a profile.
 */
export const steps = {
  submit: { from: [DRAFT, REJECTED], to: SUBMITTED },
  publish: { from: [SUBMITTED], to: PUBLISHED },
  reject: { from: [SUBMITTED], to: REJECTED },
  suspend: { from: [PUBLISHED], to: SUSPENDED },
  reinstate: { from: [SUSPENDED], to: PUBLISHED },
} as const satisfies Record<string, { from: readonly PublicationStatus[]; to: PublicationStatus }>;

export type Step = (typeof steps)[keyof typeof steps];

/** Who takes a step, as recorded in the history. */
export interface Actor {
  subject: string;
  role: ActorRole;
}

export const systemActor: Actor = { subject: 'system', role: ActorRole.SYSTEM };

/** The signed-in provider or office as the actor of a step (access was checked before). */
export function actorOf(viewer: Viewer): Actor {
  if (!viewer.subject || (viewer.role !== 'provider' && viewer.role !== 'office')) throw new Error(`no actor for role ${viewer.role}`);
  return { subject: viewer.subject, role: viewer.role === 'office' ? ActorRole.OFFICE : ActorRole.PROVIDER };
}

/** INVALID_TRANSITION unless the profile's status allows the step. */
export function requireStep(row: FacilityEntity, step: Step): void {
  if (!(step.from as readonly PublicationStatus[]).includes(row.status)) {
    throw clientError(ErrorCode.InvalidTransition, `A ${row.status} profile cannot become ${step.to}; only a profile that is ${step.from.join(' or ')} can.`, {
      from: row.status,
      to: step.to,
    });
  }
}

/** Records a step (or, with the same status, a change the public sees) in the unit of work of `em`. */
export function recordTransition(
  em: EntityManager,
  row: FacilityEntity,
  from: PublicationStatus | null,
  to: PublicationStatus,
  actor: Actor,
  reason: string | null = null,
): FacilityTransitionEntity {
  const transition = Object.assign(new FacilityTransitionEntity(), {
    facilityId: row.id,
    fromStatus: from,
    toStatus: to,
    actorSubject: actor.subject,
    actorRole: actor.role,
    reason,
    at: new Date(),
  });
  row.status = to;
  em.persist(transition);
  return transition;
}

/** Moves a locked row one step and records it; `requireStep` must have passed. */
export function takeStep(em: EntityManager, row: FacilityEntity, step: Step, actor: Actor, reason: string | null = null): FacilityTransitionEntity {
  return recordTransition(em, row, row.status, step.to, actor, reason);
}
