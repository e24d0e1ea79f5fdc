import { GraphQLError } from 'graphql';
import { SignJWT, createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import type { CrossCheck } from './config.js';
import { clientError, ErrorCode, unauthenticatedRequest } from './errors.js';
import { formatId, isMunicipalityKey, tryParseId, type MunicipalityKey } from './ids.js';

export const roles = ['anonymous', 'parent', 'provider', 'office', 'analyst'] as const;
export type Role = (typeof roles)[number];

/**
 * Who is asking. `municipalities` scopes office, analyst and provider tokens;
 * `facilities` lists a provider's own facility IDs.
 */
export interface Viewer {
  role: Role;
  subject?: string;
  municipalities: MunicipalityKey[];
  facilities: string[];
}

export const anonymousViewer: Viewer = Object.freeze({ role: 'anonymous', municipalities: [], facilities: [] }) as Viewer;

/** A development-only key, refused in production; it exists so `npm start` works with no setup. */
export const developmentSecret = 'kita-federation-development-secret-do-not-use-in-production';

export const authEnvSchema = z.object({
  AUTH_ISSUER: z.string().min(1).default('kita-federation-dev'),
  AUTH_AUDIENCE: z.string().min(1).default('kita-federation'),
  AUTH_JWKS_URL: z.url().optional(),
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
});

export interface AuthSettings {
  issuer: string;
  audience: string;
  jwksUrl?: string;
  secret?: string;
}

export function authSettingsFrom(env: z.infer<typeof authEnvSchema>, nodeEnv: string): AuthSettings {
  const secret = env.AUTH_SECRET ?? (env.AUTH_JWKS_URL || nodeEnv === 'production' ? undefined : developmentSecret);
  return { issuer: env.AUTH_ISSUER, audience: env.AUTH_AUDIENCE, jwksUrl: env.AUTH_JWKS_URL, secret };
}

/** Production must have some way to verify tokens (a cross-check for `parseConfig`). */
export const requireVerificationKey: CrossCheck = (env) =>
  env.NODE_ENV === 'production' && !env.AUTH_JWKS_URL && !env.AUTH_SECRET
    ? 'AUTH_JWKS_URL: production needs AUTH_JWKS_URL (OpenID Connect) or AUTH_SECRET'
    : undefined;

const claimsSchema = z.object({
  sub: z.string().min(1),
  role: z.enum(['parent', 'provider', 'office', 'analyst']),
  municipalities: z.array(z.string().refine(isMunicipalityKey, 'not a municipality key')).default([]),
  facilities: z.array(z.string().refine((id) => tryParseId(id) !== undefined, 'not a facility ID')).default([]),
});

/** Verifies bearer tokens (HS256 secret in development, JWKS from an OpenID provider otherwise). */
export class TokenVerifier {
  private readonly key: Uint8Array | JWTVerifyGetKey;

  constructor(private readonly settings: AuthSettings) {
    if (settings.jwksUrl) this.key = createRemoteJWKSet(new URL(settings.jwksUrl));
    else if (settings.secret) this.key = new TextEncoder().encode(settings.secret);
    else throw new Error('TokenVerifier needs a JWKS URL or a secret');
  }

  /** The viewer for an `Authorization` header value; anonymous without one. */
  async viewerFor(authorization: string | undefined | null): Promise<Viewer> {
    if (!authorization) return anonymousViewer;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match) throw unauthenticatedRequest('The Authorization header must be "Bearer <token>".');
    const payload = await this.verifiedPayload(match[1]);
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) throw unauthenticatedRequest('The bearer token lacks a valid role or scope.');
    const { sub, role, municipalities, facilities } = claims.data;
    const normalised = facilities.map((id) => {
      const parsed = tryParseId(id)!;
      return formatId(parsed.municipality, parsed.localId);
    });
    return { role, subject: sub, municipalities, facilities: normalised };
  }

  /** The claims of a token whose signature, issuer, audience and expiry hold; 401 otherwise. */
  async verifiedPayload(token: string): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(token, this.key as Uint8Array, {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        requiredClaims: ['exp', 'sub'],
      });
      return payload;
    } catch (error) {
      const reason = (error as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'has expired' : 'is not valid';
      throw unauthenticatedRequest(`The bearer token ${reason}.`);
    }
  }
}

export interface TokenRequest {
  role: Exclude<Role, 'anonymous'>;
  subject: string;
  municipalities?: MunicipalityKey[];
  facilities?: string[];
  expiresIn?: string;
}

/** Signs an HS256 token; used by the development token command and by tests. */
export async function signToken(settings: AuthSettings, request: TokenRequest): Promise<string> {
  if (!settings.secret) throw new Error('signing needs AUTH_SECRET (development tokens only)');
  return new SignJWT({
    role: request.role,
    municipalities: request.municipalities ?? [],
    facilities: request.facilities ?? [],
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(request.subject)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt()
    .setExpirationTime(request.expiresIn ?? '8h')
    .sign(new TextEncoder().encode(settings.secret));
}

/** The office of this municipality (not of another one, not by key prefix). */
export function isOfficeOf(viewer: Viewer, municipality: MunicipalityKey): boolean {
  return viewer.role === 'office' && viewer.municipalities.includes(municipality);
}

/** A provider acting for one of its own facilities (by global ID). */
export function isProviderOf(viewer: Viewer, facilityId: string): boolean {
  return viewer.role === 'provider' && viewer.facilities.includes(facilityId);
}

/**
 * Service tokens let one subgraph call another's internal HTTP routes (the outbox feed). They
 * carry `role: 'service'` and `sub: 'service:<name>'`, expire within minutes, and are never
 * viewers: `viewerFor` refuses them, so they open no GraphQL field.
 */
export const serviceRole = 'service';
const serviceNamePattern = /^[a-z][a-z0-9._@-]{0,62}$/;

/** Signs a short-lived HS256 service token, e.g. `signServiceToken(settings, 'facility@03355022')`. */
export async function signServiceToken(settings: AuthSettings, service: string, options: { expiresIn?: string } = {}): Promise<string> {
  if (!settings.secret) throw new Error('signing a service token needs AUTH_SECRET');
  if (!serviceNamePattern.test(service)) throw new Error(`not a service name: ${JSON.stringify(service)}`);
  return new SignJWT({ role: serviceRole })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(`service:${service}`)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '5m')
    .sign(new TextEncoder().encode(settings.secret));
}

/** The outcome of checking a request for a service token; a refusal is a value with its HTTP status. */
export type ServiceCheck =
  | { ok: true; service: string }
  | { ok: false; status: 401 | 403; code: typeof ErrorCode.Unauthenticated | typeof ErrorCode.Forbidden; message: string };

/**
 * Accepts only a valid service token. No or a bad token is 401 `UNAUTHENTICATED`; a valid token
 * of a person (parent, provider, office, analyst) is 403 `FORBIDDEN`.
 */
export async function verifyServiceToken(verifier: TokenVerifier, authorization: string | undefined | null): Promise<ServiceCheck> {
  const unauthenticated = (message: string): ServiceCheck => ({ ok: false, status: 401, code: ErrorCode.Unauthenticated, message });
  if (!authorization) return unauthenticated('A service token is required.');
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) return unauthenticated('The Authorization header must be "Bearer <token>".');
  let payload: JWTPayload;
  try {
    payload = await verifier.verifiedPayload(match[1]);
  } catch (error) {
    if (error instanceof GraphQLError) return unauthenticated(error.message);
    throw error;
  }
  const subject = payload.sub ?? '';
  if (payload.role === serviceRole && subject.startsWith('service:') && serviceNamePattern.test(subject.slice('service:'.length))) {
    return { ok: true, service: subject.slice('service:'.length) };
  }
  return { ok: false, status: 403, code: ErrorCode.Forbidden, message: 'Only services may read this; a personal token may not.' };
}

/** Refuses anonymous callers (UNAUTHENTICATED) before anything is parsed further or loaded. */
export function requireSignedIn(viewer: Viewer, action: string): void {
  if (viewer.role === 'anonymous') throw clientError(ErrorCode.Unauthenticated, `Sign in to ${action}.`);
}
