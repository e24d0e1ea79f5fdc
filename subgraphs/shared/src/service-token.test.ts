import { GraphQLError } from 'graphql';
import { decodeJwt, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { signServiceToken, signToken, TokenVerifier, verifyServiceToken, type AuthSettings } from './auth.js';
import { formatId, newLocalId } from './ids.js';

const settings: AuthSettings = {
  issuer: 'kita-federation-test',
  audience: 'kita-federation',
  secret: 'a-test-secret-that-is-long-enough-for-hs256',
};
const verifier = new TokenVerifier(settings);
const bearer = (token: string) => `Bearer ${token}`;

describe('signServiceToken', () => {
  it('names the service in the subject, has the service role and expires within minutes', async () => {
    const token = await signServiceToken(settings, 'facility@03355022');

    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ sub: 'service:facility@03355022', role: 'service', iss: settings.issuer, aud: settings.audience });
    expect(claims.exp! - claims.iat!).toBe(300);
  });

  it('refuses to sign without a secret or for a name that is not a service name', async () => {
    await expect(signServiceToken({ ...settings, secret: undefined }, 'facility')).rejects.toThrow(/AUTH_SECRET/);
    await expect(signServiceToken(settings, 'Facility Subgraph')).rejects.toThrow(/not a service name/);
  });
});

describe('verifyServiceToken', () => {
  it('accepts a service token and says which service it is', async () => {
    const token = await signServiceToken(settings, 'facility@03355022');

    expect(await verifyServiceToken(verifier, bearer(token))).toEqual({ ok: true, service: 'facility@03355022' });
  });

  it.each([
    ['no Authorization header', async () => undefined],
    ['a header without the Bearer scheme', async () => await signServiceToken(settings, 'facility')],
    ['a token signed with another secret', async () => bearer(await signServiceToken({ ...settings, secret: 'another-secret-that-is-long-enough-too' }, 'facility'))],
    ['an expired service token', async () => bearer(await signServiceToken(settings, 'facility', { expiresIn: '-1s' }))],
    ['a token for another audience', async () => bearer(await signServiceToken({ ...settings, audience: 'elsewhere' }, 'facility'))],
  ])('refuses %s as 401 UNAUTHENTICATED', async (_case, header) => {
    const check = await verifyServiceToken(verifier, await header());

    expect(check).toMatchObject({ ok: false, status: 401, code: 'UNAUTHENTICATED' });
  });

  it.each(['parent', 'provider', 'office', 'analyst'] as const)('refuses a valid %s token as 403 FORBIDDEN', async (role) => {
    const token = await signToken(settings, {
      role,
      subject: 'service:facility',
      municipalities: role === 'parent' ? [] : ['03355022'],
      facilities: role === 'provider' ? [formatId('03355022', newLocalId())] : [],
    });

    expect(await verifyServiceToken(verifier, bearer(token))).toMatchObject({ ok: false, status: 403, code: 'FORBIDDEN' });
  });

  it('refuses a token with the service role whose subject names no service', async () => {
    const token = await new SignJWT({ role: 'service' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('someone')
      .setIssuer(settings.issuer)
      .setAudience(settings.audience)
      .setExpirationTime('1m')
      .sign(new TextEncoder().encode(settings.secret));

    expect(await verifyServiceToken(verifier, bearer(token))).toMatchObject({ ok: false, status: 403 });
  });
});

describe('service tokens and GraphQL', () => {
  it('are not viewers: viewerFor refuses them, so they open no field', async () => {
    const token = await signServiceToken(settings, 'facility');

    const refusal = await verifier.viewerFor(bearer(token)).then(
      () => undefined,
      (error: unknown) => error,
    );

    expect(refusal).toBeInstanceOf(GraphQLError);
    expect((refusal as GraphQLError).extensions).toMatchObject({ code: 'UNAUTHENTICATED', http: { status: 401 } });
  });
});
