import { clientError, ErrorCode, isMunicipalityKey, type MunicipalityKey, unauthenticatedRequest } from '@kita/schema';
import { GraphQLError } from 'graphql';
import { decodeJwt, decodeProtectedHeader, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import {
  gatewayPrincipal,
  type IdentityProvider,
  isPrincipal,
  keySetOf,
  type Principal,
  type ServiceKeyring,
  serviceAlgorithm,
  type TrustDirectory,
} from './trust.js';

export const roles = ['anonymous', 'parent', 'provider', 'office', 'analyst'] as const;
export type Role = (typeof roles)[number];

/**
 * Who is asking. `municipalities` are the municipalities an office or analyst acts for, kept
 * only where the token's issuer is trusted; who may act for a facility is data (membership),
 * never a claim.
 */
export interface Viewer {
  role: Role;
  subject?: string;
  /** The OpenID provider that signed the token. */
  issuer?: string;
  municipalities: MunicipalityKey[];
}

export const anonymousViewer: Viewer = Object.freeze({ role: 'anonymous', municipalities: [] }) as Viewer;

const claimsSchema = z.object({
  sub: z.string().min(1),
  role: z.enum(['parent', 'provider', 'office', 'analyst']),
  municipalities: z.array(z.string().refine(isMunicipalityKey, 'not a municipality key')).default([]),
});

const bearerOf = (authorization: string): string | undefined => /^Bearer\s+(\S+)$/i.exec(authorization.trim())?.[1];

/**
 * Verifies people's bearer tokens against the identity providers of a trust directory: only
 * known issuers, only their configured asymmetric algorithms, their audience, an expiry.
 * Scoped to one municipality (a subgraph instance), a provider token from an issuer that
 * municipality does not trust counts as anonymous there; office and analyst tokens keep only
 * the municipalities that trust their issuer, wherever they are verified.
 */
export class TokenVerifier {
  constructor(
    readonly trust: TrustDirectory,
    /** The municipality an instance serves; undefined for the gateway. */
    readonly scope?: MunicipalityKey,
  ) {}

  /** The same trust, for one municipality's instance. */
  scopedTo(municipality: MunicipalityKey): TokenVerifier {
    return new TokenVerifier(this.trust, municipality);
  }

  /** The viewer for an `Authorization` header value; anonymous without one. */
  async viewerFor(authorization: string | undefined | null): Promise<Viewer> {
    if (!authorization) return anonymousViewer;
    const token = bearerOf(authorization);
    if (!token) throw unauthenticatedRequest('The Authorization header must be "Bearer <token>".');
    const { payload, provider } = await this.verifiedPayload(token);
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) throw unauthenticatedRequest('The bearer token lacks a valid role or scope.');
    const { sub, role, municipalities } = claims.data;
    const issuer = provider.issuer;
    if (role === 'parent') {
      if (!provider.parents) throw unauthenticatedRequest('This login provider does not sign in families.');
      return { role, subject: sub, issuer, municipalities: [] };
    }
    if (role === 'provider' && this.scope && !this.trust.trusts(this.scope, issuer)) return anonymousViewer;
    return { role, subject: sub, issuer, municipalities: municipalities.filter((municipality) => this.trust.trusts(municipality, issuer)) };
  }

  /** The claims of a token whose issuer is known and whose signature, algorithm, audience and expiry hold; 401 otherwise. */
  async verifiedPayload(token: string): Promise<{ payload: JWTPayload; provider: IdentityProvider }> {
    let issuer: string | undefined;
    try {
      issuer = decodeJwt(token).iss;
    } catch {
      throw unauthenticatedRequest('The bearer token is not valid.');
    }
    const provider = this.trust.identityProviders().find((candidate) => candidate.issuer === issuer);
    if (!provider) throw unauthenticatedRequest('The bearer token is not from a trusted login provider.');
    try {
      const { payload } = await jwtVerify(token, keySetOf(provider), {
        issuer: provider.issuer,
        audience: provider.audience,
        algorithms: provider.algorithms,
        requiredClaims: ['exp', 'sub'],
      });
      return { payload, provider };
    } catch (error) {
      const reason = (error as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'has expired' : 'is not valid';
      throw unauthenticatedRequest(`The bearer token ${reason}.`);
    }
  }
}

/** The office of this municipality (not of another one, not by key prefix). */
export function isOfficeOf(viewer: Viewer, municipality: MunicipalityKey): boolean {
  return viewer.role === 'office' && viewer.municipalities.includes(municipality);
}

/** Refuses anonymous callers (UNAUTHENTICATED) before anything is parsed further or loaded. */
export function requireSignedIn(viewer: Viewer, action: string): void {
  if (viewer.role === 'anonymous') throw clientError(ErrorCode.Unauthenticated, `Sign in to ${action}.`);
}

// --- service identity --------------------------------------------------------------------

/**
 * Service tokens let the gateway and instances call each other's internals (the outbox feed,
 * introspection, gateway-only fields). Each is signed with the caller's own key (its
 * municipality's, or the gateway's), names its target as audience and expires within minutes;
 * the callee checks it against the caller's keys in the registry. They are never viewers.
 */
export const serviceRole = 'service';
/** The header that carries the gateway's service token next to a person's `Authorization`. */
export const serviceAuthorizationHeader = 'x-service-authorization';
const serviceNamePattern = /^[a-z][a-z0-9._@-]{0,62}$/;
const serviceIssuer = (principal: Principal) => `urn:kita:service:${principal}`;

/** The principal whose key signs for a service name: `gateway`, or the municipality after `@` (`facility@03355022`). */
export function principalOfService(service: string): Principal | undefined {
  if (service === gatewayPrincipal) return gatewayPrincipal;
  const at = service.lastIndexOf('@');
  const municipality = at < 0 ? '' : service.slice(at + 1);
  return isMunicipalityKey(municipality) ? municipality : undefined;
}

/** Signs a short-lived ES256 service token, e.g. `signServiceToken(keys, 'facility@03355022', { audience: '03355022' })`. */
export async function signServiceToken(keyring: ServiceKeyring, service: string, options: { audience?: Principal; expiresIn?: string } = {}): Promise<string> {
  if (!serviceNamePattern.test(service)) throw new Error(`not a service name: ${JSON.stringify(service)}`);
  const principal = principalOfService(service);
  if (!principal) throw new Error(`a service name ends in @<municipality> or is "gateway": ${JSON.stringify(service)}`);
  const signing = await keyring.signingKey(principal);
  if (!signing) throw new Error(`no service key for ${principal} (SERVICE_KEY)`);
  return new SignJWT({ role: serviceRole })
    .setProtectedHeader({ alg: serviceAlgorithm, kid: signing.kid })
    .setSubject(`service:${service}`)
    .setIssuer(serviceIssuer(principal))
    .setAudience(serviceIssuer(options.audience ?? principal))
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '5m')
    .sign(signing.key);
}

/** The outcome of checking a request for a service token; a refusal is a value with its HTTP status. */
export type ServiceCheck =
  | { ok: true; service: string; principal: Principal }
  | { ok: false; status: 401 | 403; code: typeof ErrorCode.Unauthenticated | typeof ErrorCode.Forbidden; message: string };

/** Verified service tokens by their text, until they expire: the gateway reuses one token for many requests. */
const verifiedServiceTokens = new Map<string, { service: string; principal: Principal; audience: string; expiresAt: number }>();

/**
 * Accepts only a valid service token addressed to this verifier's municipality (or to the
 * gateway when unscoped), signed with its caller's own published key. No or a bad token is 401
 * `UNAUTHENTICATED`; a valid token of a person is 403 `FORBIDDEN`.
 */
export async function verifyServiceToken(verifier: TokenVerifier, authorization: string | undefined | null): Promise<ServiceCheck> {
  const unauthenticated = (message: string): ServiceCheck => ({ ok: false, status: 401, code: ErrorCode.Unauthenticated, message });
  if (!authorization) return unauthenticated('A service token is required.');
  const token = bearerOf(authorization);
  if (!token) return unauthenticated('The Authorization header must be "Bearer <token>".');
  const audience = serviceIssuer(verifier.scope ?? gatewayPrincipal);
  const cached = verifiedServiceTokens.get(token);
  if (cached && cached.expiresAt > Date.now() && cached.audience === audience) return { ok: true, service: cached.service, principal: cached.principal };

  let claims: JWTPayload;
  try {
    claims = decodeJwt(token);
    decodeProtectedHeader(token);
  } catch {
    return unauthenticated('The service token is not valid.');
  }
  const issuer = typeof claims.iss === 'string' ? claims.iss : '';
  if (!issuer.startsWith('urn:kita:service:')) {
    // A person's token: verified as such, so that a forged one is still 401.
    try {
      await verifier.verifiedPayload(token);
    } catch (error) {
      if (error instanceof GraphQLError) return unauthenticated(error.message);
      throw error;
    }
    return { ok: false, status: 403, code: ErrorCode.Forbidden, message: 'Only services may read this; a personal token may not.' };
  }
  const principal = issuer.slice('urn:kita:service:'.length);
  const keys = isPrincipal(principal) ? verifier.trust.serviceKeys(principal) : undefined;
  if (!keys) return unauthenticated('The service token is signed by a party the registry does not list.');
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, keySetOf(keys), { issuer, audience, algorithms: [serviceAlgorithm], requiredClaims: ['exp', 'sub'] }));
  } catch (error) {
    const reason = (error as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'has expired' : 'is not valid';
    return unauthenticated(`The service token ${reason}.`);
  }
  const subject = payload.sub ?? '';
  const service = subject.slice('service:'.length);
  if (payload.role !== serviceRole || !subject.startsWith('service:') || !serviceNamePattern.test(service) || principalOfService(service) !== principal) {
    return unauthenticated('The service token names a service its key does not sign for.');
  }
  if (verifiedServiceTokens.size > 1000) verifiedServiceTokens.clear();
  verifiedServiceTokens.set(token, { service, principal: principal as Principal, audience, expiresAt: (payload.exp ?? 0) * 1000 });
  return { ok: true, service, principal: principal as Principal };
}

/**
 * A token function that signs anew only every `reuseMs` (tokens live five minutes) instead of
 * for every call: hundreds of idle consumers, and the gateway's every request, then cost little.
 */
export function reusedToken(sign: () => Promise<string>, reuseMs = 60_000): () => Promise<string> {
  let cached: { token: Promise<string>; at: number } | undefined;
  return () => {
    const now = Date.now();
    if (!cached || now - cached.at >= reuseMs) {
      const token = sign();
      cached = { token, at: now };
      // A failed signing is not kept: the next call tries again.
      token.catch(() => {
        if (cached?.token === token) cached = undefined;
      });
    }
    return cached.token;
  };
}

/** One service's tokens per audience, each reused for a minute. */
export function serviceTokens(keyring: ServiceKeyring, service: string): (audience: Principal) => Promise<string> {
  const byAudience = new Map<Principal, () => Promise<string>>();
  return (audience) => {
    let token = byAudience.get(audience);
    if (!token) {
      token = reusedToken(() => signServiceToken(keyring, service, { audience }));
      byAudience.set(audience, token);
    }
    return token();
  };
}
