import { clientError, ErrorCode, isOfficeOf, type MunicipalityKey, requireSignedIn as requireSignedInTo, type Viewer } from '@kita/shared';
import { isMember, type MemberSubjects } from '../membership/membership.access.js';

/** Refuses anonymous callers before anything is parsed further or loaded. */
export function requireSignedIn(viewer: Viewer): void {
  requireSignedInTo(viewer, 'add or remove photos and attachments');
}

/**
 * Who may add and remove a facility's photos and attachments, and see those of an unpublished
 * profile: its providers (its members) and the office of the municipality it belongs to.
 */
export function managesMedia(viewer: Viewer, municipality: MunicipalityKey, members: MemberSubjects): boolean {
  return isOfficeOf(viewer, municipality) || isMember(viewer, members);
}

export const mediaForbidden = (municipality: MunicipalityKey) =>
  clientError(ErrorCode.Forbidden, "Only the facility's providers and the office of its municipality manage its photos and attachments.", {
    municipality,
  });
