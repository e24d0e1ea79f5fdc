import 'reflect-metadata';
import { buildSubgraphSchema, type GraphQLResolverMap, printSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { federationLinkOf } from '@kita/schema';
import { type GraphQLSchema, parse } from 'graphql';
import { buildSchema, createResolversMap, type NonEmptyArray } from 'type-graphql';

export type ReferenceResolvers = Record<string, { __resolveReference: (reference: any, context: any) => unknown }>;

export interface FederatedSchemaOptions {
  resolvers: NonEmptyArray<Function>;
  /** The subgraph's name when it runs once per municipality (declared with `@perMunicipality`); absent for the registry subgraph. */
  perMunicipality?: string;
  orphanedTypes?: Function[];
  referenceResolvers?: ReferenceResolvers;
}

export interface FederatedSchema {
  schema: GraphQLSchema;
  /** The subgraph SDL as `_service { sdl }` serves it; committed under schema/. */
  sdl: string;
}

/** The one place a type-graphql schema becomes a Federation 2 subgraph schema. */
export async function buildFederatedSchema(options: FederatedSchemaOptions): Promise<FederatedSchema> {
  const typeGraphqlSchema = await buildSchema({
    resolvers: options.resolvers,
    orphanedTypes: options.orphanedTypes,
    skipCheck: true,
    validate: false,
  });
  const typeDefs = parse(`${federationLinkOf({ perMunicipality: options.perMunicipality })}\n\n${printSchemaWithDirectives(typeGraphqlSchema)}`);
  const resolvers = createResolversMap(typeGraphqlSchema) as GraphQLResolverMap<unknown>;
  for (const [typeName, reference] of Object.entries(options.referenceResolvers ?? {})) {
    resolvers[typeName] = { ...(resolvers[typeName] as object), ...reference } as GraphQLResolverMap<unknown>[string];
  }
  const schema = buildSubgraphSchema([{ typeDefs, resolvers }]);
  return { schema, sdl: printSubgraphSchema(schema) };
}
