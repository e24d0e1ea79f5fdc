import type { Viewer } from '@kita/shared';
import { type FacilityMemberEntity, FacilityMemberRole } from './facility-member.entity.js';

/** The members of one facility, as far as access checks need them. */
export type Members = ReadonlyArray<Pick<FacilityMemberEntity, 'subject' | 'role'>>;
/** Who the members are, whatever their roles. */
export type MemberSubjects = ReadonlyArray<Pick<FacilityMemberEntity, 'subject'>>;

/**
 * A provider acting for the facility: one of its members (by the token's subject). Membership is
 * data of this subgraph, never a claim of the token.
 */
export function isMember(viewer: Viewer, members: MemberSubjects): boolean {
  return viewer.role === 'provider' && !!viewer.subject && members.some((member) => member.subject === viewer.subject);
}

/** A provider who owns the facility: it decides, besides the office, who acts for it. */
export function isOwner(viewer: Viewer, members: Members): boolean {
  return (
    viewer.role === 'provider' && !!viewer.subject && members.some((member) => member.subject === viewer.subject && member.role === FacilityMemberRole.OWNER)
  );
}
