import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildFederatedSchema, type FederatedSchema, type HttpEndpoint, type Logger, maskUnexpectedErrors, serveGraphQL } from '@kita/shared';
import { MunicipalityResolver, type RegistryContext, toMunicipality } from './municipality.schema.js';
import type { Registry } from './registry.js';

let schema: Promise<FederatedSchema> | undefined;

/** The registry subgraph: the municipalities as data. Not per municipality: the gateway hosts it. */
export function buildRegistrySchema(): Promise<FederatedSchema> {
  schema ??= buildFederatedSchema({
    resolvers: [MunicipalityResolver],
    referenceResolvers: {
      Municipality: {
        __resolveReference: (reference: { key: string }, context: RegistryContext) => {
          const entry = context.registry().get(reference.key);
          return entry ? toMunicipality(entry) : null;
        },
      },
    },
  });
  return schema;
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
