import { clientError, ErrorCode, isOfficeOf, type MunicipalityKey, requireSignedIn, type SubgraphContext, type Viewer } from '@kita/shared';
import type { ReservationLoaders } from '../loaders.js';
import { type ReservationEntity, ReservationStatus } from './reservation.entity.js';

/** The facilities (local IDs) a provider acts for; empty for everyone else, and for roles that never need it. */
export type ActedFor = ReadonlySet<string>;

const none: ActedFor = new Set();

/**
 * The facilities of this municipality the viewer acts for as a provider (a member of each, as the
 * facility subgraph's events say): one statement per request, none for other roles.
 */
export async function facilitiesActedFor(context: SubgraphContext<ReservationLoaders>): Promise<ActedFor> {
  const { viewer } = context;
  if (viewer.role !== 'provider' || !viewer.subject) return none;
  return context.loaders.facilitiesOfMember.load(viewer.subject);
}

/**
 * Who may see a choice (all its fields hold or point at personal data): the parent who made it,
 * a provider of its facility (`actedFor`, see facilitiesActedFor) once it is released (not a
 * draft), the office of its municipality. Analysts and the public never.
 */
export function maySee(
  viewer: Viewer,
  row: Pick<ReservationEntity, 'parentSubject' | 'facilityId' | 'status'>,
  municipality: MunicipalityKey,
  actedFor: ActedFor,
): boolean {
  switch (viewer.role) {
    case 'parent':
      return !!viewer.subject && viewer.subject === row.parentSubject;
    case 'provider':
      return row.status !== ReservationStatus.DRAFT && actedFor.has(row.facilityId);
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

/** The reservations of a whole facility (local ID): only its providers and its municipality's office. */
export function requireFacilityReservationsReader(viewer: Viewer, localFacilityId: string, municipality: MunicipalityKey, actedFor: ActedFor): void {
  requireReservationReader(viewer);
  if (!isOfficeOf(viewer, municipality) && !(viewer.role === 'provider' && actedFor.has(localFacilityId))) {
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
  if (!isOfficeOf(viewer, municipality))
    throw clientError(ErrorCode.Forbidden, `Only the office of municipality ${municipality} may ${action}.`, { municipality });
}
