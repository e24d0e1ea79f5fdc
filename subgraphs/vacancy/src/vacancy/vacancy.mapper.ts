import { formatId, type MunicipalityKey } from '@kita/shared';
import type { VacancyEntity } from './vacancy.entity.js';
import type { Vacancy } from './vacancy.types.js';

export function toVacancy(row: Readonly<VacancyEntity>, municipality: MunicipalityKey): Vacancy {
  return {
    id: formatId(municipality, row.id),
    facility: { id: formatId(municipality, row.facilityId) },
    places: row.places,
    ageRange: { fromMonths: row.ageFromMonths, toMonths: row.ageToMonths },
    hoursBand: row.hoursBand,
    availableFrom: row.availableFrom,
    availableUntil: row.availableUntil,
  };
}
