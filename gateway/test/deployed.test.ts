import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateSigningKeys, loginWithPassword, startLoginProvider, type LoginProvider } from '@kita/dev';
import { generateServiceKey, today } from '@kita/shared';
import { postGraphQL, TestDatabases } from '@kita/shared/testing';
import { city, kitaProfile, loginAccount } from './support.js';

// The deployed form, as a municipality runs it: `node gateway/dist/main.js` and each
// `node subgraphs/<name>/dist/main.js` as processes with only their documented environment,
// NODE_ENV=production, a real OpenID provider for people and a key pair per party; no shared
// secret. The instances learn whom to trust from the gateway's /trust, and follow each other's
// events with their municipality's own key. (`npm test` builds dist/ first.)
const root = fileURLToPath(new URL('../../', import.meta.url));
const mainOf = (part: string) => path.join(root, part, 'dist', 'main.js');
const subgraphs = ['facility', 'vacancy', 'reservation'] as const;
const processes: ChildProcess[] = [];
const output: string[] = [];
const databases = new TestDatabases();
let login: LoginProvider;
let gatewayUrl: string;
const urls = {} as Record<(typeof subgraphs)[number], string>;
let registryFile: string;
let registry: object;

const accounts = [loginAccount('amt', 'office', [city]), loginAccount('kita-traegerin', 'provider'), loginAccount('familie', 'parent')];
const tokenOf = async (username: string) => (await loginWithPassword({ issuer: login.issuer, clientId: 'kita-portal', redirectUri: 'http://localhost:5173/callback', username, password: 'secret' })).accessToken;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts a deployable with exactly this environment (and PATH), keeping its output for a failure message. */
function launch(main: string, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [main], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (chunk: Buffer) => output.push(chunk.toString());
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  processes.push(child);
  return child;
}

async function answers(url: string): Promise<boolean> {
  return fetch(url).then((response) => response.ok, () => false);
}

beforeAll(async () => {
  for (const part of ['gateway', ...subgraphs.map((name) => `subgraphs/${name}`)]) {
    if (!existsSync(mainOf(part))) throw new Error(`${mainOf(part)} is missing: npm test builds it (npm run build)`);
  }
  login = await startLoginProvider({ port: 0, audience: 'kita-federation', keys: await generateSigningKeys(), accounts });
  const gatewayKey = await generateServiceKey('gateway');
  const cityKey = await generateServiceKey(city);
  const [gatewayPort, ...ports] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  subgraphs.forEach((name, index) => (urls[name] = `http://127.0.0.1:${ports[index]}/graphql`));
  registry = {
    identityProviders: [{ issuer: login.issuer, jwksUri: login.jwksUri, audience: 'kita-federation', algorithms: ['RS256'], parents: true }],
    gateway: { serviceKeys: { jwks: { keys: [gatewayKey.publicJwk] } } },
    municipalities: [
      { key: city, name: 'Hansestadt Lüneburg', kind: 'CITY', districts: ['Kaltenmoor'], subgraphs: urls, trustedIssuers: [login.issuer], serviceKeys: { jwks: { keys: [cityKey.publicJwk] } } },
    ],
  };
  registryFile = path.join(await mkdtemp(path.join(tmpdir(), 'kita-deployed-')), 'registry.json');
  await writeFile(registryFile, JSON.stringify(registry));

  launch(mainOf('gateway'), {
    NODE_ENV: 'production',
    PORT: String(gatewayPort),
    HOST: '127.0.0.1',
    REGISTRY_PATH: registryFile,
    SERVICE_KEY: JSON.stringify(gatewayKey.privateJwk),
  });
  gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  await vi.waitFor(async () => expect(await answers(`${gatewayUrl}/health`)).toBe(true), { timeout: 30_000, interval: 100 });

  for (const [index, name] of subgraphs.entries()) {
    launch(mainOf(`subgraphs/${name}`), {
      NODE_ENV: 'production',
      MUNICIPALITY: city,
      DATABASE_URL: await databases.create(city, name),
      PORT: String(ports[index]),
      REGISTRY_URL: `${gatewayUrl}/trust`,
      SERVICE_KEY: JSON.stringify(cityKey.privateJwk),
      FACILITY_URL: urls.facility,
      VACANCY_URL: urls.vacancy,
      RESERVATION_URL: urls.reservation,
      PSEUDONYM_KEY: 'deployed-test-pseudonym-key-0123456789abcdef',
    });
  }
  for (const name of subgraphs) await vi.waitFor(async () => expect(await answers(urls[name].replace('/graphql', '/health'))).toBe(true), { timeout: 60_000, interval: 200 });
  // The gateway checked the instances before they listened: a registry edit makes it check again.
  await writeFile(registryFile, JSON.stringify(registry, null, 1));
  await vi.waitFor(async () => expect(await answers(`${gatewayUrl}/ready`)).toBe(true), { timeout: 30_000, interval: 200 });
}, 180_000);

afterAll(async () => {
  for (const child of processes) child.kill('SIGTERM');
  await Promise.all(processes.map((child) => (child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : undefined)));
  await login?.close();
  await databases.drop();
});

describe('deployed with only an OpenID provider and per-party keys', () => {
  it('takes a provider from registration to free places that families find, over events signed with the municipality’s key', async () => {
    const graphql = `${gatewayUrl}/graphql`;
    const ok = async (query: string, variables: object, token?: string) => {
      const { body } = await postGraphQL(graphql, query, variables as Record<string, unknown>, token);
      expect(body.errors, `${JSON.stringify(body.errors)}\n${output.join('').slice(-2000)}`).toBeUndefined();
      return Object.values(body.data as object)[0];
    };
    const provider = await tokenOf('kita-traegerin');
    const office = await tokenOf('amt');
    const { id } = await ok('mutation($m: String!, $input: FacilityProfileInput!) { registerFacility(municipality: $m, input: $input) { id } }', { m: city, input: kitaProfile('Kita Am Kreideberg') }, provider);
    await ok('mutation($id: ID!) { submitFacility(id: $id) { id } }', { id }, provider);
    await ok('mutation($id: ID!) { publishFacility(id: $id) { id } }', { id }, office);

    // The vacancy instance learns the membership from the facility instance's events.
    const vacancy = { places: 2, ageRange: { fromMonths: 12, toMonths: 36 }, hoursBand: 'FULL_DAY', availableFrom: today() };
    await vi.waitFor(
      async () => {
        const { body } = await postGraphQL(graphql, 'mutation($id: ID!, $input: VacancyInput!) { addVacancy(facilityId: $id, input: $input) { id } }', { id, input: vacancy }, provider);
        expect(body.errors).toBeUndefined();
      },
      { timeout: 30_000, interval: 500 },
    );
    await vi.waitFor(async () => expect(await ok('query($id: ID!) { facility(id: $id) { freePlaces } }', { id })).toEqual({ freePlaces: 2 }), { timeout: 30_000, interval: 500 });
  });

  it('keeps introspection off at the gateway and instance internals closed to anyone but the gateway', async () => {
    const introspection = await postGraphQL(`${gatewayUrl}/graphql`, '{ __schema { queryType { name } } }');
    expect(introspection.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const sdl = await postGraphQL(urls.reservation, '{ _service { sdl } }');
    expect(sdl.status).toBe(403);
    expect(sdl.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('serves instances the trust document: public keys and issuers, never a private key', async () => {
    const text = await (await fetch(`${gatewayUrl}/trust`)).text();
    const document = JSON.parse(text);
    expect(document.identityProviders.map((provider: any) => provider.issuer)).toEqual([login.issuer]);
    expect(document.municipalities).toEqual([expect.objectContaining({ key: city, trustedIssuers: [login.issuer] })]);
    expect(text).not.toContain('"d"');
  });
});
