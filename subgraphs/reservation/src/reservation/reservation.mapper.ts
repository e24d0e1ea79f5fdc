import { formatId, hoursBandOf, isOfficeOf, type MunicipalityKey, type Viewer } from '@kita/shared';
import type { ReservationPartEntity } from '../part/part.entity.js';
import { FacilityKind } from '../part/part.entity.js';
import { describeStep } from './history.js';
import type { ReservationEntity } from './reservation.entity.js';
import type { Reservation, ReservationPart, ReservationTransition } from './reservation.types.js';
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

export function toPart(row: ReservationPartEntity, municipality: MunicipalityKey): ReservationPart {
  return {
    id: formatId(municipality, row.id),
    municipality,
    applicationKey: row.applicationKey,
    wishedStart: row.wishedStart,
    hoursPerWeek: row.hoursPerWeek,
    hoursBand: row.hoursBand,
    kindsOfCare: row.kindsOfCare.filter((kind): kind is FacilityKind => kind in FacilityKind),
    childBirthYear: row.childBirthYear,
    submittedAt: row.submittedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    personalDataRemovedAt: row.personalDataRemovedAt,
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
