import { clientError, ErrorCode, isOfficeOf, isProviderOf, requireSignedIn as requireSignedInTo, type MunicipalityKey, type Viewer } from '@kita/shared';

/** Refuses anonymous callers before anything is parsed further or loaded. */
export function requireSignedIn(viewer: Viewer): void {
  requireSignedInTo(viewer, 'publish or withdraw free places');
}

/**
 * Who may publish and withdraw a facility's free places: its providers and the office of the
 * municipality it belongs to. `facilityId` is the normalised global ID (`formatId`), the form
 * provider tokens carry.
 */
export function requireVacancyManager(viewer: Viewer, facilityId: string, municipality: MunicipalityKey): void {
  requireSignedIn(viewer);
  if (!isProviderOf(viewer, facilityId) && !isOfficeOf(viewer, municipality)) {
    throw clientError(ErrorCode.Forbidden, "Only the facility's providers and the office of its municipality manage its free places.", {
      municipality,
    });
  }
}
