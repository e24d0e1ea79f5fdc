import { badInput, clientError, ErrorCode, isMunicipalityKey, isOfficeOf, type MunicipalityKey, type Viewer } from '@kita/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { FacilityEntity, PublicationStatus } from '../facility/facility.entity.js';
import { recordFacilityFacts, recordFacilityMembers } from '../facts/facility-fact.events.js';
import { FacilityMemberEntity, FacilityMemberRole } from '../membership/facility-member.entity.js';
import { membersOf } from '../membership/facility-member.loader.js';
import { isMember } from '../membership/membership.access.js';
import { localFacilityId, lockFacility } from '../onboarding/facility-ref.js';
import { notMember, requireProvider, requireProviderOrOffice } from '../onboarding/onboarding.access.js';
import { actorOf, recordTransition } from '../onboarding/workflow.js';
import { RevisionService, revisedStatuses } from '../revision/revision.service.js';
import type { FacilityProfileInput } from './profile.input.js';
import { totalCapacity, validateProfileInput } from './profile.validation.js';
import { applyProfile, replaceProfile, writeGroups } from './profile.write.js';

/** Reason recorded when a published profile changes: the office can see what the public saw when. */
export const profileUpdatedReason = 'profile updated';

/** Registering and editing facility profiles of one municipality. */
export class ProfileService {
  constructor(
    private readonly em: EntityManager,
    private readonly municipality: MunicipalityKey,
  ) {}

  /** A provider registers a facility in this municipality: a DRAFT with the provider as its owner, the first member. */
  async register(viewer: Viewer, municipality: string, input: FacilityProfileInput): Promise<FacilityEntity> {
    requireProvider(viewer, 'register facilities');
    if (!isMunicipalityKey(municipality)) {
      throw badInput(`"municipality" must be a 5- or 8-digit municipality key (AGS), got ${JSON.stringify(municipality)}.`, { argument: 'municipality' });
    }
    if (municipality !== this.municipality) {
      throw clientError(ErrorCode.WrongMunicipality, `"municipality" is ${municipality}, but this request went to ${this.municipality}.`, {
        argument: 'municipality',
        municipality,
      });
    }
    const profile = validateProfileInput(input);
    return this.em.transactional(async (em) => {
      const row = new FacilityEntity();
      applyProfile(row, profile);
      em.persist(row);
      writeGroups(em, row, profile);
      em.persist(
        Object.assign(new FacilityMemberEntity(), { facilityId: row.id, subject: viewer.subject!, role: FacilityMemberRole.OWNER, addedBy: viewer.subject! }),
      );
      recordTransition(em, row, null, PublicationStatus.DRAFT, actorOf(viewer));
      await recordFacilityFacts(em, [row]);
      await recordFacilityMembers(em, [row.id]);
      return row;
    });
  }

  /**
   * Replaces the profile (groups included). A provider's edit of a published (or suspended)
   * profile becomes its pending revision instead, which the office approves or rejects (see
   * RevisionService); the public keeps seeing the published profile. Any other profile, and the
   * office's own edits, change at once; a published profile's change is recorded as
   * PUBLISHED → PUBLISHED ("profile updated").
   */
  async update(viewer: Viewer, id: string, input: FacilityProfileInput): Promise<FacilityEntity> {
    requireProviderOrOffice(viewer, this.municipality, 'edit a facility profile');
    const localId = localFacilityId(id, this.municipality, 'id');
    const profile = validateProfileInput(input);
    return this.em.transactional(async (em) => {
      const row = await lockFacility(em, localId, this.municipality, viewer, 'id');
      const office = isOfficeOf(viewer, this.municipality);
      if (!office && !isMember(viewer, await membersOf(em, [row.id]))) throw notMember(this.municipality, 'edit its profile');
      if (profile.kind !== row.kind) {
        if (row.status !== PublicationStatus.DRAFT && row.status !== PublicationStatus.REJECTED) {
          throw badInput(`"input.kind" can change only while the profile is DRAFT or REJECTED; it is ${row.status}.`, { argument: 'input.kind' });
        }
        if (row.permitNumber !== null) {
          throw badInput('"input.kind" cannot change once a Pflegeerlaubnis is recorded: it was issued for this kind of care.', {
            argument: 'input.kind',
          });
        }
      }
      if (row.permitMaxChildren !== null && totalCapacity(profile.groups) > row.permitMaxChildren) {
        throw badInput(`The Pflegeerlaubnis allows ${row.permitMaxChildren} children at once; "input.groups" add up to ${totalCapacity(profile.groups)}.`, {
          argument: 'input.groups',
        });
      }
      if (!office && revisedStatuses.includes(row.status)) {
        await new RevisionService(em, this.municipality).propose(em, viewer, row, profile);
        return row;
      }
      await replaceProfile(em, row, profile);
      if (row.status === PublicationStatus.PUBLISHED) {
        recordTransition(em, row, row.status, row.status, actorOf(viewer), profileUpdatedReason);
      }
      await recordFacilityFacts(em, [row]);
      return row;
    });
  }
}
