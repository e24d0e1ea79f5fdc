import { badInput, type MunicipalityKey, today, type Viewer } from '@kita/shared';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { FacilityEntity, type FacilityKind, kindsWithPermit, PublicationStatus } from '../facility/facility.entity.js';
import { recordFacilityFacts } from '../facts/facility-fact.events.js';
import { membersOf } from '../membership/facility-member.loader.js';
import { isMember } from '../membership/membership.access.js';
import { requirePermitFor } from '../permit/permit.rules.js';
import { localFacilityId, lockFacility } from './facility-ref.js';
import { notMember, requireOffice, requireProvider } from './onboarding.access.js';
import { actorOf, requireStep, steps, systemActor, takeStep } from './workflow.js';

export const rejectionReasonLength = { min: 3, max: 1000 } as const;
export const permitLapsedReason = 'permit lapsed';

/** The office review of provider profiles in one municipality: submit, publish, reject, suspend. */
export class OnboardingService {
  constructor(
    private readonly em: EntityManager,
    private readonly municipality: MunicipalityKey,
  ) {}

  /** A provider of the facility sends a DRAFT or REJECTED profile to review; a Tagespflege needs a valid permit first. */
  async submit(viewer: Viewer, id: string): Promise<FacilityEntity> {
    requireProvider(viewer, 'submit profiles for review');
    const localId = localFacilityId(id, this.municipality, 'id');
    return this.em.transactional(async (em) => {
      const row = await lockFacility(em, localId, this.municipality, viewer, 'id');
      if (!isMember(viewer, await membersOf(em, [row.id]))) throw notMember(this.municipality, 'submit its profile');
      requireStep(row, steps.submit);
      requirePermitFor(row, today());
      takeStep(em, row, steps.submit, actorOf(viewer));
      await recordFacilityFacts(em, [row]);
      return row;
    });
  }

  /** The office publishes a SUBMITTED profile; a Tagespflege's permit is checked again, it may have lapsed meanwhile. */
  async publish(viewer: Viewer, id: string): Promise<FacilityEntity> {
    requireOffice(viewer, this.municipality, 'publish profiles');
    const localId = localFacilityId(id, this.municipality, 'id');
    return this.em.transactional(async (em) => {
      const row = await lockFacility(em, localId, this.municipality, viewer, 'id');
      requireStep(row, steps.publish);
      requirePermitFor(row, today());
      takeStep(em, row, steps.publish, actorOf(viewer));
      await recordFacilityFacts(em, [row]);
      return row;
    });
  }

  /** The office sends a SUBMITTED profile back to its provider, saying why. */
  async reject(viewer: Viewer, id: string, reason: string): Promise<FacilityEntity> {
    requireOffice(viewer, this.municipality, 'reject profiles');
    const localId = localFacilityId(id, this.municipality, 'id');
    const why = reason.trim();
    if (why.length < rejectionReasonLength.min || why.length > rejectionReasonLength.max) {
      throw badInput(`"reason" must have ${rejectionReasonLength.min} to ${rejectionReasonLength.max} characters.`, { argument: 'reason' });
    }
    return this.em.transactional(async (em) => {
      const row = await lockFacility(em, localId, this.municipality, viewer, 'id');
      requireStep(row, steps.reject);
      takeStep(em, row, steps.reject, actorOf(viewer), why);
      await recordFacilityFacts(em, [row]);
      return row;
    });
  }

  /**
   * Suspends every PUBLISHED Kindertagespflege and Großtagespflege whose permit ended before
   * `day`, in one transaction; returns how many. Rows are locked, so a concurrent run (another
   * replica) waits and then finds them no longer PUBLISHED.
   */
  async suspendLapsedPermits(day: string): Promise<number> {
    return this.em.transactional(async (em) => {
      const rows = await em.find(
        FacilityEntity,
        { status: PublicationStatus.PUBLISHED, kind: { $in: kindsWithPermit as FacilityKind[] }, permitValidUntil: { $lt: day } },
        { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' } },
      );
      for (const row of rows) takeStep(em, row, steps.suspend, systemActor, permitLapsedReason);
      await recordFacilityFacts(em, rows);
      return rows.length;
    });
  }
}

/**
 * Suspends the published Tagespflege profiles of `municipality` whose Pflegeerlaubnis ended
 * before `today` (YYYY-MM-DD), recording each step with actor `system`; returns how many.
 */
export function suspendLapsedPermits(em: EntityManager, municipality: MunicipalityKey, today: string): Promise<number> {
  return new OnboardingService(em, municipality).suspendLapsedPermits(today);
}
