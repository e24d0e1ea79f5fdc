import { z } from 'zod';
import { logLevels } from './log.js';

/** Raised once per deployable with every bad configuration value listed. */
export class ConfigError extends Error {
  constructor(
    readonly deployable: string,
    readonly problems: string[],
  ) {
    super(`Invalid configuration for ${deployable}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Values of these keys are never echoed back in a configuration error. */
const sensitiveKey = /SECRET|PASSWORD|TOKEN|DATABASE_URL|REDIS_URL|_KEY$/i;

/** A check across several values; returns a problem (`KEY: message`) or nothing. */
export type CrossCheck = (env: Record<string, string | undefined>) => string | undefined;

/**
 * Parses the environment once against a schema; the only place that reads configuration.
 * Empty values count as unset. Every problem, including cross-checks, is reported at once.
 */
export function parseConfig<S extends z.ZodType>(
  deployable: string,
  schema: S,
  rawEnv: Record<string, string | undefined>,
  crossChecks: CrossCheck[] = [],
): z.infer<S> {
  const env = Object.fromEntries(Object.entries(rawEnv).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const result = schema.safeParse(env);
  const problems = result.success
    ? []
    : result.error.issues.map((issue) => {
        const key = issue.path.join('.') || '(root)';
        const value = issue.path.length === 1 ? env[String(issue.path[0])] : undefined;
        const shown = value !== undefined && !sensitiveKey.test(key) ? ` (got "${value}")` : '';
        return `${key}: ${issue.message}${shown}`;
      });
  for (const check of crossChecks) {
    const problem = check(env);
    if (problem) problems.push(problem);
  }
  if (problems.length) throw new ConfigError(deployable, problems);
  return (result as { data: z.infer<S> }).data;
}

const booleanFlag = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((value) => value === 'true' || value === '1' || value === 'yes');

export const envSchemas = {
  port: (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback),
  booleanFlag,
  nodeEnv: z.enum(['development', 'production', 'test']).default('development'),
  /** `LOG_LEVEL`: the lowest level written (debug adds the subgraphs' access log). */
  logLevel: z.enum(logLevels).default('info'),
  postgresUrl: z.string().refine((value) => /^postgres(ql)?:\/\//.test(value), 'must be a postgres:// URL'),
};
