import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { envSchemas, isMunicipalityKey, parseConfig } from '@kita/shared';
import { z } from 'zod';
import { municipalities } from './demo-data.js';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

const devEnvSchema = z
  .object({
    NODE_ENV: envSchemas.nodeEnv,
    DATABASE_URL: envSchemas.postgresUrl.optional(),
    DATA_DIR: z.string().default(path.join(repoRoot, '.data')),
    GATEWAY_PORT: envSchemas.port(4000),
    SUBGRAPH_PORT: envSchemas.port(4001),
    HOST: z.string().default('127.0.0.1'),
    MUNICIPALITIES: z
      .string()
      .default('all')
      .transform((value) =>
        value === 'all'
          ? municipalities.map((municipality) => municipality.key)
          : value
              .split(',')
              .map((key) => key.trim())
              .filter(Boolean),
      )
      .refine(
        (keys) => keys.length > 0 && keys.every((key) => isMunicipalityKey(key) && municipalities.some((known) => known.key === key)),
        'must be "all" or a comma-separated list of keys from the municipalities table in DOMAIN.md',
      ),
  })
  .extend({
    /** The embedded OpenID provider (login page, demo accounts). */
    LOGIN_PORT: envSchemas.port(4400),
    /** The parent portal's static build (http://localhost:5173 is a redirect URI of the login's kita-portal client). */
    PORTAL_PORT: envSchemas.port(5173),
    /** The workspace of providers and the office (http://localhost:5174/callback is a redirect URI of the login's kita-office client). */
    OFFICE_PORT: envSchemas.port(5174),
    /** The regional dashboard's static build (http://localhost:5175/callback is a redirect URI of the login's kita-dashboard client). */
    DASHBOARD_PORT: envSchemas.port(5175),
    /** The embedded mail server: SMTP for every instance, and the web page showing the mails. */
    MAIL_SMTP_PORT: envSchemas.port(2525),
    MAIL_WEB_PORT: envSchemas.port(1080),
    TENANT_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(2500),
    PSEUDONYM_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  });

/** The audience of the federation's access tokens (the gateway and every subgraph expect it). */
export const federationAudience = 'kita-federation';

export type DevEnv = z.infer<typeof devEnvSchema>;

/** Configuration of the laptop stack (`npm start`), parsed once. */
export function loadDevEnv(env: Record<string, string | undefined> = process.env): DevEnv {
  return parseConfig('npm start', devEnvSchema, env);
}
