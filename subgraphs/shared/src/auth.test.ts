import { GraphQLError } from 'graphql';
import { SignJWT } from 'jose';
import { z } from 'zod';
import { describe, it, expect } from 'vitest';
import {
  anonymousViewer,
  authEnvSchema,
  authSettingsFrom,
  developmentSecret,
  isOfficeOf,
  isProviderOf,
  requireVerificationKey,
  signToken,
  TokenVerifier,
  type AuthSettings,
  type Viewer,
} from './auth.js';
import { formatId, newLocalId } from './ids.js';

const settings: AuthSettings = {
  issuer: 'kita-federation-test',
  audience: 'kita-federation',
  secret: 'a-test-secret-that-is-long-enough-for-hs256',
};
const verifier = new TokenVerifier(settings);

const landkreisLueneburg = '03355';
const hansestadtLueneburg = '03355022';
const ownFacility = formatId(landkreisLueneburg, newLocalId());
const otherFacility = formatId(landkreisLueneburg, newLocalId());

/** Runs `action` and returns what it rejected with, failing the test when it resolves. */
async function rejectionOf(action: () => Promise<unknown>): Promise<GraphQLError> {
  try {
    await action();
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    return error as GraphQLError;
  }
  throw new Error('expected a rejection');
}

function expectUnauthenticated(error: GraphQLError, token?: string) {
  expect(error.extensions.code).toBe('UNAUTHENTICATED');
  expect(error.extensions.http).toEqual({ status: 401 });
  if (token) {
    expect(error.message).not.toContain(token);
    expect(JSON.stringify(error.extensions)).not.toContain(token);
    const payload = token.split('.')[1] ?? '';
    // Not even the payload segment, which carries the claims.
    if (payload.length > 8) expect(error.message).not.toContain(payload);
  }
}

/** Signs arbitrary claims with the test secret, for tokens `signToken` would not produce. */
function signRaw(claims: Record<string, unknown>, subject = 'someone'): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(subject)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(settings.secret));
}

describe('TokenVerifier.viewerFor', () => {
  it.each([
    { role: 'parent', municipalities: [], facilities: [] },
    { role: 'provider', municipalities: [landkreisLueneburg], facilities: [ownFacility] },
    { role: 'office', municipalities: [landkreisLueneburg, hansestadtLueneburg], facilities: [] },
    { role: 'analyst', municipalities: [hansestadtLueneburg], facilities: [] },
  ] as const)('returns the $role viewer with the scopes it was signed with', async ({ role, municipalities, facilities }) => {
    const token = await signToken(settings, {
      role,
      subject: `user-${role}`,
      municipalities: [...municipalities],
      facilities: [...facilities],
    });

    const viewer = await verifier.viewerFor(`Bearer ${token}`);

    expect(viewer).toEqual({ role, subject: `user-${role}`, municipalities, facilities });
  });

  it('defaults missing scopes to empty lists', async () => {
    const token = await signToken(settings, { role: 'parent', subject: 'parent-1' });

    expect(await verifier.viewerFor(`Bearer ${token}`)).toEqual({ role: 'parent', subject: 'parent-1', municipalities: [], facilities: [] });
  });

  it('accepts the scheme name in any case and surrounding whitespace', async () => {
    const token = await signToken(settings, { role: 'parent', subject: 'parent-1' });

    expect((await verifier.viewerFor(`  bearer ${token}  `)).role).toBe('parent');
  });

  it.each([undefined, null, ''])('treats a request without Authorization header (%j) as anonymous', async (header) => {
    expect(await verifier.viewerFor(header)).toBe(anonymousViewer);
    expect(anonymousViewer).toEqual({ role: 'anonymous', municipalities: [], facilities: [] });
  });

  it.each([
    ['a token without scheme', (token: string) => token],
    ['a Basic header', (token: string) => `Basic ${token}`],
    ['two tokens', (token: string) => `Bearer ${token} ${token}`],
    ['the scheme alone', () => 'Bearer'],
  ])('rejects a malformed header (%s) as UNAUTHENTICATED without echoing it', async (_case, header) => {
    const token = await signToken(settings, { role: 'parent', subject: 'parent-1' });

    const error = await rejectionOf(() => verifier.viewerFor(header(token)));

    expectUnauthenticated(error, token);
  });

  it('rejects a token that is not a JWT', async () => {
    const error = await rejectionOf(() => verifier.viewerFor('Bearer not.a.jwt'));

    expectUnauthenticated(error, 'not.a.jwt');
    expect(error.message).toMatch(/not valid/);
  });

  it('rejects a token signed with another secret', async () => {
    const token = await signToken({ ...settings, secret: 'another-secret-that-is-also-long-enough' }, { role: 'office', subject: 'mallory', municipalities: [landkreisLueneburg] });

    const error = await rejectionOf(() => verifier.viewerFor(`Bearer ${token}`));

    expectUnauthenticated(error, token);
    expect(error.message).toMatch(/not valid/);
  });

  it('rejects a token from another issuer', async () => {
    const token = await signToken({ ...settings, issuer: 'someone-else' }, { role: 'parent', subject: 'parent-1' });

    expectUnauthenticated(await rejectionOf(() => verifier.viewerFor(`Bearer ${token}`)), token);
  });

  it('rejects a token for another audience', async () => {
    const token = await signToken({ ...settings, audience: 'another-api' }, { role: 'parent', subject: 'parent-1' });

    expectUnauthenticated(await rejectionOf(() => verifier.viewerFor(`Bearer ${token}`)), token);
  });

  it('rejects an expired token and says it has expired', async () => {
    const token = await signToken(settings, { role: 'parent', subject: 'parent-1', expiresIn: '-1s' });

    const error = await rejectionOf(() => verifier.viewerFor(`Bearer ${token}`));

    expectUnauthenticated(error, token);
    expect(error.message).toMatch(/has expired/);
  });

  it('rejects a token without expiry', async () => {
    const token = await new SignJWT({ role: 'parent' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('parent-1')
      .setIssuer(settings.issuer)
      .setAudience(settings.audience)
      .sign(new TextEncoder().encode(settings.secret));

    expectUnauthenticated(await rejectionOf(() => verifier.viewerFor(`Bearer ${token}`)), token);
  });

  it.each([
    ['an unknown role', { role: 'admin' }],
    ['the anonymous role', { role: 'anonymous' }],
    ['no role', {}],
    ['a 6-digit municipality key', { role: 'office', municipalities: ['033550'] }],
    ['a municipality key with letters', { role: 'office', municipalities: ['0335x'] }],
    ['a facility that is not a global ID', { role: 'provider', facilities: ['facility-1'] }],
  ])('rejects a well-signed token with %s', async (_case, claims) => {
    const token = await signRaw(claims);

    const error = await rejectionOf(() => verifier.viewerFor(`Bearer ${token}`));

    expectUnauthenticated(error, token);
    expect(error.message).toMatch(/role or scope/);
  });

  it('rejects a malformed municipality key issued through signToken', async () => {
    const token = await signToken(settings, { role: 'office', subject: 'office-1', municipalities: ['0335'] });

    expectUnauthenticated(await rejectionOf(() => verifier.viewerFor(`Bearer ${token}`)), token);
  });
});

describe('TokenVerifier', () => {
  it('refuses to be built without a secret or JWKS URL', () => {
    expect(() => new TokenVerifier({ issuer: 'i', audience: 'a' })).toThrow(/JWKS URL or a secret/);
  });
});

describe('signToken', () => {
  it('refuses to sign without a secret', async () => {
    await expect(signToken({ issuer: 'i', audience: 'a' }, { role: 'parent', subject: 'p' })).rejects.toThrow(/AUTH_SECRET/);
  });
});

const viewer = (overrides: Partial<Viewer>): Viewer => ({ role: 'anonymous', municipalities: [], facilities: [], ...overrides });

describe('isOfficeOf', () => {
  it('is true for the office of that municipality', () => {
    expect(isOfficeOf(viewer({ role: 'office', municipalities: [landkreisLueneburg] }), landkreisLueneburg)).toBe(true);
  });

  it('compares keys whole: the district office is not the office of a city inside it', () => {
    const districtOffice = viewer({ role: 'office', municipalities: [landkreisLueneburg] });

    expect(isOfficeOf(districtOffice, hansestadtLueneburg)).toBe(false);
  });

  it('compares keys whole: the city office is not the office of the district around it', () => {
    const cityOffice = viewer({ role: 'office', municipalities: [hansestadtLueneburg] });

    expect(isOfficeOf(cityOffice, landkreisLueneburg)).toBe(false);
  });

  it.each(['analyst', 'provider', 'parent', 'anonymous'] as const)('is false for a %s scoped to the municipality', (role) => {
    expect(isOfficeOf(viewer({ role, municipalities: [landkreisLueneburg] }), landkreisLueneburg)).toBe(false);
  });
});

describe('isProviderOf', () => {
  it('is true for a provider acting for its own facility', () => {
    expect(isProviderOf(viewer({ role: 'provider', facilities: [ownFacility] }), ownFacility)).toBe(true);
  });

  it("is false for another provider's facility", () => {
    expect(isProviderOf(viewer({ role: 'provider', facilities: [ownFacility] }), otherFacility)).toBe(false);
  });

  it.each(['office', 'analyst', 'parent'] as const)('is false for a %s even if the facility is listed', (role) => {
    expect(isProviderOf(viewer({ role, facilities: [ownFacility] }), ownFacility)).toBe(false);
  });
});

describe('authSettingsFrom', () => {
  const defaults = authEnvSchema.parse({});

  it('uses the development secret in development when none is configured', () => {
    expect(authSettingsFrom(defaults, 'development')).toEqual({
      issuer: 'kita-federation-dev',
      audience: 'kita-federation',
      jwksUrl: undefined,
      secret: developmentSecret,
    });
  });

  it('does not fall back to the development secret in production', () => {
    const production = authSettingsFrom(defaults, 'production');

    expect(production.secret).toBeUndefined();
    expect(() => new TokenVerifier(production)).toThrow();
  });

  it('does not fall back to the development secret when a JWKS URL is configured', () => {
    const env = authEnvSchema.parse({ AUTH_JWKS_URL: 'https://login.example.org/.well-known/jwks.json' });

    expect(authSettingsFrom(env, 'development')).toMatchObject({ jwksUrl: 'https://login.example.org/.well-known/jwks.json', secret: undefined });
  });

  it('uses a configured secret in production', () => {
    const env = authEnvSchema.parse({ AUTH_SECRET: settings.secret });

    expect(authSettingsFrom(env, 'production').secret).toBe(settings.secret);
  });

  it('rejects a secret shorter than 32 characters', () => {
    expect(authEnvSchema.safeParse({ AUTH_SECRET: 'too-short' }).success).toBe(false);
  });
});

describe('requireVerificationKey', () => {
  it('fails a production config without JWKS URL or secret', () => {
    expect(requireVerificationKey({ NODE_ENV: 'production' })).toMatch(/^AUTH_JWKS_URL: /);
  });

  it.each([
    { NODE_ENV: 'production', AUTH_SECRET: settings.secret },
    { NODE_ENV: 'production', AUTH_JWKS_URL: 'https://login.example.org/jwks' },
    { NODE_ENV: 'development' },
  ])('accepts %j', (env) => {
    expect(requireVerificationKey(env)).toBeUndefined();
  });
});
