import { clientError, ErrorCode, formatId, isOfficeOf, isProviderOf, type MunicipalityKey, type Viewer } from '@kita/shared';
import type { FacilityEntity } from '../facility/facility.entity.js';

import { requireSignedIn } from '@kita/shared';
export { requireSignedIn };

/**
 * The facility's own provider: the one who registered it (`ownerSubject`), or a provider whose
 * token names the facility (`facilities` claim, e.g. a Kita leader the carrier added).
 */
export function isOwner(viewer: Viewer, municipality: MunicipalityKey, row: Pick<FacilityEntity, 'id' | 'ownerSubject'>): boolean {
  if (viewer.role !== 'provider') return false;
  if (isProviderOf(viewer, formatId(municipality, row.id))) return true;
  return !!viewer.subject && row.ownerSubject === viewer.subject;
}

/** Providers only (registering, submitting): UNAUTHENTICATED for anonymous, FORBIDDEN for every other role. */
export function requireProvider(viewer: Viewer, action: string): void {
  requireSignedIn(viewer, action);
  if (viewer.role !== 'provider') throw clientError(ErrorCode.Forbidden, `Only providers ${action}.`);
}

/** The office of this municipality only (review, permits). */
export function requireOffice(viewer: Viewer, municipality: MunicipalityKey, action: string): void {
  requireSignedIn(viewer, action);
  if (!isOfficeOf(viewer, municipality)) {
    throw clientError(ErrorCode.Forbidden, `Only the office of municipality ${municipality} may ${action}.`, { municipality });
  }
}

/** Providers (whose ownership is checked on the row) and the office of this municipality. */
export function requireProviderOrOffice(viewer: Viewer, municipality: MunicipalityKey, action: string): void {
  requireSignedIn(viewer, action);
  if (viewer.role !== 'provider' && !isOfficeOf(viewer, municipality)) {
    throw clientError(ErrorCode.Forbidden, `Only the facility's provider and the office of municipality ${municipality} may ${action}.`, {
      municipality,
    });
  }
}

export const notOwner = (municipality: MunicipalityKey, action: string) =>
  clientError(ErrorCode.Forbidden, `Only the facility's own provider may ${action}.`, { municipality });

/** The review history: the facility's own provider and the office of its municipality. */
export function mayReadHistory(viewer: Viewer, municipality: MunicipalityKey, row: Pick<FacilityEntity, 'id' | 'ownerSubject'>): boolean {
  return isOfficeOf(viewer, municipality) || isOwner(viewer, municipality, row);
}
