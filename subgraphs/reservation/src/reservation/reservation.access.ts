import { clientError, ErrorCode, formatId, isOfficeOf, isProviderOf, type MunicipalityKey, type Viewer } from '@kita/shared';
import { requireSignedIn } from '@kita/shared';
import { ReservationStatus, type ReservationEntity } from './reservation.entity.js';

/**
 * Who may see a choice (all its fields hold or point at personal data): the parent who made it,
 * a provider of its facility once it is released (not a draft), the office of its municipality.
 * Analysts and the public never.
 */
export function maySee(viewer: Viewer, row: Pick<ReservationEntity, 'parentSubject' | 'facilityId' | 'status'>, municipality: MunicipalityKey): boolean {
  switch (viewer.role) {
    case 'parent':
      return !!viewer.subject && viewer.subject === row.parentSubject;
    case 'provider':
      return row.status !== ReservationStatus.DRAFT && isProviderOf(viewer, formatId(municipality, row.facilityId));
    case 'office':
      return isOfficeOf(viewer, municipality);
    default:
      return false;
  }
}

/** The owner and the office see a part whole; a provider only through the choices of its own facilities. */
export function seesWholePart(viewer: Viewer, parentSubject: string, municipality: MunicipalityKey): boolean {
  return isOfficeOf(viewer, municipality) || (viewer.role === 'parent' && !!viewer.subject && viewer.subject === parentSubject);
}

/** Refuses roles that can never see reservations, before anything is loaded. */
export function requireReservationReader(viewer: Viewer): void {
  if (viewer.role === 'anonymous') throw clientError(ErrorCode.Unauthenticated, 'Sign in to see reservations.');
  if (viewer.role === 'analyst') throw clientError(ErrorCode.Forbidden, 'Analysts see aggregates only, never reservations.');
}

/** The reservations of a whole facility: only its providers and its municipality's office. */
export function requireFacilityReservationsReader(viewer: Viewer, facilityId: string, municipality: MunicipalityKey): void {
  requireReservationReader(viewer);
  if (!isOfficeOf(viewer, municipality) && !isProviderOf(viewer, facilityId)) {
    throw clientError(ErrorCode.Forbidden, "Only the facility's providers and the office of its municipality see its reservations.", {
      municipality,
    });
  }
}

/** Parents only (saving and submitting their reservations). */
export function requireParent(viewer: Viewer, action: string): void {
  requireSignedIn(viewer, action);
  if (viewer.role !== 'parent' || !viewer.subject) throw clientError(ErrorCode.Forbidden, `Only parents may ${action}.`);
}

/** The office of this municipality only (review, offers, acceptance, exceptions). */
export function requireOffice(viewer: Viewer, municipality: MunicipalityKey, action: string): void {
  requireSignedIn(viewer, action);
  if (!isOfficeOf(viewer, municipality)) throw clientError(ErrorCode.Forbidden, `Only the office of municipality ${municipality} may ${action}.`, { municipality });
}
