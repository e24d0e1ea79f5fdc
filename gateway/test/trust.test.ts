import { generateSigningKeys, type LoginProvider, loginWithPassword, startLoginProvider } from '@kita/dev';
import { generateServiceKey, LocalTrust, serviceAuthorizationHeader, signServiceToken, singleKeyring, TokenVerifier } from '@kita/shared';
import { postGraphQL } from '@kita/shared/testing';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { city, gatewayClient, kitaProfile, loginAccount, startTestStack, type TestStack } from './support.js';

// Trust is per municipality: Hansestadt Lüneburg's staff log in at Lüneburg's OpenID provider,
// Hannover's at Hannover's; families at the Land's. Each municipality's instances sign service
// requests with their own key. Every attack is tried through the gateway and straight at an instance.
const hannover = '03241001';
let stack: TestStack;
let lueneburgLogin: LoginProvider;
let hannoverLogin: LoginProvider;
let auth: LocalTrust;
const { call } = gatewayClient(() => stack.gateway.url);

const lueneburgAccounts = [
  loginAccount('amt-lueneburg', 'office', [city, hannover]),
  loginAccount('kita-lueneburg', 'provider'),
  loginAccount('planung', 'analyst', [city, hannover]),
];
const hannoverAccounts = [loginAccount('amt-hannover', 'office', [hannover]), loginAccount('kita-hannover', 'provider')];
const tokenAt = async (login: LoginProvider, username: string) =>
  (await loginWithPassword({ issuer: login.issuer, clientId: 'kita-office', redirectUri: 'http://localhost:5174/callback', username, password: 'secret' }))
    .accessToken;

const errorCodes = (body: { errors?: Array<{ extensions?: Record<string, unknown> }> }) => (body.errors ?? []).map((error) => error.extensions?.code);
const conflicts = `query($m: String!) { placementConflicts(municipality: $m) { id } }`;
const register = `mutation($m: String!, $input: FacilityProfileInput!) { registerFacility(municipality: $m, input: $input) { id } }`;
const claims = `{ demandStatistics { municipality childClaims(salt: "fixed") { token } } }`;
const instanceUrl = (municipality: string, subgraph: 'facility' | 'vacancy' | 'reservation') => stack.instance(municipality, subgraph).url;

beforeAll(async () => {
  lueneburgLogin = await startLoginProvider({ port: 0, audience: 'kita-federation', keys: await generateSigningKeys(), accounts: lueneburgAccounts });
  hannoverLogin = await startLoginProvider({ port: 0, audience: 'kita-federation', keys: await generateSigningKeys(), accounts: hannoverAccounts });
  auth = new LocalTrust([
    { issuer: lueneburgLogin.issuer, jwksUri: lueneburgLogin.jwksUri, audience: 'kita-federation', algorithms: ['RS256'], parents: false, trustedBy: [city] },
    { issuer: hannoverLogin.issuer, jwksUri: hannoverLogin.jwksUri, audience: 'kita-federation', algorithms: ['RS256'], parents: false, trustedBy: [hannover] },
  ]);
  stack = await startTestStack({ municipalities: [city, hannover], auth, verifier: new TokenVerifier(auth) });
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await lueneburgLogin?.close();
  await hannoverLogin?.close();
});

describe("a token from municipality A's login", () => {
  it("acts as office of A, never of B, through the gateway and straight at B's instance", async () => {
    const token = await tokenAt(lueneburgLogin, 'amt-lueneburg');

    expect((await call(conflicts, { m: city }, token)).body).toEqual({ data: { placementConflicts: [] } });
    expect(errorCodes((await call(conflicts, { m: hannover }, token)).body)).toEqual(['FORBIDDEN']);
    expect(errorCodes((await postGraphQL(instanceUrl(hannover, 'reservation'), conflicts, { m: hannover }, token)).body)).toEqual(['FORBIDDEN']);
    expect((await call(conflicts, { m: hannover }, await tokenAt(hannoverLogin, 'amt-hannover'))).body).toEqual({ data: { placementConflicts: [] } });
  });

  it('is no provider in B: registering a facility there is refused, in A it works', async () => {
    const token = await tokenAt(lueneburgLogin, 'kita-lueneburg');
    const input = kitaProfile('Kita Grenzgänger');

    expect(errorCodes((await call(register, { m: hannover, input }, token)).body)).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes((await postGraphQL(instanceUrl(hannover, 'facility'), register, { m: hannover, input }, token)).body)).toEqual(['UNAUTHENTICATED']);
    expect((await call(register, { m: city, input }, token)).body.errors).toBeUndefined();
  });
});

describe('forged tokens', () => {
  const forged = (alg: 'HS256' | 'HS512', issuer: string) =>
    new SignJWT({ role: 'office', municipalities: [city] })
      .setProtectedHeader({ alg })
      .setSubject('mallory')
      .setIssuer(issuer)
      .setAudience('kita-federation')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('a-guessed-shared-secret-0123456789-0123456789-0123456789-0123456789'));

  it.each(['HS256', 'HS512'] as const)('signed with %s are refused as UNAUTHENTICATED through the gateway and straight at an instance', async (alg) => {
    const token = await forged(alg, lueneburgLogin.issuer);

    expect(errorCodes((await call(conflicts, { m: city }, token)).body)).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes((await postGraphQL(instanceUrl(city, 'reservation'), conflicts, { m: city }, token)).body)).toEqual(['UNAUTHENTICATED']);
  });
});

describe('what only the gateway may ask an instance', () => {
  const direct = (body: object, headers: Record<string, string> = {}) =>
    fetch(instanceUrl(hannover, 'reservation'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    }).then(async (response) => ({ status: response.status, body: (await response.json()) as any }));

  it.each([
    ['introspection', '{ __schema { types { name } } }'],
    ['a type by name', '{ __type(name: "Reservation") { fields { name } } }'],
    ['the subgraph SDL', '{ _service { sdl } }'],
  ])('refuses %s to anyone but the gateway', async (_case, query) => {
    const answer = await direct({ query });

    expect(answer.status).toBe(403);
    expect(errorCodes(answer.body)).toEqual(['FORBIDDEN']);
    expect(answer.body.data).toBeUndefined();
  });

  it("refuses per-child claims to an analyst's token straight at an instance, and to another municipality's service identity", async () => {
    const analyst = await tokenAt(lueneburgLogin, 'planung');
    const lueneburgService = await signServiceToken(auth, `reservation@${city}`, { audience: hannover });

    expect(errorCodes((await direct({ query: claims }, { authorization: `Bearer ${analyst}` })).body)).toEqual(['FORBIDDEN']);
    const asPeer = await direct({ query: claims }, { authorization: `Bearer ${analyst}`, [serviceAuthorizationHeader]: `Bearer ${lueneburgService}` });
    expect(errorCodes(asPeer.body)).toEqual(['FORBIDDEN']);
    expect(JSON.stringify(asPeer.body)).not.toContain('token"');
  });

  it("refuses a gateway identity signed with a municipality's key, or with a key the registry does not list", async () => {
    const lueneburgKeyAsGateway = await signServiceToken({ signingKey: () => auth.signingKey(city) }, 'gateway', { audience: hannover });
    const { privateJwk } = await generateServiceKey('gateway');
    const unlistedGatewayKey = await signServiceToken(await singleKeyring('gateway', privateJwk), 'gateway', { audience: hannover });

    for (const token of [lueneburgKeyAsGateway, unlistedGatewayKey]) {
      const answer = await direct({ query: '{ _service { sdl } }' }, { [serviceAuthorizationHeader]: `Bearer ${token}` });
      expect(errorCodes(answer.body)).toEqual(['UNAUTHENTICATED']);
      expect(answer.body.data?._service).toBeUndefined();
    }
  });

  it("answers the gateway's own identity: every instance passed its schema check, and statistics count children across municipalities", async () => {
    const status = (await (await fetch(stack.gateway.url.replace('/graphql', '/status'))).json()) as any;
    for (const municipality of status.municipalities) {
      for (const subgraph of Object.values(municipality.subgraphs) as any[]) expect(subgraph.state).toBe('ok');
    }
    const { body } = await call('{ demandStatistics { municipality children } }', {}, await tokenAt(lueneburgLogin, 'planung'));
    expect(body.errors).toBeUndefined();
    // Through the gateway the claims field does not exist at all.
    expect(errorCodes((await call(claims, {}, await tokenAt(lueneburgLogin, 'planung'))).body)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });
});

describe("an instance's outbox feed", () => {
  it("is read by another municipality's instance with its own key, and refused to a key the registry does not list", async () => {
    const events = `${new URL('/events', instanceUrl(hannover, 'reservation'))}`;
    const peer = await signServiceToken(auth, `reservation@${city}`, { audience: hannover });
    const { privateJwk } = await generateServiceKey(city);
    const stranger = await signServiceToken(await singleKeyring(city, privateJwk), `reservation@${city}`, { audience: hannover });

    expect((await fetch(events, { headers: { authorization: `Bearer ${peer}` } })).status).toBe(200);
    expect((await fetch(events, { headers: { authorization: `Bearer ${stranger}` } })).status).toBe(401);
    expect((await fetch(events, { headers: { authorization: `Bearer ${await tokenAt(hannoverLogin, 'amt-hannover')}` } })).status).toBe(403);
  });
});
