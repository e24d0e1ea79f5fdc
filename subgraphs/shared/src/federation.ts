import 'reflect-metadata';
import { buildSubgraphSchema, type GraphQLResolverMap, printSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { type GraphQLSchema, parse } from 'graphql';
import { buildSchema, createResolversMap, type NonEmptyArray } from 'type-graphql';

import { fanOutDirectiveDefinition, fanOutSpecUrl } from './fan-out.js';

export const federationLink = `extend schema
  @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@composeDirective", "@inaccessible"])
  @link(url: "${fanOutSpecUrl}", import: ["@fanOut"])
  @composeDirective(name: "@fanOut")

${fanOutDirectiveDefinition}`;

export type ReferenceResolvers = Record<string, { __resolveReference: (reference: any, context: any) => unknown }>;

export interface FederatedSchemaOptions {
  resolvers: NonEmptyArray<Function>;
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
  const typeDefs = parse(`${federationLink}\n\n${printSchemaWithDirectives(typeGraphqlSchema)}`);
  const resolvers = createResolversMap(typeGraphqlSchema) as GraphQLResolverMap<unknown>;
  for (const [typeName, reference] of Object.entries(options.referenceResolvers ?? {})) {
    resolvers[typeName] = { ...(resolvers[typeName] as object), ...reference } as GraphQLResolverMap<unknown>[string];
  }
  const schema = buildSubgraphSchema([{ typeDefs, resolvers }]);
  return { schema, sdl: printSubgraphSchema(schema) };
}
