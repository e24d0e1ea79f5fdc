import { formatId, hoursBandOf, isOfficeOf, type MunicipalityKey, type Viewer } from '@kita/shared';
import { describeStep } from './history.js';
import type { ReservationEntity } from './reservation.entity.js';
import type { Reservation, ReservationTransition } from './reservation.types.js';
import type { ReservationTransitionEntity } from './reservation-transition.entity.js';

export function toReservation(row: ReservationEntity, municipality: MunicipalityKey): Reservation {
  return {
    id: formatId(municipality, row.id),
    facility: { id: formatId(municipality, row.facilityId) },
    childBirthDate: row.childBirthDate,
    wishedStart: row.wishedStart,
    hoursPerWeek: row.hoursPerWeek,
    hoursBand: hoursBandOf(row.hoursPerWeek),
    status: row.status,
    rank: row.rank,
    offerDeadline: row.offerDeadline,
    residenceException: row.residenceExceptionAt !== null,
    createdAt: row.createdAt,
    statusChangedAt: row.statusChangedAt,
    row,
  };
}

/** A history entry as `viewer` may see it: everyone who sees the choice gets role, time and words; the actor's account only the office. */
export function toTransition(row: ReservationTransitionEntity, viewer: Viewer, municipality: MunicipalityKey): ReservationTransition {
  return {
    fromStatus: row.fromStatus,
    toStatus: row.toStatus,
    actorRole: row.actorRole,
    actorSubject: isOfficeOf(viewer, municipality) ? row.actorSubject : null,
    reason: row.reason,
    at: row.at,
    description: describeStep(row),
  };
}
