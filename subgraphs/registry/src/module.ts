import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema, type GraphQLResolverMap, printSubgraphSchema } from '@apollo/subgraph';
import { type HttpEndpoint, type Logger, maskUnexpectedErrors, serveGraphQL } from '@kita/core';
import { type GraphQLSchema, parse } from 'graphql';
import { type RegistryContext, registryResolvers, registryTypeDefs } from './municipality.schema.js';
import type { Registry } from './registry.js';

export interface RegistrySchema {
  schema: GraphQLSchema;
  /** The subgraph SDL as `_service { sdl }` serves it; committed as schema/registry.graphql. */
  sdl: string;
}

let built: RegistrySchema | undefined;

/** The registry subgraph: the municipalities as data. Not per municipality: the gateway hosts it. */
export async function buildRegistrySchema(): Promise<RegistrySchema> {
  if (!built) {
    const schema = buildSubgraphSchema([{ typeDefs: parse(registryTypeDefs), resolvers: registryResolvers as GraphQLResolverMap<RegistryContext> }]);
    built = { schema, sdl: printSubgraphSchema(schema) };
  }
  return built;
}

export async function startRegistrySubgraph(options: { registry: () => Registry; port: number; host?: string; logger: Logger }): Promise<HttpEndpoint> {
  const apollo = new ApolloServer<RegistryContext>({
    schema: (await buildRegistrySchema()).schema,
    includeStacktraceInErrorResponses: false,
    // Shutdown is ours: one process may host many servers, and Ctrl-C stops them in order.
    stopOnTerminationSignals: false,
    formatError: maskUnexpectedErrors(options.logger),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  await apollo.start();
  return serveGraphQL({ apollo, port: options.port, host: options.host ?? '127.0.0.1', context: async () => ({ registry: options.registry }) });
}
