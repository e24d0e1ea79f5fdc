import { buildSubgraphSchema, type GraphQLResolverMap, printSubgraphSchema } from '@apollo/subgraph';
import { type GraphQLSchema, parse } from 'graphql';
import { type RegistryContext, registryResolvers } from './municipality/municipality.resolver.js';
import { registryTypeDefs } from './municipality/municipality.types.js';

export interface RegistrySchema {
  schema: GraphQLSchema;
  /** The subgraph SDL as `_service { sdl }` serves it; committed as schema/registry.graphql. */
  sdl: string;
}

let built: RegistrySchema | undefined;

/** The registry subgraph: the municipalities as data. Not per municipality: the gateway runs it in process. */
export async function buildRegistrySchema(): Promise<RegistrySchema> {
  if (!built) {
    const schema = buildSubgraphSchema([{ typeDefs: parse(registryTypeDefs), resolvers: registryResolvers as GraphQLResolverMap<RegistryContext> }]);
    built = { schema, sdl: printSubgraphSchema(schema) };
  }
  return built;
}
