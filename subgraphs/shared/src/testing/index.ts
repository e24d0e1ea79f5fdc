import { randomBytes } from 'node:crypto';
import { LocalTrust, type Role, serviceAuthorizationHeader, signServiceToken, silentLogger, TokenVerifier } from '@kita/core';
import type { MunicipalityKey } from '@kita/schema';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { expect, inject } from 'vitest';
import { databaseUrl, dropDatabases, ensureDatabase } from '../database.js';
import { type SubgraphModule, startSubgraphInstance } from '../module.js';
import type { SubgraphServer } from '../subgraph-server.js';

/** A test identity provider: an RS256 key pair made per test process, trusted by every municipality, families included. */
export const testIssuer = 'https://login.test.kita.invalid';
export const testAudience = 'kita-federation';
const testIssuerKeys = await generateKeyPair('RS256', { extractable: true });
const testIssuerKid = 'test-issuer-key';

/** Every municipality's and the gateway's service keys (made on first use) and the test identity provider. */
export const testAuth = new LocalTrust([
  {
    issuer: testIssuer,
    jwks: { keys: [{ ...(await exportJWK(testIssuerKeys.publicKey)), kty: 'RSA', kid: testIssuerKid, alg: 'RS256', use: 'sig' }] },
    audience: testAudience,
    algorithms: ['RS256'],
    parents: true,
  },
]);
export const testVerifier = new TokenVerifier(testAuth);

export interface TestTokenRequest {
  role: Exclude<Role, 'anonymous'>;
  subject?: string;
  municipalities?: MunicipalityKey[];
  expiresIn?: string;
}

/** A person's access token from the test identity provider, as an OpenID provider would sign it (RS256, issuer, audience, expiry). */
export const tokenFor = (request: TestTokenRequest): Promise<string> =>
  new SignJWT({ role: request.role, municipalities: request.municipalities ?? [] })
    .setProtectedHeader({ alg: 'RS256', kid: testIssuerKid })
    .setSubject(request.subject ?? `test-${request.role}`)
    .setIssuer(testIssuer)
    .setAudience(testAudience)
    .setIssuedAt()
    .setExpirationTime(request.expiresIn ?? '1h')
    .sign(testIssuerKeys.privateKey);

/** The PostgreSQL server of this test run (see global-setup). */
export const postgresUrl = (): string => inject('postgresUrl');

/** Databases named for one test file, dropped again by `drop()`. */
export class TestDatabases {
  readonly prefix = `t${randomBytes(4).toString('hex')}`;
  private readonly created: string[] = [];

  constructor(readonly serverUrl: string = postgresUrl()) {}

  async create(municipality: MunicipalityKey, subgraph: string): Promise<string> {
    const name = `${this.prefix}_${municipality}_${subgraph}`;
    await ensureDatabase(this.serverUrl, name);
    this.created.push(name);
    return databaseUrl(this.serverUrl, name);
  }

  async drop(): Promise<void> {
    await dropDatabases(this.serverUrl, this.created);
  }
}

/** A real subgraph instance for one municipality on a fresh database and a free port. */
export async function startTestSubgraph(databases: TestDatabases, module: SubgraphModule<any>, municipality: MunicipalityKey): Promise<SubgraphServer> {
  return startSubgraphInstance(module, {
    municipality,
    databaseUrl: await databases.create(municipality, module.name),
    port: 0,
    verifier: testVerifier,
    auth: testAuth,
    production: false,
    logger: silentLogger,
    poolMax: 3,
  });
}

/** The header of the gateway's service identity for one municipality's instance: what opens `@inaccessible` fields and `_service`. */
export async function asGateway(municipality: MunicipalityKey): Promise<Record<string, string>> {
  return { [serviceAuthorizationHeader]: `Bearer ${await signServiceToken(testAuth, 'gateway', { audience: municipality })}` };
}

/** POSTs a GraphQL request like a client would. */
export async function postGraphQL<T = any>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: { data?: T; errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }> } }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as any };
}

/** The data of a request's only root field, failing the test on any GraphQL error. */
export async function dataOf(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<any> {
  const { body } = await postGraphQL(url, query, variables, token);
  expect(body.errors).toBeUndefined();
  return Object.values(body.data as object)[0];
}
