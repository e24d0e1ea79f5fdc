import { ApolloGateway, type GraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import {
  landingPage,
  maskUnexpectedErrors,
  sendJson,
  serveGraphQL,
  serviceTokens,
  type HttpEndpoint,
  type Logger,
  type MunicipalityKey,
  type ServiceKeyring,
  type TokenVerifier,
  type TrustDocument,
} from '@kita/shared';
import { emptyRegistry, startRegistrySubgraph, type Registry } from '@kita/registry';
import type { GatewayContext } from './context.js';
import { queryLimitsRule, type QueryLimits } from './limits.js';
import { SubgraphDataSource, type SubgraphCallObserver } from './data-source.js';
import { mediaPathPrefix, mediaProxy } from './media-proxy.js';
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
  logger: Logger;
  observe?: SubgraphCallObserver;
  /** Depth, breadth and alias limits (defaults in limits.ts). */
  queryLimits?: QueryLimits;
  /** Committed SDL per subgraph (defaults to schema/<name>.graphql). */
  sdlOf?: (subgraph: string) => Promise<string>;
  /** Largest request body (default `defaultMaxBodyBytes`). */
  maxBodyBytes?: number;
}

/**
 * Room for the largest upload a subgraph takes: a 5 MiB attachment in base64 plus the query
 * (the facility subgraph's `maxUploadRequestBytes`).
 */
export const defaultMaxBodyBytes = 8 * 1024 * 1024;

export interface RunningGateway extends HttpEndpoint {
  gateway: ApolloGateway;
  tenancy: Tenancy;
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
  const tenancy = new Tenancy(options.registry ?? emptyRegistry, { ...tenancyOptions, logger: options.logger, sdlOf: options.sdlOf, serviceToken: serviceToken && ((municipality) => serviceToken(municipality as MunicipalityKey)) });
  const trustDocument = options.trustDocument ?? (() => tenancy.registry().trustDocument);
  const rootFields = readRootFields(options.supergraphSdl);
  const urls: Record<string, string> = { ...options.subgraphUrls };
  let registrySubgraph: HttpEndpoint | undefined;
  if (subgraphNamesOf(options.supergraphSdl).includes('registry') && !urls.registry) {
    registrySubgraph = await startRegistrySubgraph({ registry: tenancy.registry, port: 0, logger: options.logger });
    urls.registry = registrySubgraph.url;
  }

  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }): GraphQLDataSource<GatewayContext> => {
      const plain = new SubgraphDataSource(name, urls[name] ?? url ?? '', options.observe);
      const router = new TenantRouter({ subgraph: name, registry: tenancy.registry, rootFields, client: tenancy.client, logger: options.logger, observe: options.observe });
      // Decided per request, so that a reloaded registry can start or stop routing a subgraph.
      return { process: (request) => (tenancy.registry().tenantSubgraphs.has(name) ? router.process(request) : plain.process(request)) } as GraphQLDataSource<GatewayContext>;
    },
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: options.introspection,
    includeStacktraceInErrorResponses: false,
    // Shutdown is ours: one process may host many servers, and Ctrl-C stops them in order.
    stopOnTerminationSignals: false,
    formatError: maskUnexpectedErrors(options.logger),
    plugins: [landingPage(options.landingPage)],
    // Hostile or careless queries are refused before anything is planned or sent.
    validationRules: [queryLimitsRule(options.queryLimits)],
  });
  await apollo.start();
  await tenancy.checkAll();
  tenancy.startRechecks();
  const endpoint = await serveGraphQL({
    apollo,
    port: options.port,
    host: options.host,
    maxBodyBytes: options.maxBodyBytes ?? defaultMaxBodyBytes,
    context: async (request) => {
      const authorization = request.headers.authorization;
      const viewer = await options.verifier.viewerFor(authorization);
      return { viewer, authorization };
    },
    routes: {
      '/health': (_request, response) => sendJson(response, 200, { status: 'ok' }),
      // Public keys and issuers only: what every instance needs to verify people and services.
      '/trust': (_request, response) => sendJson(response, 200, trustDocument()),
      [mediaPathPrefix]: mediaProxy({ tenancy, timeoutMs: tenancyOptions.timeoutMs, logger: options.logger }),
      '/ready': (_request, response) => {
        const status = tenancy.status();
        sendJson(response, status.ready ? 200 : 503, { status: status.ready ? 'ready' : 'degraded', ...status });
      },
    },
  });
  return {
    ...endpoint,
    gateway,
    tenancy,
    reload: (registry) => tenancy.replace(registry),
    close: async () => {
      await endpoint.close();
      await tenancy.stop();
      await registrySubgraph?.close();
    },
  };
}
