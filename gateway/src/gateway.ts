import type { IncomingMessage } from 'node:http';
import { ApolloGateway, type GraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import {
  type Exchange,
  edgeProtection,
  enforceScalarInputs,
  type HttpEndpoint,
  type Logger,
  landingPage,
  maskUnexpectedErrors,
  metricsRoute,
  operationRecorder,
  type QueryLimits,
  type ServeOptions,
  type ServiceKeyring,
  sendJson,
  serveGraphQL,
  serviceTokens,
  type TokenVerifier,
  type TrustDocument,
  type UploadLimit,
} from '@kita/core';
import { emptyRegistry, type Registry } from '@kita/registry';
import { type MunicipalityKey } from '@kita/schema';
import { ResponseCache, type ResponseCacheOptions } from './cache/response-cache.js';
import type { GatewayContext } from './context.js';
import { RegistryDataSource, type SubgraphCallObserver, SubgraphDataSource } from './data-source.js';
import { mediaPathPrefix, mediaProxy } from './media-proxy.js';
import { gatewayMetrics } from './metrics.js';
import { type PersistedDocuments, persistedQueryCache, safelistPlugin } from './persisted-documents.js';
import { PreparedOperations } from './prepared/prepared-operations.js';
import { readyRoute, statusRoute } from './probes.js';
import { registryInstancesPath, registryInstancesRoute } from './registry-instances.js';
import { defaultMaxQueryCost, queryCostPlugin, readCostModel } from './tenancy/cost.js';
import { TenantRouter } from './tenancy/router.js';
import { readRootFields } from './tenancy/supergraph-info.js';
import { Tenancy } from './tenancy/tenancy.js';

// A municipal deployment must not phone home: @apollo/gateway reports usage and probes
// cloud metadata unless this is set, so the gateway sets it itself.
process.env.APOLLO_TELEMETRY_DISABLED = '1';

export interface TenancyOptions {
  /** Per-municipality timeout of one subgraph request. */
  timeoutMs: number;
  /** Timeout of a mutation's one request (default: six times timeoutMs). */
  mutationTimeoutMs?: number;
  failureThreshold: number;
  openMs: number;
  recheckMs?: number;
  /** How often every instance's `/health` is asked (liveness for `/status`; default 10 s). */
  livenessMs?: number;
  /** How often an instance whose circuit is open is asked (default 500 ms): a restarted instance is used again as soon as it answers. */
  probeMs?: number;
}

export const defaultTenancyOptions: TenancyOptions = { timeoutMs: 2500, failureThreshold: 3, openMs: 10_000 };

export interface GatewayOptions {
  supergraphSdl: string;
  /** The municipality registry; empty makes this a plain federation gateway. */
  registry?: Registry;
  tenancy?: Partial<TenancyOptions>;
  /** URL overrides for subgraphs that are not per municipality. */
  subgraphUrls?: Record<string, string>;
  /** Verifies people's tokens against the identity providers and per-municipality trust. */
  verifier: TokenVerifier;
  /** Holds the gateway's private service key: instances answer introspection, `_service` and gateway-only fields to it alone. */
  serviceKeys?: ServiceKeyring;
  /** What `/trust` serves to instances (identity providers, trusted issuers, public service keys); the registry's by default. */
  trustDocument?: () => TrustDocument;
  port: number;
  host?: string;
  introspection: boolean;
  landingPage: boolean;
  /** No field suggestions ("Did you mean …") in error messages (default false: development keeps them for Sandbox). */
  production?: boolean;
  logger: Logger;
  observe?: SubgraphCallObserver;
  /** Depth, breadth, alias and token limits (defaults in @kita/core's `defaultQueryLimits`, the subgraphs' too). */
  queryLimits?: Partial<QueryLimits>;
  /** Rows an operation may make the municipalities produce (`MAX_QUERY_COST`, default `defaultMaxQueryCost`); see `operationCost`. */
  maxQueryCost?: number;
  /** Committed SDL per subgraph (defaults to schema/<name>.graphql). */
  sdlOf?: (subgraph: string) => Promise<string>;
  /** Largest request body (default 1 MB, `MAX_BODY_BYTES`); upload mutations have `uploads`. */
  maxBodyBytes?: number;
  /** The upload mutations and their larger body limit (default `defaultUploads`). */
  uploads?: UploadLimit;
  /** Browser frontends on other origins (`CORS_ORIGINS`), besides every municipality's `frontendOrigins` in the registry. */
  cors?: ServeOptions<GatewayContext>['cors'];
  /** GraphQL requests per client address (`RATE_LIMIT_PER_MINUTE`); no limit without it. */
  rateLimit?: ServeOptions<GatewayContext>['rateLimit'];
  /** Also export the process's CPU, memory and event loop metrics at `/metrics` (a deployed gateway: one per process). */
  processMetrics?: boolean;
  /** The apps' registered operations (`PERSISTED_DOCUMENTS`), accepted by hash; with `safelist`, the only ones accepted. */
  persistedDocuments?: PersistedDocuments;
  /** Caches anonymous public reads (gateway/src/cache; `RESPONSE_CACHE`); no cache without it. */
  responseCache?: ResponseCacheOptions;
  /** Answers queries the pipeline has accepted once without it (gateway/src/prepared; `PREPARED_OPERATIONS`, default true). */
  preparedOperations?: boolean;
}

// What a browser sends (`de-DE,de;q=0.9,en;q=0.8`); anything else is not passed on.
const acceptLanguagePattern = /^[A-Za-z0-9,;=.* -]{1,200}$/;

/**
 * The facility subgraph's `addFacilityMedia` (its `mediaUploads`): a 5 MiB attachment in base64
 * plus the query. Only these requests may exceed the ordinary body limit.
 */
export const defaultUploads: UploadLimit = { maxBodyBytes: 8 * 1024 * 1024, mutations: ['addFacilityMedia'] };

export interface RunningGateway extends HttpEndpoint {
  gateway: ApolloGateway;
  tenancy: Tenancy;
  /** The response cache, when on. */
  responseCache?: ResponseCache;
  /** Swaps in a new registry (what the file watcher calls) and re-checks instances. */
  reload(registry: Registry): Promise<void>;
}

const subgraphNamesOf = (supergraphSdl: string) => [...supergraphSdl.matchAll(/@join__graph\(name: "([^"]+)"/g)].map((match) => match[1]);

/**
 * Apollo Server 5 + @apollo/gateway on the static supergraph. Subgraphs listed in the registry
 * are routed per municipality by the tenant router; any other subgraph is called at its URL,
 * exactly as a plain federation gateway would. Tokens are verified here and forwarded.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const tenancyOptions = { ...defaultTenancyOptions, ...options.tenancy };
  const serviceToken = options.serviceKeys ? serviceTokens(options.serviceKeys, 'gateway') : undefined;
  // Circuits are read when scraped, from the tenancy made just below.
  const metrics = gatewayMetrics(() => tenancy, { processMetrics: options.processMetrics });
  const tenancy = new Tenancy(options.registry ?? emptyRegistry, {
    ...tenancyOptions,
    logger: options.logger,
    sdlOf: options.sdlOf,
    serviceToken: serviceToken && ((municipality) => serviceToken(municipality as MunicipalityKey)),
    onFetch: metrics.fetched,
    onRegistryChange: metrics.registryChanged,
  });
  const trustDocument = options.trustDocument ?? (() => tenancy.registry().trustDocument);
  const rootFields = readRootFields(options.supergraphSdl);
  const urls: Record<string, string> = { ...options.subgraphUrls };
  const responseCache = options.responseCache
    ? new ResponseCache({
        options: options.responseCache,
        supergraphSdl: options.supergraphSdl,
        rootFields,
        registry: tenancy.registry,
        serviceToken: serviceToken && ((municipality) => serviceToken(municipality as MunicipalityKey)),
        timeoutMs: tenancyOptions.timeoutMs,
        logger: options.logger,
        metrics: metrics.registry,
      })
    : undefined;
  // The registry subgraph runs inside the gateway, unless a URL for it was given.
  const registrySubgraph =
    subgraphNamesOf(options.supergraphSdl).includes('registry') && !urls.registry
      ? await RegistryDataSource.create(tenancy.registry, options.observe)
      : undefined;

  const edge = edgeProtection<GatewayContext>({ limits: options.queryLimits, production: options.production ?? false });
  const costModel = readCostModel(options.supergraphSdl, rootFields);
  const maxCost = options.maxQueryCost ?? defaultMaxQueryCost;
  const formatError = maskUnexpectedErrors(options.logger);
  const context = async (request: IncomingMessage, { requestId }: Exchange): Promise<GatewayContext> => {
    const authorization = request.headers.authorization;
    const viewer = await options.verifier.viewerFor(authorization);
    const acceptLanguage = request.headers['accept-language'];
    return { viewer, authorization, requestId, ...(acceptLanguage && acceptLanguagePattern.test(acceptLanguage) ? { acceptLanguage } : {}) };
  };
  const prepared =
    (options.preparedOperations ?? true)
      ? new PreparedOperations({
          context,
          registry: tenancy.registry,
          costModel,
          maxCost,
          formatError,
          refineError: edge.refineError,
          responseCache,
          metrics: metrics.registry,
        })
      : undefined;

  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    ...(prepared ? { experimental_didResolveQueryPlan: prepared.didResolveQueryPlan } : {}),
    buildService: ({ name, url }): GraphQLDataSource<GatewayContext> => {
      if (name === 'registry' && registrySubgraph) return registrySubgraph;
      const plain = new SubgraphDataSource(name, urls[name] ?? url ?? '', options.observe);
      const router = new TenantRouter({
        subgraph: name,
        registry: tenancy.registry,
        rootFields,
        client: tenancy.client,
        logger: options.logger,
        observe: options.observe,
      });
      // Decided per request, so that a reloaded registry can start or stop routing a subgraph.
      return {
        process: (request) => (tenancy.registry().tenantSubgraphs.has(name) ? router.process(request) : plain.process(request)),
      } as GraphQLDataSource<GatewayContext>;
    },
  });
  // A bad LocalDate is refused here, once, rather than by every municipality (the same schema object validates and coerces variables).
  let supergraphLoaded = false;
  gateway.onSchemaLoadOrUpdate(({ apiSchema }) => {
    enforceScalarInputs(apiSchema);
    prepared?.schemaChanged(apiSchema);
    supergraphLoaded = true;
  });
  // Hostile or careless queries are refused before anything is planned or sent (`edge`, above).
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: options.introspection,
    includeStacktraceInErrorResponses: false,
    // Shutdown is ours: one process may host many servers, and Ctrl-C stops them in order.
    stopOnTerminationSignals: false,
    formatError,
    plugins: [
      landingPage(options.landingPage),
      operationRecorder(),
      safelistPlugin(options.persistedDocuments),
      ...edge.plugins,
      // Fan-out priced: rows × municipalities reached, refused before anything is planned or sent.
      queryCostPlugin<GatewayContext>({ model: costModel, registry: tenancy.registry, maxCost }),
      // After the refusals above: only what would be run is answered from the cache, or prepared.
      ...(responseCache ? [responseCache.plugin()] : []),
      ...(prepared ? [prepared.plugin()] : []),
    ],
    validationRules: edge.validationRules,
    parseOptions: edge.parseOptions,
    // APQ with the apps' registered documents preloaded: by hash, no text to send or parse again.
    persistedQueries: { cache: persistedQueryCache(options.persistedDocuments) },
  });
  await apollo.start();
  await tenancy.checkAll();
  tenancy.startRechecks();
  responseCache?.start();
  const endpoint = await serveGraphQL({
    apollo,
    port: options.port,
    host: options.host,
    maxBodyBytes: options.maxBodyBytes,
    uploads: options.uploads ?? defaultUploads,
    // The registry's frontend origins follow its reloads; the configured ones stay.
    cors: { origins: () => [...(options.cors?.origins() ?? []), ...tenancy.registry().frontendOrigins] },
    rateLimit: options.rateLimit,
    accessLog: { logger: options.logger, level: 'info' },
    onRequest: metrics.request,
    // Cache hits and prepared operations: requests the pipeline already accepted, answered before Apollo Server runs.
    ...(responseCache || prepared
      ? {
          answerEarly: async (request, body, exchange, response) =>
            (!!responseCache && (await responseCache.answerEarly(request, body, exchange, response))) ||
            (!!prepared && (await prepared.answer(request, body, exchange, response))),
        }
      : {}),
    context,
    routes: {
      '/health': (_request, response) => sendJson(response, 200, { status: 'ok' }),
      // For the operator's scraper: counts and timings only; keep it off the public proxy like /status.
      '/metrics': metricsRoute(metrics.registry),
      // Public keys and issuers only: what every instance needs to verify people and services.
      '/trust': (_request, response) => sendJson(response, 200, trustDocument()),
      [mediaPathPrefix]: mediaProxy({ tenancy, timeoutMs: tenancyOptions.timeoutMs, logger: options.logger }),
      // Internal addresses: for registered municipalities' service tokens only.
      [registryInstancesPath]: registryInstancesRoute({ tenancy, verifier: options.verifier }),
      '/ready': readyRoute({ tenancy, supergraphLoaded: () => supergraphLoaded }),
      '/status': statusRoute(tenancy),
    },
  });
  return {
    ...endpoint,
    gateway,
    tenancy,
    responseCache,
    reload: (registry) => tenancy.replace(registry),
    close: async () => {
      await endpoint.close();
      await responseCache?.close();
      await tenancy.stop();
    },
  };
}
