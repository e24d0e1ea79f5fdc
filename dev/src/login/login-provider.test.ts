import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it, type MockInstance, vi } from 'vitest';
import {
  demoAccounts,
  demoPassword,
  generateSigningKeys,
  type LoginProvider,
  loadOrCreateSigningKeys,
  loginWithPassword,
  startLoginProvider,
} from './index.js';

const audience = 'kita-federation';
const clientId = 'kita-portal';
const redirectUri = 'http://localhost:5173/callback';

let provider: LoginProvider;
let tempDir: string;
const consoleSpies: MockInstance[] = [];

beforeAll(async () => {
  // oidc-provider prints notices for every default it would rather see configured: none may appear.
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) consoleSpies.push(vi.spyOn(console, method));
  tempDir = await mkdtemp(join(tmpdir(), 'kita-login-'));
  provider = await startLoginProvider({ port: 0, audience, keys: await generateSigningKeys() });
});

afterAll(async () => {
  await provider?.close();
  for (const spy of consoleSpies) spy.mockRestore();
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
});

async function verify(accessToken: string) {
  const { payload, protectedHeader } = await jwtVerify(accessToken, createRemoteJWKSet(new URL(provider.jwksUri)), {
    issuer: provider.issuer,
    audience,
    algorithms: ['RS256'],
  });
  return { payload, protectedHeader };
}

/** GETs the authorization endpoint with PKCE and follows redirects to the login page, keeping cookies. */
async function openLoginForm(params: Record<string, string> = {}) {
  const query = new URLSearchParams({
    client_id: clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'openid profile email',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
    state: 'test-state',
    ...params,
  });
  // An empty value means: leave the parameter out.
  for (const [key, value] of [...query]) if (value === '') query.delete(key);
  const first = await fetch(`${provider.issuer}/auth?${query}`, { redirect: 'manual' });
  const cookie = first.headers
    .getSetCookie()
    .map((header) => header.split(';')[0])
    .join('; ');
  return { first, cookie };
}

describe('development OpenID provider', () => {
  it('publishes discovery and a JWKS with the public RS256 key only', async () => {
    const discovery = await (await fetch(`${provider.issuer}/.well-known/openid-configuration`)).json();
    expect(discovery).toMatchObject({ issuer: provider.issuer, jwks_uri: provider.jwksUri, code_challenge_methods_supported: ['S256'] });
    const jwks = (await (await fetch(provider.jwksUri)).json()) as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it('logs an office account in and issues an RS256 JWT access token with role and municipalities', async () => {
    const { accessToken, idToken } = await loginWithPassword({
      issuer: provider.issuer,
      clientId,
      redirectUri,
      username: 'amt.lueneburg',
      password: demoPassword,
    });
    const { payload, protectedHeader } = await verify(accessToken);
    expect(protectedHeader).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });
    expect(payload).toMatchObject({ iss: provider.issuer, aud: audience, sub: 'demo-office-03355022', role: 'office', municipalities: ['03355022'] });
    expect(payload.exp).toBeGreaterThan(Date.now() / 1000);
    expect(idToken.split('.')).toHaveLength(3);
  });

  it('gives an analyst every municipality of the account', async () => {
    const { accessToken } = await loginWithPassword({
      issuer: provider.issuer,
      clientId: 'kita-dashboard',
      redirectUri,
      username: 'planung.lueneburg',
      password: demoPassword,
    });
    const { payload } = await verify(accessToken);
    expect(payload).toMatchObject({ sub: 'demo-analyst-lueneburg', role: 'analyst', municipalities: ['03355022', '03355'] });
  });

  it("gives a parent's token an empty municipality list", async () => {
    const { accessToken } = await loginWithPassword({ issuer: provider.issuer, clientId, redirectUri, username: 'eltern.neumann', password: demoPassword });
    const { payload } = await verify(accessToken);
    expect(payload).toMatchObject({ sub: 'demo-parent-1', role: 'parent', municipalities: [] });
  });

  it('refuses a wrong password with a clear error and without echoing it', async () => {
    const wrong = 'not-the-<b>password</b>';
    await expect(loginWithPassword({ issuer: provider.issuer, clientId, redirectUri, username: 'amt.lueneburg', password: wrong })).rejects.toThrow(
      /wrong username or password/,
    );

    // The same over plain HTTP: the form is re-rendered (200) with the German error, no password in it.
    const { first, cookie } = await openLoginForm();
    const interaction = new URL(first.headers.get('location') ?? '', provider.issuer);
    const form = await fetch(interaction, { headers: { cookie } });
    expect(form.status).toBe(200);
    const response = await fetch(new URL(`${interaction.pathname}/login`, provider.issuer), {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: 'amt.lueneburg', password: wrong }),
      redirect: 'manual',
    });
    const page = await response.text();
    expect(response.status).toBe(200);
    expect(page).toContain('Benutzername oder Passwort falsch.');
    expect(page).toContain('value="amt.lueneburg"');
    expect(page).not.toContain('not-the-');
  });

  it('refuses an authorization request without code_challenge (PKCE required)', async () => {
    const { first } = await openLoginForm({ code_challenge: '', code_challenge_method: '' });
    // The redirect URI is registered, so the error goes back to the client, not to an error page.
    expect(first.status).toBe(303);
    const location = new URL(first.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it('refuses a resource other than the federation', async () => {
    const { first } = await openLoginForm({ resource: 'https://elsewhere.example/' });
    const location = new URL(first.headers.get('location') ?? '');
    expect(location.searchParams.get('error')).toBe('invalid_target');
  });

  it("hands a developer a token on the provider's own start page", async () => {
    const cookies = new Map<string, string>();
    const get = async (url: string, init: RequestInit = {}) => {
      const cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
      const response = await fetch(new URL(url, provider.issuer), { ...init, headers: { ...init.headers, cookie }, redirect: 'manual' });
      for (const header of response.headers.getSetCookie()) {
        const [pair = ''] = header.split(';');
        cookies.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
      }
      return response;
    };
    let response = await get(provider.url);
    response = await get(response.headers.get('location') ?? '');
    const interaction = response.headers.get('location') ?? '';
    expect(interaction).toMatch(/^\/interaction\//);
    response = await get(`${interaction}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: 'amt.landkreis', password: demoPassword }),
    });
    for (let hop = 0; hop < 10 && response.status === 303; hop += 1) response = await get(response.headers.get('location') ?? '');
    expect(response.status).toBe(200);
    const page = await response.text();
    const token = /<textarea id="token" readonly>([^<]+)<\/textarea>/.exec(page)?.[1] ?? '';
    const { payload } = await verify(token);
    expect(payload).toMatchObject({ sub: 'demo-office-03355', role: 'office', municipalities: ['03355'] });
  });

  it('shows a login page in German listing every demo account', async () => {
    const { first, cookie } = await openLoginForm();
    const page = await (await fetch(new URL(first.headers.get('location') ?? '', provider.issuer), { headers: { cookie } })).text();
    expect(page).toContain('<html lang="de">');
    expect(page).toContain('Benutzername <span lang="en">/ Username</span>');
    expect(page).toContain('Passwort <span lang="en">/ Password</span>');
    expect(page).toMatch(/<button type="submit">Anmelden<\/button>/);
    for (const account of demoAccounts) expect(page).toContain(`<code>${account.username}</code>`);
    expect(page).toContain('Hansestadt Lüneburg');
  });

  it('keeps signing keys in a file and returns the same keys on the next start', async () => {
    const file = join(tempDir, 'nested', 'dir', 'signing-keys.json');
    const first = await loadOrCreateSigningKeys(file);
    const second = await loadOrCreateSigningKeys(file);
    expect(second).toEqual(first);
    expect(first.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('has printed nothing to the console', () => {
    for (const spy of consoleSpies) expect(spy).not.toHaveBeenCalled();
  });
});
