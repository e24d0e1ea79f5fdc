import { formatId, type MunicipalityKey } from '@kita/shared';
import type { Permit } from '../permit/permit.types.js';
import { AccessibilityFeature, kindsWithPermit, Meal } from './facility.entity.js';
import type { FacilityRow } from './facility.service.js';
import type { Facility } from './facility.types.js';

const meals = new Set<string>(Object.values(Meal));
const accessibilityFeatures = new Set<string>(Object.values(AccessibilityFeature));

/** What of a stored facility the API exposes, with its global ID. */
export function toFacility(row: Readonly<FacilityRow>, municipality: MunicipalityKey): Facility {
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
    carrierType: row.carrierType,
    contact: { phone: row.phone, email: row.email, website: row.website },
    description: row.description,
    concepts: row.concepts,
    languages: row.languages,
    // A value a later version no longer knows must not fail the whole profile.
    meals: (row.meals ?? []).filter((meal) => meals.has(meal)) as Meal[],
    accessibility: (row.accessibility ?? []).filter((feature) => accessibilityFeatures.has(feature)) as AccessibilityFeature[],
    boundToResidence: row.boundToResidence,
    permit: toPermit(row),
  };
}

function toPermit(row: Readonly<FacilityRow>): Permit | null {
  if (!kindsWithPermit.includes(row.kind)) return null;
  if (row.permitNumber === null || row.permitIssuedOn === null || row.permitValidUntil === null || row.permitMaxChildren === null) return null;
  return { number: row.permitNumber, issuedOn: row.permitIssuedOn, validUntil: row.permitValidUntil, maxChildren: row.permitMaxChildren };
}
