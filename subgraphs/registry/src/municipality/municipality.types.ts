import { federationLinkOf } from '@kita/schema';
import type { DistrictArea, MunicipalityEntry, MunicipalityKind } from '../registry.js';

/** The registry subgraph's schema, written as SDL: the gateway hosts it, so it needs no ORM and no type-graphql. */
export const registryTypeDefs = `${federationLinkOf()}

type Query {
  """Municipalities of the federation in registry order, for filter lists."""
  municipalities(includeInactive: Boolean! = false, kind: MunicipalityKind): [Municipality!]!
  municipalityByKey(key: String!): Municipality
}

"""A municipality with its own youth office, as listed in the gateway registry."""
type Municipality @key(fields: "key") {
  """
  Amtlicher Gemeindeschlüssel (AGS): 5 digits for a Landkreis or Region, 8 for a city.
  """
  key: String!
  name: String!
  kind: MunicipalityKind!
  """Stadtteile or Gemeinden, for search filters."""
  districts: [String!]!
  """False while the municipality is listed but not served."""
  active: Boolean!
  """
  The area the gateway routes geographic searches by; null when the registry gives none (then every such search asks this municipality).
  """
  area: MunicipalityArea
  """A point inside the area for maps; null when the registry gives none."""
  centroid: MunicipalityCentroid
  """The colour and logo of the municipality's portal; null when the registry gives none."""
  theme: MunicipalityTheme
  """
  The districts' areas and centroids for maps, in the order of \`districts\`; only the districts the registry gives an area for (none: empty).
  """
  districtAreas: [DistrictArea!]!
  """The Landkreis or Region a city belongs to."""
  parent: Municipality
  """Cities inside this Landkreis or Region."""
  children: [Municipality!]!
}

"""
CITY: a city with its own youth office; LANDKREIS or REGION: the district around it.
"""
enum MunicipalityKind {
  CITY
  LANDKREIS
  REGION
}

"""
A box in degrees (WGS 84), edges included, that holds every facility of the municipality.
"""
type MunicipalityArea {
  south: Float!
  west: Float!
  north: Float!
  east: Float!
}

"""How the municipality's portal looks. The colour reads with white text at 4.5:1 at least (WCAG 2.1 AA): the registry refuses any other."""
type MunicipalityTheme {
  """#rrggbb, for the header bar, buttons and links."""
  primaryColor: String!
  """An https URL, a path on the portal's host, or a data:image URL; null: no logo."""
  logoUrl: String
}

"""A district (Stadtteil or Gemeinde) on the map: its box, inside the municipality's area, and a point inside the box."""
type DistrictArea {
  """One of the municipality's \`districts\`: the name statistics group by."""
  name: String!
  area: MunicipalityArea!
  centroid: MunicipalityCentroid!
}

"""A point inside the municipality's area for maps, in degrees (WGS 84)."""
type MunicipalityCentroid {
  latitude: Float!
  longitude: Float!
}
`;

/** A municipality as the registry subgraph answers it. */
export interface Municipality {
  key: string;
  name: string;
  kind: MunicipalityKind;
  districts: string[];
  active: boolean;
  area: MunicipalityEntry['area'] | null;
  centroid: MunicipalityEntry['centroid'] | null;
  theme: { primaryColor: string; logoUrl: string | null } | null;
  districtAreas: DistrictArea[];
  parentKey?: string;
}
