import { badInput, clientError, ErrorCode, isOfficeOf, type MunicipalityKey, type Viewer } from '@kita/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FacilityEntity } from '../facility/facility.entity.js';
import { recordFacilityMembers } from '../facts/facility-fact.events.js';
import { localFacilityId, lockFacility } from '../onboarding/facility-ref.js';
import { requireProviderOrOffice } from '../onboarding/onboarding.access.js';
import { FacilityMemberEntity, FacilityMemberRole } from './facility-member.entity.js';
import { membersOf } from './facility-member.loader.js';
import { isOwner } from './membership.access.js';

export const maxMembersPerFacility = 50;
/** OpenID Connect allows subjects of up to 255 ASCII characters. */
export const maxSubjectLength = 255;

/** A subject as a token carries it: 1 to 255 characters, no surrounding blanks, no control characters. */
export function validSubject(subject: string): string {
  // eslint-disable-next-line no-control-regex
  if (subject.length < 1 || subject.length > maxSubjectLength || subject.trim() !== subject || /[\u0000-\u001f\u007f]/.test(subject)) {
    throw badInput(`"subject" must be an account's subject (sub) of 1 to ${maxSubjectLength} characters, without surrounding blanks.`, { argument: 'subject' });
  }
  return subject;
}

/** What a membership change does to the locked facility's members; false when nothing changed. */
type Change = (em: EntityManager, facility: FacilityEntity, members: FacilityMemberEntity[]) => boolean;

/**
 * Who acts for the facilities of one municipality as their providers. The owners and the office
 * of the municipality add, remove and change members; every change is one transaction with its
 * `FacilityMembersChanged` event, so the vacancy and reservation subgraphs follow.
 *
 * Once a facility has members it keeps at least one OWNER: the last owner cannot be removed or
 * made a MEMBER, and an ownerless facility (one the office or a seeder wrote) gets an owner first.
 * Someone is always answerable for it, and a membership snapshot is never empty again.
 */
export class MembershipService {
  constructor(
    private readonly em: EntityManager,
    private readonly municipality: MunicipalityKey,
  ) {}

  add(viewer: Viewer, facilityId: string, subject: string, role: FacilityMemberRole): Promise<FacilityEntity> {
    return this.change(viewer, facilityId, subject, 'add members', (em, facility, members) => {
      const existing = members.find((member) => member.subject === subject);
      if (existing) {
        if (existing.role === role) return false;
        throw badInput(`${subject} is already a ${existing.role} of this facility; change the role with setFacilityMemberRole.`, { argument: 'role' });
      }
      if (members.length >= maxMembersPerFacility) {
        throw badInput(`A facility may have at most ${maxMembersPerFacility} members; remove one first.`, {
          argument: 'subject',
          limit: maxMembersPerFacility,
        });
      }
      if (role !== FacilityMemberRole.OWNER && !members.some((member) => member.role === FacilityMemberRole.OWNER)) {
        throw badInput('This facility has no owner yet: add an OWNER first.', { argument: 'role' });
      }
      em.persist(Object.assign(new FacilityMemberEntity(), { facilityId: facility.id, subject, role, addedBy: this.actor(viewer) }));
      return true;
    });
  }

  remove(viewer: Viewer, facilityId: string, subject: string): Promise<FacilityEntity> {
    return this.change(viewer, facilityId, subject, 'remove members', (em, _facility, members) => {
      const member = this.memberIn(members, subject);
      if (member.role === FacilityMemberRole.OWNER) requireAnotherOwner(members, subject);
      em.remove(member);
      return true;
    });
  }

  setRole(viewer: Viewer, facilityId: string, subject: string, role: FacilityMemberRole): Promise<FacilityEntity> {
    return this.change(viewer, facilityId, subject, 'change the roles of members', (_em, _facility, members) => {
      const member = this.memberIn(members, subject);
      if (member.role === role) return false;
      if (member.role === FacilityMemberRole.OWNER) requireAnotherOwner(members, subject);
      member.role = role;
      return true;
    });
  }

  /**
   * Checks who asks (an owner of the facility or the office of its municipality), locks the
   * facility, applies `work` and records the members afterwards, all in one transaction. A
   * provider asking about a facility it does not own, or one that does not exist, is FORBIDDEN.
   */
  private change(viewer: Viewer, facilityId: string, subject: string, action: string, work: Change): Promise<FacilityEntity> {
    requireProviderOrOffice(viewer, this.municipality, action);
    const localId = localFacilityId(facilityId, this.municipality, 'facilityId');
    validSubject(subject);
    return this.em.transactional(async (em) => {
      const facility = await lockFacility(em, localId, this.municipality, viewer, 'facilityId');
      const members = await membersOf(em, [facility.id]);
      if (!isOfficeOf(viewer, this.municipality) && !isOwner(viewer, members)) {
        throw clientError(ErrorCode.Forbidden, `Only the facility's owners and the office of municipality ${this.municipality} may ${action}.`, {
          municipality: this.municipality,
        });
      }
      if (work(em, facility, members)) await recordFacilityMembers(em, [facility.id]);
      return facility;
    });
  }

  private memberIn(members: FacilityMemberEntity[], subject: string): FacilityMemberEntity {
    const member = members.find((candidate) => candidate.subject === subject);
    if (!member) throw clientError(ErrorCode.NotFound, `${subject} is not a member of this facility.`, { argument: 'subject' });
    return member;
  }

  private actor(viewer: Viewer): string {
    if (!viewer.subject) throw new Error('a membership change needs a signed-in actor');
    return viewer.subject;
  }
}

function requireAnotherOwner(members: FacilityMemberEntity[], subject: string): void {
  if (!members.some((member) => member.role === FacilityMemberRole.OWNER && member.subject !== subject)) {
    throw badInput('The last owner of a facility stays: make another member OWNER first.', { argument: 'subject' });
  }
}
