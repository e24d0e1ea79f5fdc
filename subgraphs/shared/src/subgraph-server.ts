import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { Logger } from '@kita/core';
import {
  type EventConsumerMetrics,
  edgeProtection,
  type HttpEndpoint,
  instanceMetrics,
  landingPage,
  maskUnexpectedErrors,
  metricsRegistry,
  metricsRoute,
  operationRecorder,
  type RouteHandler,
  requestMetrics,
  sendJson,
  serveGraphQL,
  serviceAuthorizationHeader,
  subgraphQueryLimits,
  type TokenVerifier,
  type UploadLimit,
  uncacheable,
  verifyServiceToken,
} from '@kita/core';
import type { MunicipalityKey } from '@kita/schema';
import { unauthenticatedRequest } from '@kita/schema';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { GraphQLSchema } from 'graphql';
import type { SubgraphContext } from './context.js';
import { gatewayOnly } from './gateway-only.js';
import { type Database, databaseAnswers } from './orm.js';

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
  /** Extra plain HTTP routes (the module's); `/health` (liveness) and `/ready` (the database answers) are always served. */
  routes?: Record<string, RouteHandler>;
  /** The module's upload mutations and their larger body limit; every other request has serveGraphQL's 1 MB, as at the gateway. */
  uploads?: UploadLimit;
  /** Also export the process's CPU, memory and event loop metrics (a deployed instance: one per process). */
  processMetrics?: boolean;
}

export interface SubgraphServer extends HttpEndpoint {
  subgraph: string;
  municipality: MunicipalityKey;
  database: Database;
  /** Where the instance's event consumers report their lag (`/metrics`). */
  consumerMetrics: EventConsumerMetrics;
  /** The module's background work, if any (see SubgraphModule.start). */
  background?: { stop(): void | Promise<void>; catchUp?(): Promise<unknown>; running?(): boolean };
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
  // Its own registry: one process may serve many instances (npm start), each scraped on its own port.
  const metrics = metricsRegistry({ subgraph: options.subgraph, municipality }, { processMetrics: options.processMetrics });
  const consumerMetrics = instanceMetrics(metrics, () => database.orm.em.getConnection().getNativeClient());
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
    plugins: [
      landingPage(!options.production),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      uncacheable(),
      gatewayOnly(options.sdl),
      operationRecorder(),
      ...edge.plugins,
    ],
    validationRules: edge.validationRules,
    parseOptions: edge.parseOptions,
  });
  await apollo.start();
  const endpoint = await serveGraphQL({
    apollo,
    port: options.port,
    host: options.host,
    uploads: options.uploads,
    // Debug: the gateway's access log already has every request, with the same request id.
    accessLog: { logger, level: 'debug' },
    onRequest: requestMetrics(metrics, 'kita_subgraph'),
    context: async (request, { requestId }) => {
      const viewer = await verifier.viewerFor(request.headers.authorization);
      const service = await callingService(verifier, request.headers[serviceAuthorizationHeader]);
      const em = database.orm.em.fork() as EntityManager;
      return { em, viewer, service, municipality, loaders: options.createLoaders(em, municipality), requestId, logger: logger.child({ requestId }) };
    },
    routes: {
      ...options.routes,
      '/metrics': metricsRoute(metrics),
      '/health': (_request, response) => sendJson(response, 200, { subgraph: options.subgraph, municipality, status: 'ok' }),
      // Liveness is `/health` (cheap, no database); ready means the database answers.
      '/ready': async (_request, response) => {
        const database = await databaseAnswers(options.database);
        if (database.ok) return sendJson(response, 200, { subgraph: options.subgraph, municipality, status: 'ready' });
        // The body names no host or user: the problem goes to the log.
        logger.warn('database_not_ready', { problem: database.problem });
        sendJson(response, 503, { subgraph: options.subgraph, municipality, status: 'unavailable', reason: 'the database does not answer' });
      },
    },
  });
  return { ...endpoint, subgraph: options.subgraph, municipality, database, consumerMetrics };
}
