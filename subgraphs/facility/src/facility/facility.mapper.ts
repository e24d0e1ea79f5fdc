import { formatId, type MunicipalityKey } from '@kita/shared';
import type { FacilityEntity } from './facility.entity.js';
import type { Facility } from './facility.types.js';

/** What of a stored facility the API exposes, with its global ID. */
export function toFacility(row: FacilityEntity, municipality: MunicipalityKey): Facility {
  return {
    id: formatId(municipality, row.id),
    municipality,
    kind: row.kind,
    name: row.name,
    carrier: row.carrier,
    address: { street: row.street, postalCode: row.postalCode, city: row.city, district: row.district },
    location: { latitude: row.latitude, longitude: row.longitude },
    ageRange: { fromMonths: row.ageFromMonths, toMonths: row.ageToMonths },
    capacity: row.capacity,
    openingHours: row.openingHours,
    publicationStatus: row.status,
  };
}
