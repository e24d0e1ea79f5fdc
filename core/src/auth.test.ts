import { decodeJwt, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { isOfficeOf, signServiceToken, TokenVerifier, type Viewer, verifyServiceToken } from './auth.js';
import { generateServiceKey, LocalTrust, type ServiceKeyring, singleKeyring, trustOfDocument } from './trust.js';

const lueneburg = '03355022';
const landkreis = '03355';
const hannover = '03241001';
const audience = 'kita-federation';
const bearer = (token: string) => `Bearer ${token}`;

/** An OpenID provider of a test: its RS256 key pair and a signer of access tokens. */
async function identityProvider(issuer: string) {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kty: 'RSA', kid: `${issuer}#1`, alg: 'RS256', use: 'sig' }] };
  const sign = (claims: Record<string, unknown>, options: { audience?: string; expiresIn?: string; subject?: string } = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: `${issuer}#1` })
      .setSubject(options.subject ?? 'someone')
      .setIssuer(issuer)
      .setAudience(options.audience ?? audience)
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '5m')
      .sign(privateKey);
  return { issuer, jwks, sign };
}

let land: Awaited<ReturnType<typeof identityProvider>>;
let cityLogin: Awaited<ReturnType<typeof identityProvider>>;
let hannoverLogin: Awaited<ReturnType<typeof identityProvider>>;
let trust: LocalTrust;
let gateway: TokenVerifier;

beforeAll(async () => {
  land = await identityProvider('https://login.niedersachsen.example');
  cityLogin = await identityProvider('https://login.lueneburg.example');
  hannoverLogin = await identityProvider('https://login.hannover.example');
  trust = new LocalTrust([
    { issuer: land.issuer, jwks: land.jwks, audience, algorithms: ['RS256'], parents: true, trustedBy: [] },
    { issuer: cityLogin.issuer, jwks: cityLogin.jwks, audience, algorithms: ['RS256'], parents: false, trustedBy: [lueneburg, landkreis] },
    { issuer: hannoverLogin.issuer, jwks: hannoverLogin.jwks, audience, algorithms: ['RS256'], parents: false, trustedBy: [hannover] },
  ]);
  gateway = new TokenVerifier(trust);
});

describe('TokenVerifier (people)', () => {
  it('reads role, subject, issuer and municipalities from an RS256 token of a trusted issuer', async () => {
    const token = await cityLogin.sign({ role: 'office', municipalities: [lueneburg, landkreis] }, { subject: 'amt-1' });

    expect(await gateway.viewerFor(bearer(token))).toEqual({
      role: 'office',
      subject: 'amt-1',
      issuer: cityLogin.issuer,
      municipalities: [lueneburg, landkreis],
    });
  });

  it('is anonymous without a header', async () => {
    expect((await gateway.viewerFor(undefined)).role).toBe('anonymous');
  });

  it.each([
    [
      'an HS256 token with the right claims',
      async () =>
        new SignJWT({ role: 'office', municipalities: [lueneburg] })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('x')
          .setIssuer(cityLogin.issuer)
          .setAudience(audience)
          .setExpirationTime('5m')
          .sign(new TextEncoder().encode('a-guessed-secret-that-is-long-enough-0123')),
    ],
    [
      'an HS512 token with the right claims',
      async () =>
        new SignJWT({ role: 'office', municipalities: [lueneburg] })
          .setProtectedHeader({ alg: 'HS512' })
          .setSubject('x')
          .setIssuer(cityLogin.issuer)
          .setAudience(audience)
          .setExpirationTime('5m')
          .sign(new TextEncoder().encode('a-guessed-secret-that-is-long-enough-0123456789-0123456789-0123456789')),
    ],
    [
      'an unsigned token (alg none)',
      async () =>
        `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ iss: cityLogin.issuer, aud: audience, sub: 'x', role: 'office', exp: 9_999_999_999 })).toString('base64url')}.`,
    ],
    ['a token of an unknown issuer', async () => (await identityProvider('https://evil.example')).sign({ role: 'office', municipalities: [lueneburg] })],
    [
      'a token of a known issuer signed with another key',
      async () => (await identityProvider(cityLogin.issuer)).sign({ role: 'office', municipalities: [lueneburg] }),
    ],
    ['a token for another audience', async () => cityLogin.sign({ role: 'office' }, { audience: 'another-service' })],
    ['an expired token', async () => cityLogin.sign({ role: 'office' }, { expiresIn: '-1s' })],
    ['a token without a known role', async () => cityLogin.sign({ role: 'admin' })],
    ['garbage', async () => 'not-a-jwt'],
  ])('refuses %s as UNAUTHENTICATED', async (_case, token) => {
    await expect(gateway.viewerFor(bearer(await token()))).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('accepts families only from a provider that signs in families', async () => {
    expect((await gateway.viewerFor(bearer(await land.sign({ role: 'parent' }, { subject: 'familie-1' })))).role).toBe('parent');
    await expect(gateway.viewerFor(bearer(await cityLogin.sign({ role: 'parent' })))).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it("keeps only the municipalities that trust the token's issuer: Lüneburg's login cannot make an office of Hannover", async () => {
    const token = await cityLogin.sign({ role: 'office', municipalities: [lueneburg, hannover] });

    for (const verifier of [gateway, gateway.scopedTo(hannover), gateway.scopedTo(lueneburg)]) {
      const viewer: Viewer = await verifier.viewerFor(bearer(token));
      expect(isOfficeOf(viewer, hannover)).toBe(false);
      expect(isOfficeOf(viewer, lueneburg)).toBe(true);
    }
  });

  it('makes a provider token of an issuer the instance does not trust anonymous there', async () => {
    const token = bearer(await hannoverLogin.sign({ role: 'provider' }, { subject: 'demo-provider-03355022' }));

    expect((await gateway.scopedTo(lueneburg).viewerFor(token)).role).toBe('anonymous');
    expect((await gateway.scopedTo(hannover).viewerFor(token)).role).toBe('provider');
  });
});

describe('service tokens', () => {
  it('are ES256, name the service, its principal and the audience, and expire within minutes', async () => {
    const token = await signServiceToken(trust, 'facility@03355022', { audience: landkreis });

    expect(decodeJwt(token)).toMatchObject({
      sub: 'service:facility@03355022',
      role: 'service',
      iss: 'urn:kita:service:03355022',
      aud: 'urn:kita:service:03355',
    });
    const claims = decodeJwt(token);
    expect(claims.exp! - claims.iat!).toBe(300);
  });

  it('are accepted by the addressed municipality, checked against the caller municipality’s published key', async () => {
    const token = await signServiceToken(trust, 'reservation@03355022', { audience: hannover });

    expect(await verifyServiceToken(gateway.scopedTo(hannover), bearer(token))).toEqual({ ok: true, service: 'reservation@03355022', principal: lueneburg });
  });

  it('are refused by a municipality they are not addressed to (no replay elsewhere)', async () => {
    const token = await signServiceToken(trust, 'reservation@03355022', { audience: hannover });

    expect(await verifyServiceToken(gateway.scopedTo(landkreis), bearer(token))).toMatchObject({ ok: false, status: 401, code: 'UNAUTHENTICATED' });
  });

  it("cannot be minted for another municipality's service with one's own key", async () => {
    const lueneburgOnly: ServiceKeyring = {
      signingKey: (principal) => trust.signingKey(lueneburg).then((key) => (principal === hannover || principal === lueneburg ? key : undefined)),
    };
    await trust.ensure([hannover]);
    const forged = await signServiceToken(lueneburgOnly, 'facility@03241001', { audience: hannover });

    expect(await verifyServiceToken(gateway.scopedTo(hannover), bearer(forged))).toMatchObject({ ok: false, status: 401 });
  });

  it('are refused when signed by a key the registry does not publish for that principal', async () => {
    const { privateJwk } = await generateServiceKey(lueneburg);
    const token = await signServiceToken(await singleKeyring(lueneburg, privateJwk), 'facility@03355022');
    const registryTrust = new TokenVerifier(
      trustOfDocument({ identityProviders: [], municipalities: [{ key: lueneburg, trustedIssuers: [], serviceKeys: trust.serviceKeys(lueneburg) }] }),
      lueneburg,
    );

    expect(await verifyServiceToken(registryTrust, bearer(token))).toMatchObject({ ok: false, status: 401 });
  });

  it.each([
    ['no header', async () => undefined],
    ['an expired token', async () => bearer(await signServiceToken(trust, 'facility@03355022', { expiresIn: '-1s' }))],
    [
      'an HS256 token in the service shape',
      async () =>
        bearer(
          await new SignJWT({ role: 'service' })
            .setProtectedHeader({ alg: 'HS256' })
            .setSubject('service:facility@03355022')
            .setIssuer('urn:kita:service:03355022')
            .setAudience('urn:kita:service:03355022')
            .setExpirationTime('5m')
            .sign(new TextEncoder().encode('guessed-secret-guessed-secret-guessed')),
        ),
    ],
  ])('refuse %s as 401', async (_case, header) => {
    expect(await verifyServiceToken(gateway.scopedTo(lueneburg), await header())).toMatchObject({ ok: false, status: 401, code: 'UNAUTHENTICATED' });
  });

  it('refuse a valid personal token as 403 FORBIDDEN', async () => {
    const token = await cityLogin.sign({ role: 'office', municipalities: [lueneburg] });

    expect(await verifyServiceToken(gateway.scopedTo(lueneburg), bearer(token))).toMatchObject({ ok: false, status: 403, code: 'FORBIDDEN' });
  });
});
