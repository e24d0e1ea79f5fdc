import { formatId, type MunicipalityKey } from '@kita/shared';
import type { ReservationPart } from '../reservation/reservation.types.js';
import { FacilityKind, type ReservationPartEntity } from './part.entity.js';

/** One municipality's part of a family's application, as the API shows it. */
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
