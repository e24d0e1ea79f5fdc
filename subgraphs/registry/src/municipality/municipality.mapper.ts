import type { MunicipalityEntry } from '../registry.js';
import type { Municipality } from './municipality.types.js';

export const toMunicipality = (entry: MunicipalityEntry): Municipality => ({
  key: entry.key,
  name: entry.name,
  kind: entry.kind,
  districts: entry.districts,
  active: entry.active,
  area: entry.area ?? null,
  centroid: entry.centroid ?? null,
  theme: entry.theme ? { primaryColor: entry.theme.primaryColor, logoUrl: entry.theme.logoUrl ?? null } : null,
  // In the order of `districts`, so that a map and a table list them alike.
  districtAreas: (entry.districtAreas ?? [])
    .map((district) => ({ name: district.name, area: { ...district.area }, centroid: { ...district.centroid } }))
    .sort((a, b) => entry.districts.indexOf(a.name) - entry.districts.indexOf(b.name)),
  parentKey: entry.parent,
});
