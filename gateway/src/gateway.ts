import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import {
  landingPage,
  maskUnexpectedErrors,
  sendJson,
  serveGraphQL,
  type HttpEndpoint,
  type Logger,
  type SubgraphName,
  type TokenVerifier,
} from '@kita/shared';
import type { GatewayContext } from './context.js';
import { SubgraphDataSource, type SubgraphCallObserver } from './data-source.js';

// A municipal deployment must not phone home: @apollo/gateway reports usage and probes
// cloud metadata unless this is set, so the gateway sets it itself.
process.env.APOLLO_TELEMETRY_DISABLED = '1';

export interface GatewayOptions {
  supergraphSdl: string;
  /** Per-subgraph URL overrides; others use the URL in the supergraph. */
  subgraphUrls?: Partial<Record<SubgraphName, string>>;
  verifier: TokenVerifier;
  port: number;
  host?: string;
  introspection: boolean;
  landingPage: boolean;
  logger: Logger;
  observe?: SubgraphCallObserver;
}

export interface RunningGateway extends HttpEndpoint {
  gateway: ApolloGateway;
}

/** Apollo Server 5 + @apollo/gateway on the static supergraph; verifies tokens and forwards them. */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) => {
      const target = options.subgraphUrls?.[name as SubgraphName] ?? url;
      if (!target) throw new Error(`subgraph ${name} has no URL`);
      return new SubgraphDataSource(name, target, options.observe);
    },
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: options.introspection,
    includeStacktraceInErrorResponses: false,
    formatError: maskUnexpectedErrors(options.logger),
    plugins: [landingPage(options.landingPage)],
  });
  await apollo.start();
  const endpoint = await serveGraphQL({
    apollo,
    port: options.port,
    host: options.host,
    context: async (request) => {
      const authorization = request.headers.authorization;
      const viewer = await options.verifier.viewerFor(authorization);
      return { viewer, authorization };
    },
    routes: {
      '/health': (_request, response) => sendJson(response, 200, { status: 'ok' }),
    },
  });
  return { ...endpoint, gateway };
}
