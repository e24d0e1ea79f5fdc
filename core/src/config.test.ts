import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, envSchemas, parseConfig } from './config.js';

const schema = z.object({
  NODE_ENV: envSchemas.nodeEnv,
  PORT: envSchemas.port(4001),
  SANDBOX: envSchemas.booleanFlag.default(false),
  DATABASE_URL: envSchemas.postgresUrl.default('postgres://localhost:5432/kita'),
});

function configErrorOf(action: () => unknown): ConfigError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('returns typed defaults for an empty environment', () => {
    const config = parseConfig('facility', schema, {});

    expect(config).toEqual({ NODE_ENV: 'development', PORT: 4001, SANDBOX: false, DATABASE_URL: 'postgres://localhost:5432/kita' });
  });

  it('converts configured values to their types', () => {
    const config = parseConfig('facility', schema, {
      NODE_ENV: 'production',
      PORT: '8080',
      SANDBOX: 'yes',
      DATABASE_URL: 'postgresql://db:5432/facility',
    });

    expect(config).toEqual({ NODE_ENV: 'production', PORT: 8080, SANDBOX: true, DATABASE_URL: 'postgresql://db:5432/facility' });
  });

  it('ignores environment variables the schema does not name', () => {
    expect(parseConfig('facility', schema, { HOME: '/root' })).not.toHaveProperty('HOME');
  });

  it('reports every bad value at once, each with its key and the value it got', () => {
    const error = configErrorOf(() =>
      parseConfig('vacancy', schema, { NODE_ENV: 'staging', PORT: '70000', SANDBOX: 'maybe', DATABASE_URL: 'mysql://db/kita' }),
    );

    expect(error.name).toBe('ConfigError');
    expect(error.deployable).toBe('vacancy');
    expect(error.problems).toHaveLength(4);
    const problemFor = (key: string) => error.problems.find((problem) => problem.startsWith(`${key}:`));
    expect(problemFor('NODE_ENV')).toContain('(got "staging")');
    expect(problemFor('PORT')).toContain('(got "70000")');
    expect(problemFor('SANDBOX')).toContain('(got "maybe")');
    expect(problemFor('DATABASE_URL')).toContain('must be a postgres:// URL');
    // Database URLs can hold passwords: never echoed.
    expect(problemFor('DATABASE_URL')).not.toContain('mysql://db/kita');
  });

  it('reports cross-checks together with the schema problems', () => {
    const error = configErrorOf(() => parseConfig('vacancy', schema, { PORT: 'eighty' }, [(env) => (env.PORT ? 'AUTH_SECRET: needed here' : undefined)]));

    expect(error.problems).toHaveLength(2);
    expect(error.problems[1]).toBe('AUTH_SECRET: needed here');
  });

  it('treats empty values as unset, so defaults apply', () => {
    expect(parseConfig('vacancy', schema, { PORT: '' }).PORT).toBe(schema.parse({}).PORT);
  });

  it('lists every problem in the error message under the deployable name', () => {
    const error = configErrorOf(() => parseConfig('vacancy', schema, { NODE_ENV: 'staging', PORT: 'eighty' }));

    expect(error.message.split('\n')).toEqual(['Invalid configuration for vacancy:', ...error.problems.map((problem) => `  - ${problem}`)]);
    expect(error.message).toContain('NODE_ENV');
    expect(error.message).toContain('PORT');
  });

  it('reports a missing required value without a "got" part', () => {
    const required = z.object({ DATABASE_URL: envSchemas.postgresUrl });

    const error = configErrorOf(() => parseConfig('reservation', required, {}));

    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^DATABASE_URL: /);
    expect(error.problems[0]).not.toContain('got "');
  });

  it('names the root when a whole-object check fails', () => {
    const both = z.object({ A: z.string().optional(), B: z.string().optional() }).refine((env) => env.A || env.B, 'needs A or B');

    const error = configErrorOf(() => parseConfig('gateway', both, {}));

    expect(error.problems).toEqual(['(root): needs A or B']);
  });
});

describe('envSchemas.booleanFlag', () => {
  it.each([
    ['true', true],
    ['1', true],
    ['yes', true],
    ['false', false],
    ['0', false],
    ['no', false],
  ])('reads %j as %s', (value, expected) => {
    expect(envSchemas.booleanFlag.parse(value)).toBe(expected);
  });

  it.each(['TRUE', 'on', 'off', '', 'y', '2'])('rejects %j', (value) => {
    expect(envSchemas.booleanFlag.safeParse(value).success).toBe(false);
  });
});

describe('envSchemas.port', () => {
  it.each([
    ['0', 0],
    ['4001', 4001],
    ['65535', 65535],
  ])('accepts %j', (value, expected) => {
    expect(envSchemas.port(4001).parse(value)).toBe(expected);
  });

  it.each(['-1', '65536', '80.5', 'http'])('rejects %j', (value) => {
    expect(envSchemas.port(4001).safeParse(value).success).toBe(false);
  });

  it('falls back when unset', () => {
    expect(envSchemas.port(4002).parse(undefined)).toBe(4002);
  });
});

describe('envSchemas.nodeEnv', () => {
  it.each(['development', 'production', 'test'])('accepts %j', (value) => {
    expect(envSchemas.nodeEnv.parse(value)).toBe(value);
  });

  it('rejects any other environment name', () => {
    expect(envSchemas.nodeEnv.safeParse('staging').success).toBe(false);
  });
});

describe('envSchemas.postgresUrl', () => {
  it.each(['postgres://db/kita', 'postgresql://user@db:5432/kita'])('accepts %j', (value) => {
    expect(envSchemas.postgresUrl.parse(value)).toBe(value);
  });

  it.each(['mysql://db/kita', 'db:5432', ' postgres://db/kita'])('rejects %j', (value) => {
    expect(envSchemas.postgresUrl.safeParse(value).success).toBe(false);
  });
});
