import { clientError, ErrorCode, isOfficeOf, isProviderOf, requireSignedIn as requireSignedInTo, type MunicipalityKey, type Viewer } from '@kita/shared';

/** Refuses anonymous callers before anything is parsed further or loaded. */
export function requireSignedIn(viewer: Viewer): void {
  requireSignedInTo(viewer, 'add or remove photos and attachments');
}

/**
 * Who may add and remove a facility's photos and attachments: its providers (by the token's
 * `facilities` claim, or as the provider who registered it: `ownerSubject`) and the office of
 * the municipality it belongs to. `facilityId` is the normalised global ID (`formatId`), the
 * form provider tokens carry.
 */
export function managesMedia(viewer: Viewer, facilityId: string, municipality: MunicipalityKey, ownerSubject?: string | null): boolean {
  if (isProviderOf(viewer, facilityId) || isOfficeOf(viewer, municipality)) return true;
  return viewer.role === 'provider' && !!viewer.subject && !!ownerSubject && ownerSubject === viewer.subject;
}

export const mediaForbidden = (municipality: MunicipalityKey) =>
  clientError(ErrorCode.Forbidden, "Only the facility's providers and the office of its municipality manage its photos and attachments.", {
    municipality,
  });
