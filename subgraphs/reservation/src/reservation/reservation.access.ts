import { clientError, ErrorCode, formatId, isOfficeOf, isProviderOf, type MunicipalityKey, type Viewer } from '@kita/shared';
import type { ReservationEntity } from './reservation.entity.js';

/**
 * Who may see a reservation (all its fields hold or point at personal data): the parent who
 * made it, a provider of its facility, the office of its municipality. Analysts and the
 * public never.
 */
export function maySee(viewer: Viewer, row: ReservationEntity, municipality: MunicipalityKey): boolean {
  switch (viewer.role) {
    case 'parent':
      return viewer.subject === row.parentSubject;
    case 'provider':
      return isProviderOf(viewer, formatId(municipality, row.facilityId));
    case 'office':
      return isOfficeOf(viewer, municipality);
    default:
      return false;
  }
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
