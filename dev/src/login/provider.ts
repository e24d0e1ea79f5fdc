// The development OpenID provider: oidc-provider 9 in-process on a node:http server, with the demo
// accounts, our own login page and JWT access tokens like a municipality's Keycloak would issue.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt } from 'jose';
import Provider, { errors, type Interaction } from 'oidc-provider';
import { type DemoAccount, demoAccounts, demoPassword } from './accounts.js';
import { authorizationSecrets, exchangeCode } from './client.js';
import type { SigningKeys } from './keys.js';
import { createMemoryAdapter } from './memory-adapter.js';
import { errorPage, loggedOutPage, loginPage, logoutPage, tokenPage } from './pages.js';

/** A browser client of the provider: public (no secret), authorization code flow with PKCE. */
export interface LoginClient {
  clientId: string;
  redirectUris: string[];
}

/** Settings of {@link startLoginProvider}. */
export interface LoginProviderOptions {
  /** 0 picks a free port. */
  port: number;
  /** Address to listen on; default 127.0.0.1 (the demo accounts must not be reachable from the network). */
  host?: string;
  /** Default `http://localhost:<port>`; must be an origin without path (the routes are served at the root). */
  issuer?: string;
  /** The `aud` of every access token, e.g. 'kita-federation'. */
  audience: string;
  keys: SigningKeys;
  accounts?: DemoAccount[];
  clients?: LoginClient[];
  /** Default 8 hours, like `npm run token`. */
  accessTokenTtlSeconds?: number;
  /** Called with unexpected errors; the provider itself never writes to the console. */
  onServerError?: (error: Error) => void;
}

/** A running provider. */
export interface LoginProvider {
  issuer: string;
  jwksUri: string;
  /** The provider's own start page: log in with a demo account and get an access token to paste. */
  url: string;
  close(): Promise<void>;
}

/** The browser apps of the repository; their dev servers and the gateway's Sandbox. */
export const defaultLoginClientIds = ['kita-portal', 'kita-office', 'kita-dashboard', 'kita-sandbox'] as const;
/** Redirect URIs every default client accepts (vite dev servers on 5173–5175, the gateway on 4000). */
export const defaultRedirectUris = [
  'http://localhost:5173/callback',
  'http://localhost:5174/callback',
  'http://localhost:5175/callback',
  'http://localhost:4000/callback',
];

// The start page at /login is itself a client of the provider, like any browser app.
const startPageClientId = 'kita-login-page';
const scopes = 'openid profile email';

/**
 * A resource indicator (RFC 8707) must be an absolute URI, but the audience may be a plain name
 * like 'kita-federation': the indicator only selects the resource server, whose `audience` is what
 * goes into `aud`.
 */
function resourceIndicatorFor(audience: string): string {
  return URL.canParse(audience) ? audience : `urn:kita:resource:${encodeURIComponent(audience)}`;
}

function sameSecret(given: string, expected: string): boolean {
  // Hashing first makes the comparison constant-time regardless of the lengths.
  const hash = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(hash(given), hash(expected));
}

function send(res: ServerResponse, status: number, html: string) {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // No scripts at all; inline styles only. No form-action: after the login POST the redirect
    // chain ends at the client's origin, which form-action would block in Chromium.
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
  });
  res.end(html);
}

function redirect(res: ServerResponse, location: string) {
  res.writeHead(303, { location, 'cache-control': 'no-store', 'content-length': '0' });
  res.end();
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const limit = 16 * 1024;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new Error('form body too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function listen(server: ReturnType<typeof createServer>, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Starts the development OpenID provider and resolves once it accepts connections. */
export async function startLoginProvider(options: LoginProviderOptions): Promise<LoginProvider> {
  const accounts = options.accounts ?? demoAccounts;
  const bySubject = new Map(accounts.map((account) => [account.subject, account]));
  const clients = options.clients ?? defaultLoginClientIds.map((clientId) => ({ clientId, redirectUris: defaultRedirectUris }));
  const accessTokenTtl = options.accessTokenTtlSeconds ?? 8 * 60 * 60;
  const host = options.host ?? '127.0.0.1';
  const reportError = (error: unknown) => options.onServerError?.(error instanceof Error ? error : new Error(String(error)));

  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const server = createServer((req, res) => {
    if (handler) handler(req, res);
    else send(res, 503, errorPage('Der Anmeldedienst startet noch.', 'The login service is still starting.'));
  });
  const port = await listen(server, options.port, host);
  const issuer = options.issuer ?? `http://localhost:${port}`;
  const issuerUrl = new URL(issuer);
  if (issuerUrl.pathname !== '/' || issuer.endsWith('/')) {
    server.close();
    throw new Error(`The issuer must be an origin without path or trailing slash, got ${issuer}`);
  }
  // Server-side calls of the start page go to this process directly, whatever the public issuer.
  const localBase = `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host}:${port}`;
  const startPageRedirectUri = `${issuer}/login/callback`;
  const resource = resourceIndicatorFor(options.audience);

  const clientMetadata = (clientId: string, redirectUris: string[]) => ({
    client_id: clientId,
    // oidc-provider 9 accepts http://localhost redirect URIs for 'web' clients as long as they do
    // not use the implicit flow (lib/helpers/client_schema.js), so no 'native' trick is needed:
    // 'native' would also force a consent prompt on every login and match loopback URIs on any port.
    application_type: 'web',
    redirect_uris: redirectUris,
    // Logout may return to the app's start page.
    post_logout_redirect_uris: [...new Set(redirectUris.map((uri) => `${new URL(uri).origin}/`))],
    // Browser apps cannot keep a secret: public clients, which oidc-provider makes use PKCE.
    token_endpoint_auth_method: 'none',
    response_types: ['code'],
    // Refresh tokens are issued when the app asks for scope offline_access (with prompt=consent).
    grant_types: ['authorization_code', 'refresh_token'],
  });

  const configuration = {
    adapter: createMemoryAdapter(),
    clients: [
      ...clients.map(({ clientId, redirectUris }) => clientMetadata(clientId, redirectUris)),
      clientMetadata(startPageClientId, [startPageRedirectUri]),
    ],
    jwks: structuredClone(options.keys),
    // Fresh cookie signing keys per start: a restart ends open logins, which is fine for development.
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    pkce: { required: () => true },
    responseTypes: ['code'],
    scopes: ['openid', 'profile', 'email', 'offline_access'],
    claims: { openid: ['sub'], profile: ['name', 'role', 'municipalities'], email: ['email', 'email_verified'] },
    // Put the profile and email claims into the ID token: the userinfo endpoint is off (below).
    conformIdTokenClaims: false,
    enabledJWA: { idTokenSigningAlgValues: ['RS256'] },
    // Browser apps on other localhost origins call the token endpoint (development only).
    clientBasedCORS: () => true,
    async findAccount(_ctx: unknown, sub: string) {
      const account = bySubject.get(sub);
      if (!account) return undefined;
      return {
        accountId: account.subject,
        async claims() {
          return {
            sub: account.subject,
            name: account.name,
            email: account.email,
            email_verified: true,
            role: account.role,
            municipalities: account.municipalities,
          };
        },
      };
    },
    // The claims the subgraphs authorize with (see TokenVerifier in @kita/shared).
    async extraTokenClaims(_ctx: unknown, token: { accountId?: string }) {
      const account = token.accountId ? bySubject.get(token.accountId) : undefined;
      if (!account) return undefined;
      return { role: account.role, municipalities: [...account.municipalities] };
    },
    features: {
      devInteractions: { enabled: false },
      // Access tokens are JWTs only for a resource server; every request gets ours by default.
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => resource,
        // Without this, a code granted with scope openid yields an opaque userinfo token at the
        // token endpoint unless the client repeats the resource parameter there.
        useGrantedResource: async () => true,
        async getResourceServerInfo(_ctx: unknown, indicator: string) {
          if (indicator !== resource) throw new errors.InvalidTarget(`unknown resource ${indicator}; use ${resource}`);
          return {
            scope: scopes,
            audience: options.audience,
            accessTokenTTL: accessTokenTtl,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
      // The access tokens are JWTs for the federation, not for userinfo; the ID token has the claims.
      userinfo: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx: { host: string; type: string; body: string }, form: string) {
          ctx.type = 'html';
          ctx.body = logoutPage(form, ctx.host);
        },
        async postLogoutSuccessSource(ctx: { type: string; body: string }) {
          ctx.type = 'html';
          ctx.body = loggedOutPage();
        },
      },
    },
    interactions: { url: async (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    async renderError(ctx: { type: string; body: string }, out: { error?: string; error_description?: string }) {
      ctx.type = 'html';
      ctx.body = errorPage('Die Anmeldeanfrage ist ungültig.', 'The authorization request is invalid.', {
        error: out.error,
        description: out.error_description,
      });
    },
    // Explicit lifetimes (the defaults print a notice each): sessions for a working day or so.
    ttl: {
      AccessToken: accessTokenTtl,
      AuthorizationCode: 60,
      IdToken: 60 * 60,
      RefreshToken: 24 * 60 * 60,
      Interaction: 60 * 60,
      Session: 24 * 60 * 60,
      Grant: 24 * 60 * 60,
      ClientCredentials: 10 * 60,
      DeviceCode: 10 * 60,
      BackchannelAuthenticationRequest: 10 * 60,
      PreAuthorizedCode: 10 * 60,
    },
  };
  let provider: Provider;
  try {
    provider = new Provider(issuer, configuration);
  } catch (error) {
    // E.g. an invalid redirect URI in options.clients: do not leave the port occupied.
    server.close();
    throw error;
  }
  // Koa (which oidc-provider extends) prints unhandled errors to stderr unless silent.
  provider.silent = true;
  provider.on('server_error', (_ctx, error) => reportError(error));
  provider.on('error', (error) => reportError(error));

  const oidc = provider.callback();

  async function interaction(req: IncomingMessage, res: ServerResponse, uid: string, submitted: boolean) {
    let details: Interaction;
    try {
      details = await provider.interactionDetails(req, res);
    } catch {
      // Expired interactions and missing cookies (e.g. another browser) end up here.
      send(
        res,
        400,
        errorPage('Diese Anmeldung ist abgelaufen. Bitte in der Anwendung neu starten.', 'This sign-in has expired. Please start again from the application.'),
      );
      return;
    }
    if (details.uid !== uid) {
      send(res, 400, errorPage('Diese Anmeldung gehört zu einem anderen Vorgang.', 'This sign-in belongs to another request.'));
      return;
    }
    const { prompt, params } = details;
    const pageInput = {
      action: `/interaction/${encodeURIComponent(uid)}/login`,
      clientId: params.client_id,
      accounts,
      sharedPassword: accounts.every((account) => account.password === demoPassword) ? demoPassword : undefined,
    };

    if (prompt.name === 'login' && !submitted) {
      send(res, 200, loginPage(pageInput));
      return;
    }
    if (prompt.name === 'login') {
      const form = await readForm(req);
      const username = (form.get('username') ?? '').trim();
      const password = form.get('password') ?? '';
      const account = accounts.find((candidate) => candidate.username.toLowerCase() === username.toLowerCase());
      // Compare even for unknown usernames so both failures take the same time.
      const passwordOk = sameSecret(password, account?.password ?? randomBytes(16).toString('hex'));
      if (!account || !passwordOk) {
        send(res, 200, loginPage({ ...pageInput, username, error: 'Benutzername oder Passwort falsch.' }));
        return;
      }
      const returnTo = await provider.interactionResult(req, res, { login: { accountId: account.subject } }, { mergeWithLastSubmission: false });
      redirect(res, returnTo);
      return;
    }
    if (prompt.name === 'consent') {
      // First-party apps only: grant what was asked for without a consent page.
      const accountId = details.session?.accountId;
      if (!accountId) throw new Error('consent prompt without a logged-in account');
      const grant = details.grantId
        ? ((await provider.Grant.find(details.grantId)) ?? new provider.Grant({ accountId, clientId: params.client_id }))
        : new provider.Grant({ accountId, clientId: params.client_id });
      const { missingOIDCScope, missingOIDCClaims, missingResourceScopes } = prompt.details;
      if (missingOIDCScope?.length) grant.addOIDCScope(missingOIDCScope.join(' '));
      if (missingOIDCClaims?.length) grant.addOIDCClaims(missingOIDCClaims);
      for (const [indicator, resourceScopes] of Object.entries(missingResourceScopes ?? {})) {
        grant.addResourceScope(indicator, resourceScopes.join(' '));
      }
      const grantId = await grant.save();
      const returnTo = await provider.interactionResult(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
      redirect(res, returnTo);
      return;
    }
    send(res, 400, errorPage('Unbekannter Anmeldeschritt.', `Unknown interaction prompt ${prompt.name}.`));
  }

  // The start page's pending logins: state -> PKCE verifier. Bounded, since anyone can open /login.
  const pending = new Map<string, { verifier: string; expiresAt: number }>();

  function startPage(res: ServerResponse) {
    const secrets = authorizationSecrets();
    const now = Date.now();
    for (const [state, entry] of pending) if (entry.expiresAt <= now || pending.size >= 100) pending.delete(state);
    pending.set(secrets.state, { verifier: secrets.verifier, expiresAt: now + 60 * 60 * 1000 });
    const authorize = new URL(provider.urlFor('authorization'));
    authorize.search = new URLSearchParams({
      client_id: startPageClientId,
      redirect_uri: startPageRedirectUri,
      response_type: 'code',
      scope: scopes,
      code_challenge: secrets.challenge,
      code_challenge_method: 'S256',
      state: secrets.state,
      nonce: secrets.nonce,
      // Always show the form, so a developer can switch accounts.
      prompt: 'login',
    }).toString();
    redirect(res, authorize.href);
  }

  async function startPageCallback(res: ServerResponse, query: URLSearchParams) {
    const state = query.get('state') ?? '';
    const entry = pending.get(state);
    pending.delete(state);
    const code = query.get('code');
    if (!entry || entry.expiresAt <= Date.now() || !code) {
      const error = query.get('error');
      send(
        res,
        400,
        errorPage('Die Anmeldung ist abgelaufen oder wurde abgebrochen.', 'The sign-in expired or was cancelled.', {
          error,
          description: query.get('error_description'),
        }),
      );
      return;
    }
    const tokens = await exchangeCode({
      tokenEndpoint: `${localBase}${new URL(provider.urlFor('token')).pathname}`,
      clientId: startPageClientId,
      redirectUri: startPageRedirectUri,
      code,
      verifier: entry.verifier,
    });
    // Our own token from our own token endpoint: decoding without verifying is enough here.
    const account = bySubject.get(decodeJwt(tokens.accessToken).sub ?? '');
    if (!account) throw new Error('token for an unknown account');
    send(res, 200, tokenPage({ account, accessToken: tokens.accessToken, expiresAt: new Date(Date.now() + tokens.expiresIn * 1000), restartUrl: '/login' }));
  }

  handler = (req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const method = req.method ?? 'GET';
    const route = async () => {
      const match = /^\/interaction\/([A-Za-z0-9_-]+)(\/login)?$/.exec(url.pathname);
      if (match && (method === 'GET' || method === 'POST')) {
        const submitted = method === 'POST';
        if (submitted !== Boolean(match[2])) {
          send(res, 405, errorPage('Diese Seite kann so nicht aufgerufen werden.', 'Method not allowed here.'));
          return;
        }
        await interaction(req, res, match[1] ?? '', submitted);
      } else if (method === 'GET' && url.pathname === '/') {
        redirect(res, '/login');
      } else if (method === 'GET' && url.pathname === '/login') {
        startPage(res);
      } else if (method === 'GET' && url.pathname === '/login/callback') {
        await startPageCallback(res, url.searchParams);
      } else {
        oidc(req, res);
      }
    };
    route().catch((error: unknown) => {
      reportError(error);
      if (!res.headersSent) send(res, 500, errorPage('Interner Fehler des Anmeldedienstes.', 'Internal error of the login service.'));
      else res.destroy();
    });
  };

  return {
    issuer,
    jwksUri: provider.urlFor('jwks'),
    url: `${issuer}/login`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive connections (fetch, browsers) would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}
