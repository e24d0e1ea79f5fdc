import { badInput, clientError, ErrorCode, formatId, type MunicipalityKey, type Viewer } from '@kita/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { FacilityEntity, PublicationStatus } from '../facility/facility.entity.js';
import { recordFacilityFacts } from '../facts/facility-fact.events.js';
import { localFacilityId, lockFacility, requireMunicipalityArgument } from '../onboarding/facility-ref.js';
import { FacilityTransitionEntity } from '../onboarding/facility-transition.entity.js';
import { requireOffice } from '../onboarding/onboarding.access.js';
import { rejectionReasonLength } from '../onboarding/onboarding.service.js';
import { actorOf, recordTransition } from '../onboarding/workflow.js';
import { FacilityGroupEntity } from '../profile/facility-group.entity.js';
import { type FacilityProfile, totalCapacity } from '../profile/profile.validation.js';
import { replaceProfile } from '../profile/profile.write.js';
import { profileChanges, publishedProfile } from './revision.diff.js';
import { FacilityRevisionEntity, RevisionStatus } from './revision.entity.js';

/** Reason recorded in the history when the office approves a revision: the public profile changed. */
export const revisionApprovedReason = 'revision approved';

/** Profiles whose edits wait for the office: once published, a provider's edit no longer goes live at once. */
export const revisedStatuses: readonly PublicationStatus[] = [PublicationStatus.PUBLISHED, PublicationStatus.SUSPENDED];

/** A profile waiting for the office and since when. */
export interface QueuedProfile {
  row: FacilityEntity;
  since: Date;
}

/** Pending revisions of published profiles in one municipality: proposing, approving, rejecting, and the office's review queue. */
export class RevisionService {
  constructor(
    private readonly em: EntityManager,
    private readonly municipality: MunicipalityKey,
  ) {}

  /**
   * Stores a provider's checked edit of a published (or suspended) profile as its pending
   * revision, replacing an earlier one, in the caller's transaction; the row and its groups stay
   * as published. An edit equal to the published profile withdraws the pending revision.
   */
  async propose(em: EntityManager, viewer: Viewer, row: FacilityEntity, profile: FacilityProfile): Promise<void> {
    const pending = await em.findOne(FacilityRevisionEntity, { facilityId: row.id, status: RevisionStatus.PENDING });
    const groups = await em.find(FacilityGroupEntity, { facilityId: row.id });
    if (profileChanges(publishedProfile(row, groups), profile).length === 0) {
      if (pending) em.remove(pending);
      return;
    }
    const revision = pending ?? Object.assign(new FacilityRevisionEntity(), { facilityId: row.id });
    Object.assign(revision, { profile, submittedBy: viewer.subject!, submittedAt: new Date() });
    em.persist(revision);
  }

  /**
   * The office makes the pending revision the published profile (groups included) and records
   * it in the history; the facts other subgraphs project change now, not before.
   */
  async approve(viewer: Viewer, id: string): Promise<FacilityEntity> {
    requireOffice(viewer, this.municipality, 'approve revisions');
    const localId = localFacilityId(id, this.municipality, 'id');
    return this.em.transactional(async (em) => {
      const row = await lockFacility(em, localId, this.municipality, viewer, 'id');
      const revision = await this.pendingOf(em, row);
      // The office may have recorded a permit for fewer children since the edit.
      if (row.permitMaxChildren !== null && totalCapacity(revision.profile.groups) > row.permitMaxChildren) {
        throw badInput(`The Pflegeerlaubnis allows ${row.permitMaxChildren} children at once; the revision's groups add up to more.`, { argument: 'id' });
      }
      await replaceProfile(em, row, revision.profile);
      Object.assign(revision, { status: RevisionStatus.APPROVED, decidedBy: viewer.subject!, decidedAt: new Date() });
      recordTransition(em, row, row.status, row.status, actorOf(viewer), revisionApprovedReason);
      await recordFacilityFacts(em, [row]);
      return row;
    });
  }

  /** The office sends the pending revision back, saying why; the published profile stays as it is. */
  async reject(viewer: Viewer, id: string, reason: string): Promise<FacilityEntity> {
    requireOffice(viewer, this.municipality, 'reject revisions');
    const localId = localFacilityId(id, this.municipality, 'id');
    const why = reason.trim();
    if (why.length < rejectionReasonLength.min || why.length > rejectionReasonLength.max) {
      throw badInput(`"reason" must have ${rejectionReasonLength.min} to ${rejectionReasonLength.max} characters.`, { argument: 'reason' });
    }
    return this.em.transactional(async (em) => {
      const row = await lockFacility(em, localId, this.municipality, viewer, 'id');
      const revision = await this.pendingOf(em, row);
      Object.assign(revision, { status: RevisionStatus.REJECTED, decidedBy: viewer.subject!, decidedAt: new Date(), reason: why });
      return row;
    });
  }

  /**
   * What waits for the office: SUBMITTED profiles (since their latest submission) and published
   * profiles with a pending revision (since the latest edit), oldest first.
   */
  async reviewQueue(viewer: Viewer, municipality: string): Promise<QueuedProfile[]> {
    requireOffice(viewer, this.municipality, 'see the review queue');
    requireMunicipalityArgument(municipality, this.municipality);
    const [submitted, revisions] = await Promise.all([
      this.em.find(FacilityEntity, { status: PublicationStatus.SUBMITTED }),
      this.em.find(FacilityRevisionEntity, { status: RevisionStatus.PENDING }),
    ]);
    const [submissions, revised] = await Promise.all([
      submitted.length
        ? this.em.find(FacilityTransitionEntity, { facilityId: { $in: submitted.map((row) => row.id) }, toStatus: PublicationStatus.SUBMITTED })
        : [],
      revisions.length ? this.em.find(FacilityEntity, { id: { $in: revisions.map((revision) => revision.facilityId) } }) : [],
    ]);
    const latest = new Map<string, Date>();
    for (const step of submissions) if ((latest.get(step.facilityId)?.getTime() ?? 0) < step.at.getTime()) latest.set(step.facilityId, step.at);
    const queue: QueuedProfile[] = [
      ...submitted.map((row) => ({ row, since: latest.get(row.id) ?? row.updatedAt })),
      ...revised.map((row) => ({ row, since: revisions.find((revision) => revision.facilityId === row.id)!.submittedAt })),
    ];
    return queue.sort((a, b) => a.since.getTime() - b.since.getTime() || (a.row.id < b.row.id ? -1 : 1));
  }

  private async pendingOf(em: EntityManager, row: FacilityEntity): Promise<FacilityRevisionEntity> {
    const revision = await em.findOne(FacilityRevisionEntity, { facilityId: row.id, status: RevisionStatus.PENDING });
    if (!revision) throw clientError(ErrorCode.NotFound, 'The facility has no pending revision.', { argument: 'id' });
    return revision;
  }
}
