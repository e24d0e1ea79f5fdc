import { ConfigError, defaultMaxBodyBytes, envSchemas, parseConfig, serviceKeyEnvSchema } from '@kita/core';
import { z } from 'zod';

/** `https://kita.lueneburg.de,https://…`: each an origin exactly as a browser sends it (scheme, host, port; no path). */
const originList = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
  )
  .refine(
    (origins) => origins.every((origin) => URL.canParse(origin) && new URL(origin).origin === origin),
    'must be a comma-separated list of origins such as https://kita.example.de',
  );

/** Exported for checking deployment manifests (deploy/test); read it through `loadGatewayEnv`. */
export const gatewayEnvSchema = z.object({
  NODE_ENV: envSchemas.nodeEnv,
  PORT: envSchemas.port(4000),
  LOG_LEVEL: envSchemas.logLevel,
  /** OTLP/HTTP collector (e.g. http://otel-collector:4318): traces go to `<url>/v1/traces`; unset, no tracing at all. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url('must be the URL of an OTLP/HTTP collector, e.g. http://otel-collector:4318').optional(),
  /** `service.name` of the gateway's spans. */
  OTEL_SERVICE_NAME: z.string().min(1).default('kita-gateway'),
  HOST: z.string().default('0.0.0.0'),
  SUPERGRAPH_PATH: z.string().optional(),
  INTROSPECTION: envSchemas.booleanFlag.optional(),
  LANDING_PAGE: envSchemas.booleanFlag.optional(),
  REGISTRY_PATH: z.string().optional(),
  TENANT_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(2500),
  CIRCUIT_FAILURES: z.coerce.number().int().min(1).max(100).default(3),
  CIRCUIT_OPEN_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** Largest request body; `addFacilityMedia` uploads have their own 8 MiB. */
  MAX_BODY_BYTES: z.coerce.number().int().min(10_000).max(100_000_000).default(defaultMaxBodyBytes),
  /** Rows one operation may make the municipalities produce: list sizes times the municipalities each field reaches (QUERY_TOO_COMPLEX above it). */
  MAX_QUERY_COST: z.coerce.number().int().min(100).max(100_000_000).default(50_000),
  /** The apps' registered operations (the SDK's persisted-documents.json): accepted by hash alone (APQ's `extensions.persistedQuery`). */
  PERSISTED_DOCUMENTS: z.string().min(1).optional(),
  /** Accept only those operations (a safelist; needs PERSISTED_DOCUMENTS): anything else is PERSISTED_QUERY_NOT_IN_LIST. Off by default, so that Sandbox and developers can send any operation. */
  PERSISTED_DOCUMENTS_ONLY: envSchemas.booleanFlag.default(false),
  /** Caches anonymous public reads (search, markers, profiles, free places, municipalities; gateway/src/cache/public-operations.ts), invalidated by the municipalities' facility and vacancy events. On by default. */
  RESPONSE_CACHE: envSchemas.booleanFlag.default(true),
  /** How long a cached answer is kept at most: the safety net when a municipality's events cannot be read. */
  RESPONSE_CACHE_TTL_MS: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
  /** `Cache-Control: public, max-age=…` (seconds) of cacheable GET answers, for browsers and CDNs; ETags let them revalidate. */
  RESPONSE_CACHE_MAX_AGE: z.coerce.number().int().min(0).max(300).default(1),
  /** Size of the in-process cache (without Redis). */
  RESPONSE_CACHE_MAX_MB: z.coerce.number().int().min(1).max(4096).default(64),
  /** Redis (redis://[user:password@]host:6379[/db], rediss:// for TLS) instead of memory: replicas share answers and invalidations. */
  RESPONSE_CACHE_REDIS_URL: z
    .url('must be a Redis URL, e.g. redis://redis:6379')
    .refine((url) => /^rediss?:\/\//.test(url), 'must start with redis:// or rediss://')
    .optional(),
  /** How often every active municipality's facility and vacancy `/events` are read; 0 reads none (the TTL alone invalidates). */
  RESPONSE_CACHE_EVENTS_INTERVAL_MS: z.coerce
    .number()
    .int()
    .refine((value) => value === 0 || (value >= 100 && value <= 60_000), 'must be 0 or between 100 and 60000')
    .default(1000),
  /** Answers a query the pipeline has accepted once (the same document or hash) without Apollo Server's pipeline the next times (gateway/src/prepared). On by default; off for comparison or if an answer ever differs. */
  PREPARED_OPERATIONS: envSchemas.booleanFlag.default(true),
  /** Municipal frontends on their own origins that may call the gateway from a browser. */
  CORS_ORIGINS: originList,
  /** GraphQL requests per client address and minute; 0 turns the limit off (e.g. behind a proxy that limits). */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  /** The gateway's private service key (a JWK with "d" and "kid"; `npm run keys -- --gateway` makes one); its public half is `gateway.serviceKeys` in the registry. */
  SERVICE_KEY: serviceKeyEnvSchema,
});

export type GatewayEnv = z.infer<typeof gatewayEnvSchema>;

/** The gateway's configuration, parsed once with every bad value reported together. */
export function loadGatewayEnv(env: Record<string, string | undefined> = process.env): GatewayEnv {
  const parsed = parseConfig('the gateway', gatewayEnvSchema, env);
  if (parsed.PERSISTED_DOCUMENTS_ONLY && !parsed.PERSISTED_DOCUMENTS) {
    throw new ConfigError('the gateway', ['PERSISTED_DOCUMENTS_ONLY: needs PERSISTED_DOCUMENTS, the manifest of the operations to accept']);
  }
  return parsed;
}
