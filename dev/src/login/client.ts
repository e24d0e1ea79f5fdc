// A minimal browser stand-in for the authorization code flow with PKCE, over real HTTP.
import { createHash, randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';

/** What a client needs from the provider's discovery document. */
export interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
}

/** Reads `/.well-known/openid-configuration` of an issuer. */
export async function discover(issuer: string): Promise<Discovery> {
  const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`OpenID discovery at ${issuer} failed with HTTP ${response.status}`);
  const discovery = (await response.json()) as Discovery;
  if (discovery.issuer !== issuer) throw new Error(`OpenID discovery at ${issuer} names another issuer: ${discovery.issuer}`);
  return discovery;
}

/** A random PKCE verifier with its S256 challenge, plus state and nonce. */
export function authorizationSecrets() {
  const verifier = randomBytes(32).toString('base64url');
  return {
    verifier,
    challenge: createHash('sha256').update(verifier).digest('base64url'),
    state: randomBytes(16).toString('base64url'),
    nonce: randomBytes(16).toString('base64url'),
  };
}

/** Exchanges an authorization code for tokens at the token endpoint (public client: no secret). */
export async function exchangeCode(options: {
  tokenEndpoint: string;
  clientId: string;
  redirectUri: string;
  code: string;
  verifier: string;
}): Promise<{ accessToken: string; idToken: string; expiresIn: number }> {
  const response = await fetch(options.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: options.code,
      redirect_uri: options.redirectUri,
      client_id: options.clientId,
      code_verifier: options.verifier,
    }),
  });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok || typeof body.access_token !== 'string' || typeof body.id_token !== 'string') {
    throw new Error(`Token request failed with HTTP ${response.status}: ${String(body.error ?? 'no tokens')} ${String(body.error_description ?? '')}`.trim());
  }
  return { accessToken: body.access_token, idToken: body.id_token, expiresIn: Number(body.expires_in ?? 0) };
}

/** Cookies of one origin, honouring Path and deletion, enough for oidc-provider's interaction cookies. */
class CookieJar {
  private readonly cookies = new Map<string, { name: string; value: string; path: string }>();

  constructor(private readonly origin: string) {}

  store(response: Response, url: URL) {
    if (url.origin !== this.origin) return;
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      let path = url.pathname.slice(0, url.pathname.lastIndexOf('/')) || '/';
      let expired = false;
      for (const attribute of attributes) {
        const [key = '', v = ''] = attribute.split('=').map((part) => part.trim());
        const lower = key.toLowerCase();
        if (lower === 'path') path = v || '/';
        if (lower === 'max-age' && Number(v) <= 0) expired = true;
        if (lower === 'expires' && Date.parse(v) <= Date.now()) expired = true;
      }
      const id = `${name}\n${path}`;
      if (expired) this.cookies.delete(id);
      else this.cookies.set(id, { name, value, path });
    }
  }

  header(url: URL): string | undefined {
    if (url.origin !== this.origin) return undefined;
    const matching = [...this.cookies.values()].filter(({ path }) => url.pathname === path || url.pathname.startsWith(path.endsWith('/') ? path : `${path}/`));
    return matching.length ? matching.map(({ name, value }) => `${name}=${value}`).join('; ') : undefined;
  }
}

type Arrival = { kind: 'callback'; url: URL } | { kind: 'page'; url: URL; status: number; body: string };

/** Requests `url` and follows redirects like a browser until a page or the client's redirect URI. */
async function browse(jar: CookieJar, url: URL, redirectUri: URL, init: { method: string; body?: URLSearchParams }): Promise<Arrival> {
  let request = init;
  for (let hop = 0; hop < 20; hop += 1) {
    // The redirect URI belongs to the client app: stop there instead of fetching it.
    if (url.origin === redirectUri.origin && url.pathname === redirectUri.pathname) return { kind: 'callback', url };
    const headers: Record<string, string> = { accept: 'text/html' };
    const cookie = jar.header(url);
    if (cookie) headers.cookie = cookie;
    if (request.body) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(url, { method: request.method, body: request.body, headers, redirect: 'manual' });
    jar.store(response, url);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      url = new URL(location, url);
      // Browsers turn a POST into a GET on 301, 302 and 303.
      if (response.status !== 307 && response.status !== 308) request = { method: 'GET' };
      continue;
    }
    return { kind: 'page', url, status: response.status, body: await response.text() };
  }
  throw new Error(`Too many redirects, last at ${url.href}`);
}

function pageText(html: string): string {
  return html
    .replace(/<(style|script)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z#0-9]+;/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
}

function loginFormAction(page: Arrival & { kind: 'page' }): URL | undefined {
  const form = /<form\b[^>]*\bid="login-form"[^>]*>/i.exec(page.body)?.[0];
  const action = form && /\baction="([^"]*)"/i.exec(form)?.[1];
  return action === undefined ? undefined : new URL(action.replaceAll('&amp;', '&'), page.url);
}

/**
 * The authorization code flow with PKCE (S256) done over real HTTP as a browser would: GET the
 * authorization endpoint, post the login form, follow redirects, exchange the code. For tests and the dev CLI.
 */
export async function loginWithPassword(options: {
  issuer: string;
  clientId: string;
  redirectUri: string;
  username: string;
  password: string;
}): Promise<{ accessToken: string; idToken: string }> {
  const discovery = await discover(options.issuer);
  const secrets = authorizationSecrets();
  const authorize = new URL(discovery.authorization_endpoint);
  authorize.search = new URLSearchParams({
    client_id: options.clientId,
    redirect_uri: options.redirectUri,
    response_type: 'code',
    scope: 'openid profile email',
    code_challenge: secrets.challenge,
    code_challenge_method: 'S256',
    state: secrets.state,
    nonce: secrets.nonce,
  }).toString();

  const jar = new CookieJar(authorize.origin);
  const redirectUri = new URL(options.redirectUri);
  let arrival = await browse(jar, authorize, redirectUri, { method: 'GET' });
  if (arrival.kind === 'page') {
    const action = arrival.status === 200 ? loginFormAction(arrival) : undefined;
    if (!action) throw new Error(`Authorization request failed (HTTP ${arrival.status}): ${pageText(arrival.body)}`);
    const form = new URLSearchParams({ username: options.username, password: options.password });
    arrival = await browse(jar, action, redirectUri, { method: 'POST', body: form });
    if (arrival.kind === 'page') {
      // The provider re-renders the form (HTTP 200) on a wrong password; never repeat the password.
      if (arrival.status === 200 && loginFormAction(arrival)) {
        throw new Error(`Login as "${options.username}" refused: wrong username or password (Benutzername oder Passwort falsch).`);
      }
      throw new Error(`Login failed (HTTP ${arrival.status}): ${pageText(arrival.body)}`);
    }
  }

  const result = arrival.url.searchParams;
  if (result.get('state') !== secrets.state) throw new Error('Authorization response has a wrong state');
  const error = result.get('error');
  if (error) throw new Error(`Authorization failed: ${error} ${result.get('error_description') ?? ''}`.trim());
  // RFC 9207: the issuer in the response guards against mix-up with another provider.
  const iss = result.get('iss');
  if (iss !== null && iss !== discovery.issuer) throw new Error(`Authorization response from another issuer: ${iss}`);
  const code = result.get('code');
  if (!code) throw new Error('Authorization response without code');

  const tokens = await exchangeCode({
    tokenEndpoint: discovery.token_endpoint,
    clientId: options.clientId,
    redirectUri: options.redirectUri,
    code,
    verifier: secrets.verifier,
  });
  if (decodeJwt(tokens.idToken).nonce !== secrets.nonce) throw new Error('ID token has a wrong nonce');
  return { accessToken: tokens.accessToken, idToken: tokens.idToken };
}
