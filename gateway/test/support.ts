import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  type DemoAccount,
  type DemoRole,
  generateSigningKeys,
  type LoginProvider,
  loginWithPassword,
  type Stack,
  type StackOptions,
  startLoginProvider,
  startStack,
} from '@kita/dev';
import { supergraphPath } from '@kita/schema';
import { addDays, dropDatabases, externalPostgres, LocalTrust, listDatabases, type MunicipalityKey, silentLogger, TokenVerifier, today } from '@kita/shared';
import { dataOf, postGraphQL, postgresUrl, testAuth, testVerifier } from '@kita/shared/testing';
import { type GatewayOptions, type RunningGateway, startGateway } from '../src/gateway.js';

// What the gateway tests of the reservation flow share: the two municipalities of the Done-means
// story, dates relative to today, fixtures for facilities and families, and the real onboarding.

export const city = '03355022';
export const landkreis = '03355';

export const shiftDays = (days: number, day = today()) => addDays(day, days);
/** `months` later, on a day that exists in every month (28 at most). */
export const shiftMonths = (months: number, day = today()) => {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1 + months, Math.min(date, 28))).toISOString().slice(0, 10);
};

export interface TestStack extends Stack {
  /** Stops everything and drops the stack's databases. */
  close(): Promise<void>;
}

/**
 * Real instances of `municipalities` and the real gateway on the test PostgreSQL, every database
 * under a fresh prefix, tokens from the test keys; no demo data unless `seed`.
 */
export async function startTestStack(options: Partial<StackOptions> & { municipalities: string[] }): Promise<TestStack> {
  const prefix = `t${randomBytes(4).toString('hex')}`;
  const stack = await startStack({
    postgres: externalPostgres(postgresUrl()),
    databasePrefix: prefix,
    verifier: testVerifier,
    auth: testAuth,
    gatewayPort: 0,
    subgraphPort: 0,
    seed: false,
    tenancy: { timeoutMs: 5000 },
    development: true,
    logger: silentLogger,
    ...options,
  });
  return Object.assign(stack, {
    close: async () => {
      await stack.stop();
      await dropDatabases(postgresUrl(), await listDatabases(postgresUrl(), prefix));
    },
  });
}

export interface TestLogin {
  provider: LoginProvider;
  /** Trusts this login only (for staff, in `trustedBy` municipalities; families everywhere), with every instance's own service keys. */
  auth: LocalTrust;
  verifier: TokenVerifier;
  /** An access token of an account, through the real login (authorization code with PKCE), one login per account. */
  tokenOf(username: string): Promise<string>;
  close(): Promise<void>;
}

/** An account of a test login: password `secret`, `<username>@test.invalid`. */
export const loginAccount = (username: string, role: DemoRole, municipalities: string[] = []): DemoAccount => ({
  username,
  password: 'secret',
  subject: username,
  role,
  municipalities,
  name: username,
  email: `${username}@test.invalid`,
  description: '',
});

/** The embedded OpenID provider with these accounts, and a trust that knows no other way in: no shared secret anywhere. */
export async function startTestLogin(accounts: DemoAccount[], trustedBy?: MunicipalityKey[]): Promise<TestLogin> {
  const provider = await startLoginProvider({ port: 0, audience: 'kita-federation', keys: await generateSigningKeys(), accounts });
  const auth = new LocalTrust([
    { issuer: provider.issuer, jwksUri: provider.jwksUri, audience: 'kita-federation', algorithms: ['RS256'], parents: true, trustedBy },
  ]);
  const tokens = new Map<string, Promise<string>>();
  return {
    provider,
    auth,
    verifier: new TokenVerifier(auth),
    tokenOf: (username) => {
      let token = tokens.get(username);
      if (!token) {
        const account = accounts.find((candidate) => candidate.username === username);
        if (!account) throw new Error(`no test account ${username}`);
        token = loginWithPassword({
          issuer: provider.issuer,
          clientId: 'kita-portal',
          redirectUri: 'http://localhost:5173/callback',
          username,
          password: account.password,
        }).then((answer) => answer.accessToken);
        tokens.set(username, token);
      }
      return token;
    },
    close: () => provider.close(),
  };
}

/** A client of the gateway at `url`: the raw answer, or the first root field's data (asserting no errors). */
export function gatewayClient(url: () => string) {
  return {
    call: (query: string, variables: Record<string, unknown> = {}, token?: string) => postGraphQL(url(), query, variables, token),
    ok: (query: string, variables: Record<string, unknown>, token?: string): Promise<any> => dataOf(url(), query, variables, token),
  };
}

/** A Kita in Kaltenmoor (Hansestadt) with a Krippe and a Kindergarten group. */
export const kitaProfile = (name: string) => ({
  kind: 'KINDERTAGESSTAETTE',
  name,
  carrier: 'AWO Lüneburg',
  carrierType: 'WELFARE',
  address: { street: 'Stresemannstraße 10', postalCode: '21337', city: 'Lüneburg', district: 'Kaltenmoor' },
  location: { latitude: 53.2384, longitude: 10.4328 },
  groups: [
    { name: 'Krippe', ageRange: { fromMonths: 12, toMonths: 36 }, hoursBand: 'FULL_DAY', capacity: 15 },
    { name: 'Kindergarten', ageRange: { fromMonths: 36, toMonths: 72 }, hoursBand: 'FULL_DAY', capacity: 25 },
  ],
});

/** Kindertagespflege in Adendorf (Landkreis), not bound to residence: city families may choose it. */
export const tagespflegeProfile = {
  kind: 'KINDERTAGESPFLEGE',
  name: 'Kindertagespflege Krümelkiste',
  carrier: 'Anna Meyer',
  carrierType: 'PERSON',
  address: { street: 'Artlenburger Landstraße 5', postalCode: '21365', city: 'Adendorf', district: 'Adendorf' },
  location: { latitude: 53.2836, longitude: 10.4428 },
  groups: [{ name: 'Tagespflege', ageRange: { fromMonths: 0, toMonths: 36 }, hoursBand: 'FULL_DAY', capacity: 5 }],
};

/** Registered by its provider, (permit recorded,) submitted and published by the office: the real onboarding. */
export async function publishFacility(
  ok: ReturnType<typeof gatewayClient>['ok'],
  municipality: string,
  input: object,
  tokens: { provider: string; office: string },
): Promise<string> {
  const { id } = await ok(
    'mutation($m: String!, $input: FacilityProfileInput!) { registerFacility(municipality: $m, input: $input) { id } }',
    { m: municipality, input },
    tokens.provider,
  );
  if ((input as { kind: string }).kind !== 'KINDERTAGESSTAETTE') {
    const permit = { number: 'PE-2026-001', issuedOn: shiftDays(-30), validUntil: shiftDays(700), maxChildren: 5 };
    await ok('mutation($id: ID!, $input: PermitInput!) { recordPermit(facilityId: $id, input: $input) { id } }', { id, input: permit }, tokens.office);
  }
  await ok('mutation($id: ID!) { submitFacility(id: $id) { id } }', { id }, tokens.provider);
  await ok('mutation($id: ID!) { publishFacility(id: $id) { id } }', { id }, tokens.office);
  return id;
}

/** A city family's reservation input (without choices): a child of `ageMonths` at the wished start, one guardian. */
export function familyInput(firstName: string, lastName: string, options: { wishedStart: string; ageMonths?: number }) {
  return {
    child: { firstName, lastName, birthDate: shiftMonths(-(options.ageMonths ?? 24), options.wishedStart) },
    guardians: [
      {
        firstName: 'Katarzyna',
        lastName,
        email: 'k.schroeder@example.org',
        phone: '04131 123456',
        address: { street: 'Bockelmannstraße 7', postalCode: '21337', city: 'Lüneburg', residenceMunicipality: city },
      },
    ],
    wishedStart: options.wishedStart,
    hoursPerWeek: 40,
    kindsOfCare: ['KINDERTAGESSTAETTE', 'KINDERTAGESPFLEGE'],
  };
}

export const reservationMutations = {
  saveDraft: `mutation($m: String!, $input: ReservationDraftInput!) { saveReservationDraft(municipality: $m, input: $input) { id applicationKey choices { id rank status facility { id } } } }`,
  submit: `mutation($m: String!, $key: ID!, $idem: String!) { submitReservation(municipality: $m, applicationKey: $key, idempotencyKey: $idem) { id choices { id rank status facility { id } } } }`,
};

/**
 * A second gateway in front of a test stack's instances, as deployed in what the test sets
 * (`responseCache`, `persistedDocuments`, `observe` …): the committed supergraph, the stack's
 * registry, the test trust, no Sandbox.
 */
export async function startFrontGateway(stack: Stack, options: Partial<GatewayOptions>): Promise<RunningGateway> {
  return startGateway({
    supergraphSdl: await readFile(supergraphPath, 'utf8'),
    registry: stack.gateway.tenancy.registry(),
    verifier: testVerifier,
    serviceKeys: testAuth,
    port: 0,
    introspection: false,
    landingPage: false,
    logger: silentLogger,
    ...options,
  });
}
