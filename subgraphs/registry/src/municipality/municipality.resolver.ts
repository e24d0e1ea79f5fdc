import type { MunicipalityKind, Registry } from '../registry.js';
import { toMunicipality } from './municipality.mapper.js';
import type { Municipality } from './municipality.types.js';

/** What resolvers of the registry subgraph read: the current registry (it reloads on change). */
export interface RegistryContext {
  registry: () => Registry;
}

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
