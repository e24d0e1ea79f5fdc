import { authEnvSchema, envSchemas, parseConfig, requireVerificationKey, subgraphNames, type SubgraphName } from '@kita/shared';
import { z } from 'zod';

const gatewayEnvSchema = z
  .object({
    NODE_ENV: envSchemas.nodeEnv,
    PORT: envSchemas.port(4000),
    HOST: z.string().default('0.0.0.0'),
    SUPERGRAPH_PATH: z.string().optional(),
    INTROSPECTION: envSchemas.booleanFlag.optional(),
    LANDING_PAGE: envSchemas.booleanFlag.optional(),
    FACILITY_URL: z.url().optional(),
    VACANCY_URL: z.url().optional(),
    RESERVATION_URL: z.url().optional(),
  })
  .extend(authEnvSchema.shape);

export type GatewayEnv = z.infer<typeof gatewayEnvSchema>;

/** The gateway's configuration, parsed once with every bad value reported together. */
export function loadGatewayEnv(env: Record<string, string | undefined> = process.env): GatewayEnv {
  return parseConfig('the gateway', gatewayEnvSchema, env, [requireVerificationKey]);
}

export function subgraphUrlOverrides(env: GatewayEnv): Partial<Record<SubgraphName, string>> {
  const urls: Partial<Record<SubgraphName, string>> = {};
  for (const name of subgraphNames) {
    const url = env[`${name.toUpperCase()}_URL` as 'FACILITY_URL'];
    if (url) urls[name] = url;
  }
  return urls;
}
