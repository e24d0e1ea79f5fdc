import { isMunicipalityKey, type MunicipalityKey } from '@kita/schema';
import { createLocalJWKSet, createRemoteJWKSet, exportJWK, generateKeyPair, importJWK, type JSONWebKeySet, type JWK, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';

/**
 * Who signs service requests: the gateway, or one municipality's instances (every subgraph of a
 * municipality shares its municipality's key pair). Never the whole federation.
 */
export const gatewayPrincipal = 'gateway';
export type Principal = MunicipalityKey | typeof gatewayPrincipal;

export const isPrincipal = (value: string): value is Principal => value === gatewayPrincipal || isMunicipalityKey(value);

/** The only algorithm service tokens are signed and accepted with. */
export const serviceAlgorithm = 'ES256';
/** The algorithms user tokens are accepted with unless an identity provider says otherwise: asymmetric only, never HS*. */
export const defaultUserAlgorithms = ['RS256', 'ES256'] as const;
const asymmetricAlgorithms = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;

const jwkSchema = z.looseObject({ kty: z.string() });
/** Public keys, as JWKS: private parts are refused, so a registry can never leak a signing key. */
export const publicKeySetSchema = z.object({
  keys: z
    .array(jwkSchema)
    .min(1, 'must list at least one key')
    .refine((keys) => keys.every((key) => !('d' in key)), 'must hold public keys only (a key has a private part "d")'),
});

/** An OpenID provider whose access tokens the federation accepts (its keys by JWKS URI, or inline). */
export const identityProviderSchema = z
  .object({
    issuer: z.string().min(1, 'must be the issuer URL'),
    jwksUri: z.url('must be an http(s) URL').optional(),
    jwks: publicKeySetSchema.optional(),
    audience: z.string().min(1).default('kita-federation'),
    algorithms: z
      .array(z.enum(asymmetricAlgorithms))
      .min(1)
      .default([...defaultUserAlgorithms]),
    /** Families log in here (federation-wide, e.g. the Land's account or BundID): parent tokens are accepted only from such providers. */
    parents: z.boolean().default(false),
  })
  .refine((provider) => !!provider.jwksUri !== !!provider.jwks, 'needs exactly one of jwksUri and jwks');
export type IdentityProvider = z.infer<typeof identityProviderSchema>;

/** A principal's published service keys: inline public keys, or the URL of its JWKS. */
export const serviceKeysSchema = z
  .object({ jwks: publicKeySetSchema.optional(), jwksUri: z.url('must be an http(s) URL').optional() })
  .refine((keys) => !!keys.jwks !== !!keys.jwksUri, 'needs exactly one of jwks and jwksUri');
export type ServiceKeys = z.infer<typeof serviceKeysSchema>;

/** What a party of the federation needs to know to trust a token: the registry's trust part. */
export interface TrustDirectory {
  identityProviders(): readonly IdentityProvider[];
  /** Whether the municipality accepts office, provider and analyst tokens from this issuer. */
  trusts(municipality: MunicipalityKey, issuer: string): boolean;
  /** Where a principal's public service keys are; undefined for an unknown principal. */
  serviceKeys(principal: Principal): ServiceKeys | undefined;
}

/** The private service keys a process holds: its own in production, every municipality's in the one-process development stack. */
export interface ServiceKeyring {
  signingKey(principal: Principal): Promise<SigningKey | undefined>;
}

export interface SigningKey {
  kid: string;
  key: ImportedKey;
}
type ImportedKey = Awaited<ReturnType<typeof importJWK>>;

/** A new ES256 key pair for a principal, as JWKs (the private one for the instance, the public one for the registry). */
export async function generateServiceKey(principal: Principal): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair(serviceAlgorithm, { extractable: true });
  const kid = `${principal}-${new Date().toISOString().slice(0, 10)}-${crypto.randomUUID().slice(0, 8)}`;
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: serviceAlgorithm, use: 'sig' };
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: serviceAlgorithm, use: 'sig' };
  return { privateJwk, publicJwk };
}

function isPrivateJwk(value: string): boolean {
  try {
    const key = JSON.parse(value) as Record<string, unknown>;
    return typeof key === 'object' && key !== null && typeof key.d === 'string' && typeof key.kid === 'string';
  } catch {
    return false;
  }
}

/** `SERVICE_KEY` of a deployable: its private service key as a JWK (with "d" and "kid"); `npm run keys` makes one. */
export const serviceKeyEnvSchema = z.string().refine(isPrivateJwk, 'must be a private JWK as JSON with "d" and "kid" (npm run keys makes one)');

/** A keyring of exactly one principal's private key (what a deployed instance or gateway holds). */
export async function singleKeyring(principal: Principal, privateJwk: JWK): Promise<ServiceKeyring> {
  if (!privateJwk.d) throw new Error('SERVICE_KEY must be a private JWK (with "d")');
  if (!privateJwk.kid) throw new Error('SERVICE_KEY needs a "kid" (the key ID the registry publishes)');
  const key = await importJWK(privateJwk, serviceAlgorithm);
  const signing: SigningKey = { kid: privateJwk.kid, key };
  return { signingKey: async (asked) => (asked === principal ? signing : undefined) };
}

/** An identity provider of a local trust; `trustedBy` limits the municipalities that accept its staff tokens (default: all). */
export type LocalIdentityProvider = IdentityProvider & { trustedBy?: MunicipalityKey[] };

/**
 * Everything in one process, for `npm start` and tests: every principal's key pair is made on
 * first use and published to itself, and the given identity providers are trusted by every
 * municipality. Never used by a deployed instance or gateway.
 */
export class LocalTrust implements TrustDirectory, ServiceKeyring {
  private readonly keys = new Map<Principal, Promise<{ signing: SigningKey; publicJwk: JWK }>>();
  private readonly published = new Map<Principal, ServiceKeys>();

  constructor(private readonly providers: LocalIdentityProvider[] = []) {}

  identityProviders(): readonly IdentityProvider[] {
    return this.providers;
  }

  /** A local trust holding exactly these private keys (e.g. handed to a benchmark's processes), published as their public halves. */
  static async withPrivateKeys(privateJwks: Record<string, JWK>, providers: LocalIdentityProvider[] = []): Promise<LocalTrust> {
    const trust = new LocalTrust(providers);
    for (const [principal, privateJwk] of Object.entries(privateJwks)) {
      if (!isPrincipal(principal) || !privateJwk.kid) throw new Error(`not a principal's private key: ${principal}`);
      const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = privateJwk;
      const signing = { kid: privateJwk.kid, key: await importJWK(privateJwk, serviceAlgorithm) };
      trust.keys.set(principal, Promise.resolve({ signing, publicJwk }));
      trust.published.set(principal, { jwks: { keys: [publicJwk as JWK & { kty: string }] } });
    }
    return trust;
  }

  /** Adds an identity provider (e.g. the embedded login, once it listens). */
  addIdentityProvider(provider: LocalIdentityProvider): void {
    this.providers.push(provider);
  }

  trusts(municipality: MunicipalityKey, issuer: string): boolean {
    return this.providers.some((provider) => provider.issuer === issuer && (!provider.trustedBy || provider.trustedBy.includes(municipality)));
  }

  serviceKeys(principal: Principal): ServiceKeys | undefined {
    return this.published.get(principal);
  }

  signingKey(principal: Principal): Promise<SigningKey> {
    let entry = this.keys.get(principal);
    if (!entry) {
      entry = generateServiceKey(principal).then(async ({ privateJwk, publicJwk }) => {
        this.published.set(principal, { jwks: { keys: [publicJwk as JWK & { kty: string }] } });
        return { signing: { kid: privateJwk.kid!, key: await importJWK(privateJwk, serviceAlgorithm) }, publicJwk };
      });
      this.keys.set(principal, entry);
    }
    return entry.then(({ signing }) => signing);
  }

  /** The trust document of these municipalities, as a gateway serves it at `/trust` (keys made so far). */
  document(municipalities: MunicipalityKey[]): TrustDocument {
    const providers = this.providers.map(({ trustedBy: _trustedBy, ...provider }) => provider);
    const gatewayKeys = this.published.get(gatewayPrincipal);
    return {
      identityProviders: providers,
      ...(gatewayKeys ? { gateway: { serviceKeys: gatewayKeys } } : {}),
      municipalities: municipalities.map((key) => {
        const serviceKeys = this.published.get(key);
        return {
          key,
          trustedIssuers: this.providers.filter((provider) => this.trusts(key, provider.issuer)).map((provider) => provider.issuer),
          ...(serviceKeys ? { serviceKeys } : {}),
        };
      }),
    };
  }

  /** Makes sure a principal has keys (and publishes them) before anyone verifies its tokens. */
  async ensure(principals: Principal[]): Promise<void> {
    await Promise.all(principals.map((principal) => this.signingKey(principal)));
  }
}

/** One key-set function per JWKS URI or inline set, kept for the process (remote sets cache and refresh themselves). */
const keySets = new Map<string, JWTVerifyGetKey>();

/** The key lookup for `jwtVerify` of an identity provider's or a principal's keys. */
export function keySetOf(keys: { jwksUri?: string; jwks?: JSONWebKeySet }): JWTVerifyGetKey {
  const cacheKey = keys.jwksUri ?? JSON.stringify(keys.jwks);
  let keySet = keySets.get(cacheKey);
  if (!keySet) {
    keySet = keys.jwksUri ? createRemoteJWKSet(new URL(keys.jwksUri), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 }) : createLocalJWKSet(keys.jwks!);
    if (keySets.size > 1000) keySets.clear();
    keySets.set(cacheKey, keySet);
  }
  return keySet;
}

/**
 * The trust part of the registry, as the gateway serves it at `/trust` to every instance: the
 * identity providers, which municipality trusts which issuer for its staff, and every party's
 * public service keys. Public data only.
 */
export const trustDocumentSchema = z.object({
  identityProviders: z.array(identityProviderSchema).default([]),
  gateway: z.object({ serviceKeys: serviceKeysSchema }).optional(),
  municipalities: z
    .array(
      z.looseObject({
        key: z.string().refine(isMunicipalityKey, 'must be a 5- or 8-digit municipality key (AGS)'),
        trustedIssuers: z.array(z.string().min(1)).default([]),
        serviceKeys: serviceKeysSchema.optional(),
      }),
    )
    .default([]),
});
export type TrustDocument = z.infer<typeof trustDocumentSchema>;

/** A trust directory over one trust document. */
export function trustOfDocument(document: TrustDocument): TrustDirectory {
  const byKey = new Map(document.municipalities.map((entry) => [entry.key, entry]));
  return {
    identityProviders: () => document.identityProviders,
    trusts: (municipality, issuer) => byKey.get(municipality)?.trustedIssuers.includes(issuer) ?? false,
    serviceKeys: (principal) => (principal === gatewayPrincipal ? document.gateway?.serviceKeys : byKey.get(principal)?.serviceKeys),
  };
}

/** A trust directory that always answers from the latest directory `current` gives (a registry that reloads). */
export function followingTrust(current: () => TrustDirectory): TrustDirectory {
  return {
    identityProviders: () => current().identityProviders(),
    trusts: (municipality, issuer) => current().trusts(municipality, issuer),
    serviceKeys: (principal) => current().serviceKeys(principal),
  };
}

export interface RemoteTrust {
  trust: TrustDirectory;
  stop(): void;
}

/**
 * The trust document at `url` (the gateway's `/trust`), read before the instance serves and
 * re-read every `refreshMs`; a failed or invalid read keeps the last good document.
 */
export async function followTrustDocument(url: string, options: { refreshMs?: number; onProblem?: (problem: string) => void } = {}): Promise<RemoteTrust> {
  const read = async (): Promise<TrustDirectory> => {
    const response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`the trust document answered HTTP ${response.status}`);
    const parsed = trustDocumentSchema.safeParse(await response.json());
    if (!parsed.success) throw new Error(`the trust document is invalid: ${parsed.error.issues.map((issue) => issue.path.join('.')).join(', ')}`);
    return trustOfDocument(parsed.data);
  };
  let current = await read();
  const timer = setInterval(() => {
    read().then(
      (next) => {
        current = next;
      },
      (error: unknown) => options.onProblem?.(error instanceof Error ? error.message : String(error)),
    );
  }, options.refreshMs ?? 60_000);
  timer.unref();
  return { trust: followingTrust(() => current), stop: () => clearInterval(timer) };
}
