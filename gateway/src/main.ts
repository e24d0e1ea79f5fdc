import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ConfigError, createLogger, followingTrust, gatewayPrincipal, singleKeyring, startTracing, TokenVerifier } from '@kita/core';
import { emptyRegistry, loadRegistry, RegistryError, watchRegistry } from '@kita/registry';
import { perMunicipalitySubgraphs, supergraphPath } from '@kita/schema';
import { loadGatewayEnv } from './config.js';

// Entry point of a deployed gateway (stateless; run as many replicas as needed):
//   node gateway/dist/main.js [--supergraph FILE] [--registry FILE]
// Without a registry it is a plain federation gateway over the supergraph's URLs.
let logger = createLogger('gateway');
try {
  const { values } = parseArgs({ options: { supergraph: { type: 'string' }, registry: { type: 'string' } } });
  const env = loadGatewayEnv();
  logger = createLogger('gateway', undefined, { level: env.LOG_LEVEL });
  // Before @apollo/gateway is loaded: it binds its tracer (`gateway.request`, `gateway.fetch` spans)
  // when its module loads, and a tracer bound before a provider is registered stays a no-op.
  const tracing = startTracing({ serviceName: env.OTEL_SERVICE_NAME, endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT });
  const { startGateway } = await import('./gateway.js');
  const { loadPersistedDocuments } = await import('./persisted-documents.js');
  const registryPath = values.registry ?? env.REGISTRY_PATH;
  const supergraphSdl = await readFile(values.supergraph ?? env.SUPERGRAPH_PATH ?? supergraphPath, 'utf8');
  // The registry lists, per municipality, the subgraphs the supergraph declares per municipality (`@perMunicipality`).
  const tenantSubgraphs = perMunicipalitySubgraphs(supergraphSdl);
  const registry = registryPath ? await loadRegistry(registryPath, { subgraphs: tenantSubgraphs }) : emptyRegistry;
  // People's tokens are checked against the registry's identity providers and trusted issuers, as reloaded.
  let current = registry;
  const development = env.NODE_ENV !== 'production';
  const gateway = await startGateway({
    supergraphSdl,
    registry,
    tenancy: { timeoutMs: env.TENANT_TIMEOUT_MS, failureThreshold: env.CIRCUIT_FAILURES, openMs: env.CIRCUIT_OPEN_MS },
    verifier: new TokenVerifier(followingTrust(() => current.trust)),
    serviceKeys: await singleKeyring(gatewayPrincipal, JSON.parse(env.SERVICE_KEY)),
    port: env.PORT,
    host: env.HOST,
    introspection: env.INTROSPECTION ?? development,
    landingPage: env.LANDING_PAGE ?? development,
    production: !development,
    maxBodyBytes: env.MAX_BODY_BYTES,
    maxQueryCost: env.MAX_QUERY_COST,
    cors: { origins: () => env.CORS_ORIGINS },
    rateLimit: env.RATE_LIMIT_PER_MINUTE > 0 ? { points: env.RATE_LIMIT_PER_MINUTE, durationSeconds: 60 } : undefined,
    logger,
    processMetrics: true,
    responseCache: env.RESPONSE_CACHE
      ? {
          ttlMs: env.RESPONSE_CACHE_TTL_MS,
          maxAgeSeconds: env.RESPONSE_CACHE_MAX_AGE,
          maxBytes: env.RESPONSE_CACHE_MAX_MB * 1024 * 1024,
          redisUrl: env.RESPONSE_CACHE_REDIS_URL,
          eventsIntervalMs: env.RESPONSE_CACHE_EVENTS_INTERVAL_MS,
        }
      : undefined,
    preparedOperations: env.PREPARED_OPERATIONS,
    persistedDocuments: env.PERSISTED_DOCUMENTS ? await loadPersistedDocuments(env.PERSISTED_DOCUMENTS, env.PERSISTED_DOCUMENTS_ONLY) : undefined,
  });
  const watcher = registryPath
    ? watchRegistry(registryPath, {
        subgraphs: tenantSubgraphs,
        onChange: (next) => {
          current = next;
          void gateway.reload(next);
        },
        onError: (error) => gateway.tenancy.reloadFailed(error.problems),
        logger,
      })
    : undefined;
  logger.info('listening', { url: gateway.url, municipalities: registry.municipalities.length });
  const stop = async () => {
    watcher?.close();
    await gateway.close();
    await tracing.shutdown();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
} catch (error) {
  if (error instanceof ConfigError || error instanceof RegistryError) console.error(error.message);
  else console.error('gateway failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
}
