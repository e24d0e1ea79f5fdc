import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { GraphQLSchema } from 'graphql';
import { maskUnexpectedErrors, landingPage, uncacheable } from './apollo.js';
import { serviceAuthorizationHeader, verifyServiceToken, type TokenVerifier } from './auth.js';
import { unauthenticatedRequest } from './errors.js';
import { gatewayOnly } from './gateway-only.js';
import type { SubgraphContext } from './context.js';
import { serveGraphQL, sendJson, type HttpEndpoint, type RouteHandler, type UploadLimit } from './http.js';
import type { MunicipalityKey } from './ids.js';
import { edgeProtection, subgraphQueryLimits } from './limits.js';
import type { Logger } from './log.js';
import type { Database } from './orm.js';

export interface SubgraphServerOptions<Loaders> {
  subgraph: string;
  municipality: MunicipalityKey;
  schema: GraphQLSchema;
  /** The subgraph SDL (its `@inaccessible` fields answer the gateway only). */
  sdl: string;
  database: Database;
  verifier: TokenVerifier;
  createLoaders: (em: EntityManager, municipality: MunicipalityKey) => Loaders;
  port: number;
  host?: string;
  production: boolean;
  logger: Logger;
  /** Extra plain HTTP routes (the module's); `/health` is always served. */
  routes?: Record<string, RouteHandler>;
  /** The module's upload mutations and their larger body limit; every other request has serveGraphQL's 1 MB, as at the gateway. */
  uploads?: UploadLimit;
}

export interface SubgraphServer extends HttpEndpoint {
  subgraph: string;
  municipality: MunicipalityKey;
  database: Database;
  /** The module's background work, if any (see SubgraphModule.start). */
  background?: { stop(): void | Promise<void>; catchUp?(): Promise<unknown> };
}

/** The verified service behind a service token header (the gateway's), undefined without one; a bad one is 401. */
async function callingService(verifier: TokenVerifier, header: string | string[] | undefined): Promise<string | undefined> {
  if (header === undefined) return undefined;
  const check = await verifyServiceToken(verifier, Array.isArray(header) ? header[0] : header);
  if (!check.ok) throw unauthenticatedRequest(`The ${serviceAuthorizationHeader} header: ${check.message}`);
  return check.service;
}

/** Serves one subgraph for one municipality: its own ORM, a fresh `em.fork()` and loaders per request. */
export async function startSubgraphServer<Loaders>(options: SubgraphServerOptions<Loaders>): Promise<SubgraphServer> {
  const { database, verifier, municipality, logger } = options;
  // The gateway's limits here as well: a subgraph's port may be reached without the gateway.
  const edge = edgeProtection<SubgraphContext<Loaders>>({ limits: subgraphQueryLimits, production: options.production });
  const apollo = new ApolloServer<SubgraphContext<Loaders>>({
    schema: options.schema,
    // Introspection, `_service` and `@inaccessible` fields answer the gateway's service identity only (gatewayOnly).
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // Shutdown is ours: one process may host many servers, and Ctrl-C stops them in order.
    stopOnTerminationSignals: false,
    formatError: maskUnexpectedErrors(logger),
    // No cache hints in any subgraph: `uncacheable` gives the header the cache-control plugin would, without its per-field cost.
    plugins: [landingPage(!options.production), ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginCacheControlDisabled(), uncacheable(), gatewayOnly(options.sdl), ...edge.plugins],
    validationRules: edge.validationRules,
    parseOptions: edge.parseOptions,
  });
  await apollo.start();
  const endpoint = await serveGraphQL({
    apollo,
    port: options.port,
    host: options.host,
    uploads: options.uploads,
    context: async (request) => {
      const viewer = await verifier.viewerFor(request.headers.authorization);
      const service = await callingService(verifier, request.headers[serviceAuthorizationHeader]);
      const em = database.orm.em.fork() as EntityManager;
      return { em, viewer, service, municipality, loaders: options.createLoaders(em, municipality) };
    },
    routes: {
      ...options.routes,
      '/health': (_request, response) => sendJson(response, 200, { subgraph: options.subgraph, municipality, status: 'ok' }),
    },
  });
  return { ...endpoint, subgraph: options.subgraph, municipality, database };
}
