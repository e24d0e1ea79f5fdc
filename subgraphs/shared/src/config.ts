import { z } from 'zod';

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

/** Parses the environment once against a schema; the only place that reads configuration. */
export function parseConfig<S extends z.ZodType>(deployable: string, schema: S, env: Record<string, string | undefined>): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = issue.path.join('.') || '(root)';
    const value = issue.path.length === 1 ? env[String(issue.path[0])] : undefined;
    return `${key}: ${issue.message}${value !== undefined ? ` (got "${value}")` : ''}`;
  });
  throw new ConfigError(deployable, problems);
}

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

export const envSchemas = {
  port: (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback),
  booleanFlag,
  nodeEnv: z.enum(['development', 'production', 'test']).default('development'),
  postgresUrl: z
    .string()
    .refine((value) => /^postgres(ql)?:\/\//.test(value), 'must be a postgres:// URL'),
};
