import { clientError, ErrorCode, isOfficeOf, type MunicipalityKey, requireSignedIn, type Viewer } from '@kita/shared';

export { requireSignedIn };

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

/** Providers (whose membership is checked against the facility) and the office of this municipality. */
export function requireProviderOrOffice(viewer: Viewer, municipality: MunicipalityKey, action: string): void {
  requireSignedIn(viewer, action);
  if (viewer.role !== 'provider' && !isOfficeOf(viewer, municipality)) {
    throw clientError(ErrorCode.Forbidden, `Only the facility's providers and the office of municipality ${municipality} may ${action}.`, {
      municipality,
    });
  }
}

export const notMember = (municipality: MunicipalityKey, action: string) =>
  clientError(ErrorCode.Forbidden, `Only the facility's own providers (its members) may ${action}.`, { municipality });
