import { federationLinkOf } from '@kita/schema';
import type { MunicipalityEntry, MunicipalityKind, Registry } from './registry.js';

/** What resolvers of the registry subgraph read: the current registry (it reloads on change). */
export interface RegistryContext {
  registry: () => Registry;
}

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
  parentKey?: string;
}

export const toMunicipality = (entry: MunicipalityEntry): Municipality => ({
  key: entry.key,
  name: entry.name,
  kind: entry.kind,
  districts: entry.districts,
  active: entry.active,
  area: entry.area ?? null,
  centroid: entry.centroid ?? null,
  parentKey: entry.parent,
});

const byKey = (context: RegistryContext, key: string | undefined): Municipality | null => {
  const entry = key ? context.registry().get(key) : undefined;
  return entry ? toMunicipality(entry) : null;
};

export const registryResolvers = {
  Query: {
    municipalities: (_: unknown, args: { kind?: MunicipalityKind | null; includeInactive: boolean }, context: RegistryContext): Municipality[] =>
      context
        .registry()
        .municipalities.filter((entry) => (args.includeInactive || entry.active) && (!args.kind || entry.kind === args.kind))
        .map(toMunicipality),
    municipalityByKey: (_: unknown, args: { key: string }, context: RegistryContext) => byKey(context, args.key),
  },
  Municipality: {
    __resolveReference: (reference: { key: string }, context: RegistryContext) => byKey(context, reference.key),
    parent: (municipality: Municipality, _: unknown, context: RegistryContext) => byKey(context, municipality.parentKey),
    children: (municipality: Municipality, _: unknown, context: RegistryContext): Municipality[] =>
      context
        .registry()
        .municipalities.filter((entry) => entry.parent === municipality.key)
        .map(toMunicipality),
  },
};
