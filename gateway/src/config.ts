import { envSchemas, parseConfig, serviceKeyEnvSchema } from '@kita/shared';
import { z } from 'zod';

const gatewayEnvSchema = z
  .object({
    NODE_ENV: envSchemas.nodeEnv,
    PORT: envSchemas.port(4000),
    HOST: z.string().default('0.0.0.0'),
    SUPERGRAPH_PATH: z.string().optional(),
    INTROSPECTION: envSchemas.booleanFlag.optional(),
    LANDING_PAGE: envSchemas.booleanFlag.optional(),
    REGISTRY_PATH: z.string().optional(),
    TENANT_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(2500),
    CIRCUIT_FAILURES: z.coerce.number().int().min(1).max(100).default(3),
    CIRCUIT_OPEN_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
    /** The gateway's private service key (a JWK with "d" and "kid"; `npm run keys -- --gateway` makes one); its public half is `gateway.serviceKeys` in the registry. */
    SERVICE_KEY: serviceKeyEnvSchema,
  });

export type GatewayEnv = z.infer<typeof gatewayEnvSchema>;

/** The gateway's configuration, parsed once with every bad value reported together. */
export function loadGatewayEnv(env: Record<string, string | undefined> = process.env): GatewayEnv {
  return parseConfig('the gateway', gatewayEnvSchema, env);
}
