import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSigningKeys, type LoginProvider, loginWithPassword, type MailCatcher, startLoginProvider, startMailCatcher } from '@kita/dev';
import { generateServiceKey, signServiceToken, singleKeyring, today } from '@kita/shared';
import { postGraphQL, TestDatabases } from '@kita/shared/testing';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { city, kitaProfile, landkreis, loginAccount } from './support.js';

// The deployed form, as a municipality runs it: `node gateway/dist/main.js` and each
// `node subgraphs/<name>/dist/migrate.js`, then `dist/main.js`, as processes with only their
// documented environment, NODE_ENV=production, a real OpenID provider for people and a key pair
// per party; no shared secret. The instances learn whom to trust (/trust) and where every
// instance is (/registry/instances, with their own key) from the gateway alone, and follow each
// other's events with their municipality's own key. (`npm test` builds dist/ first.)
const root = fileURLToPath(new URL('../../', import.meta.url));
const mainOf = (part: string) => path.join(root, part, 'dist', 'main.js');
const migrateOf = (part: string) => path.join(root, part, 'dist', 'migrate.js');
const subgraphs = ['facility', 'vacancy', 'reservation'] as const;
/** The apps' registered operations, which the deployment kit hands the gateway (PERSISTED_DOCUMENTS). */
const manifestFile = path.join(root, 'clients/sdk/persisted-documents.json');
const processes: ChildProcess[] = [];
const output: string[] = [];
const databases = new TestDatabases();
let login: LoginProvider;
let gatewayUrl: string;
const urls = {} as Record<(typeof subgraphs)[number], string>;
const instances = {} as Record<(typeof subgraphs)[number], ChildProcess>;
const environments = {} as Record<(typeof subgraphs)[number], Record<string, string>>;
let registryFile: string;
let registry: { municipalities: object[] } & Record<string, unknown>;
let cityKey: Awaited<ReturnType<typeof generateServiceKey>>;
const servers: Server[] = [];
/** The municipality's mail server (a real SMTP server in this process). */
let mail: MailCatcher;

const accounts = [loginAccount('amt', 'office', [city]), loginAccount('kita-traegerin', 'provider'), loginAccount('familie', 'parent')];
const tokenOf = async (username: string) =>
  (await loginWithPassword({ issuer: login.issuer, clientId: 'kita-portal', redirectUri: 'http://localhost:5173/callback', username, password: 'secret' }))
    .accessToken;

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
  return fetch(url).then(
    (response) => response.ok,
    () => false,
  );
}

/** Runs a command to its end; its exit code. */
async function run(main: string, env: Record<string, string>): Promise<number> {
  const child = launch(main, env);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? -1)));
}

const ownOutput = (child: ChildProcess) => {
  const lines: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
  return () => lines.join('');
};

const instanceStates = async () => {
  const status = (await (await fetch(`${gatewayUrl}/status`)).json()) as any;
  return Object.fromEntries(
    status.municipalities.flatMap((municipality: any) =>
      Object.entries(municipality.subgraphs).map(([subgraph, instance]: [string, any]) => [`${subgraph}@${municipality.key}`, instance.state]),
    ),
  );
};

beforeAll(async () => {
  for (const part of ['gateway', ...subgraphs.map((name) => `subgraphs/${name}`)]) {
    if (!existsSync(mainOf(part))) throw new Error(`${mainOf(part)} is missing: npm test builds it (npm run build)`);
  }
  login = await startLoginProvider({ port: 0, audience: 'kita-federation', keys: await generateSigningKeys(), accounts });
  mail = await startMailCatcher();
  const gatewayKey = await generateServiceKey('gateway');
  cityKey = await generateServiceKey(city);
  const [gatewayPort, ...ports] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  subgraphs.forEach((name, index) => (urls[name] = `http://127.0.0.1:${ports[index]}/graphql`));
  registry = {
    identityProviders: [{ issuer: login.issuer, jwksUri: login.jwksUri, audience: 'kita-federation', algorithms: ['RS256'], parents: true }],
    gateway: { serviceKeys: { jwks: { keys: [gatewayKey.publicJwk] } } },
    municipalities: [
      {
        key: city,
        name: 'Hansestadt Lüneburg',
        kind: 'CITY',
        districts: ['Kaltenmoor'],
        subgraphs: urls,
        trustedIssuers: [login.issuer],
        serviceKeys: { jwks: { keys: [cityKey.publicJwk] } },
      },
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
    PERSISTED_DOCUMENTS: manifestFile,
  });
  gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  await vi.waitFor(async () => expect(await answers(`${gatewayUrl}/health`)).toBe(true), { timeout: 30_000, interval: 100 });

  // Ready as soon as its supergraph and registry are loaded, while no municipality answers yet.
  expect((await fetch(`${gatewayUrl}/ready`)).status).toBe(200);

  for (const [index, name] of subgraphs.entries()) {
    const databaseUrl = await databases.create(city, name);
    // The migration step first, on its own: main.js only checks.
    expect(await run(migrateOf(`subgraphs/${name}`), { NODE_ENV: 'production', DATABASE_URL: databaseUrl }), output.join('').slice(-2000)).toBe(0);
    environments[name] = {
      NODE_ENV: 'production',
      MUNICIPALITY: city,
      DATABASE_URL: databaseUrl,
      PORT: String(ports[index]),
      // The gateway's base URL is the one setting: trust and every instance's address come from it.
      REGISTRY_URL: gatewayUrl,
      REGISTRY_REFRESH_MS: '300',
      SERVICE_KEY: JSON.stringify(cityKey.privateJwk),
      PSEUDONYM_KEY: 'deployed-test-pseudonym-key-0123456789abcdef',
      // Facility and reservation send the municipality's mail through its SMTP server.
      ...(name === 'vacancy'
        ? {}
        : {
            SMTP_URL: mail.smtpUrl,
            MAIL_FROM: '"Hansestadt Lüneburg – Kita" <kita@lueneburg.test>',
            MUNICIPALITY_NAME: 'Hansestadt Lüneburg',
            PORTAL_URL: 'https://kita.lueneburg.test',
          }),
    };
    instances[name] = launch(mainOf(`subgraphs/${name}`), environments[name]);
  }
  for (const name of subgraphs)
    await vi.waitFor(async () => expect(await answers(urls[name].replace('/graphql', '/ready'))).toBe(true), { timeout: 60_000, interval: 200 });
  // The gateway checked the instances before they listened: a registry edit makes it check again.
  await writeFile(registryFile, JSON.stringify(registry, null, 1));
  await vi.waitFor(async () => expect(Object.values(await instanceStates())).toEqual(['ok', 'ok', 'ok']), { timeout: 30_000, interval: 200 });
}, 180_000);

afterAll(async () => {
  for (const child of processes) child.kill('SIGTERM');
  await Promise.all(processes.map((child) => (child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : undefined)));
  for (const server of servers) server.close();
  await login?.close();
  await mail?.close();
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
    const { id } = await ok(
      'mutation($m: String!, $input: FacilityProfileInput!) { registerFacility(municipality: $m, input: $input) { id } }',
      { m: city, input: { ...kitaProfile('Kita Am Kreideberg'), contact: { email: 'leitung@kreideberg.test' } } },
      provider,
    );
    await ok('mutation($id: ID!) { submitFacility(id: $id) { id } }', { id }, provider);
    await ok('mutation($id: ID!) { publishFacility(id: $id) { id } }', { id }, office);

    // The provider is told, by the municipality's own mail server and sender.
    await vi.waitFor(
      () =>
        expect(mail.messages().map((m) => [m.to, m.from, m.subject])).toContainEqual([
          ['leitung@kreideberg.test'],
          expect.stringContaining('kita@lueneburg.test'),
          'Hansestadt Lüneburg: Profil veröffentlicht',
        ]),
      {
        timeout: 30_000,
        interval: 200,
      },
    );

    // The vacancy instance learns the membership from the facility instance's events.
    const vacancy = { places: 2, ageRange: { fromMonths: 12, toMonths: 36 }, hoursBand: 'FULL_DAY', availableFrom: today() };
    await vi.waitFor(
      async () => {
        const { body } = await postGraphQL(
          graphql,
          'mutation($id: ID!, $input: VacancyInput!) { addVacancy(facilityId: $id, input: $input) { id } }',
          { id, input: vacancy },
          provider,
        );
        expect(body.errors).toBeUndefined();
      },
      { timeout: 30_000, interval: 500 },
    );
    await vi.waitFor(async () => expect(await ok('query($id: ID!) { facility(id: $id) { freePlaces } }', { id })).toEqual({ freePlaces: 2 }), {
      timeout: 30_000,
      interval: 500,
    });
  });

  it('answers an app’s registered operation by its hash alone, as the deployment kit configures it', async () => {
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as Record<string, string>;
    const [hash] = Object.entries(manifest).find(([, text]) => /query Municipalities\b/.test(text))!;
    const response = await fetch(`${gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ operationName: 'Municipalities', extensions: { persistedQuery: { version: 1, sha256Hash: hash.replace(/^sha256:/, '') } } }),
    });
    const body = (await response.json()) as { data?: { municipalities: Array<{ key: string }> }; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    expect(body.data?.municipalities.map((municipality) => municipality.key)).toContain(city);
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

describe('a municipality running its own part', () => {
  it('refuses to start main.js on a database whose migrations were not run, and says what to do', async () => {
    const child = launch(mainOf('subgraphs/facility'), {
      ...environments.facility,
      DATABASE_URL: await databases.create(landkreis, 'facility'),
      PORT: String(await freePort()),
    });
    const childOutput = ownOutput(child);
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(childOutput()).toMatch(/pending migration.*run migrate first/);
    // One line for the operator, no stack trace.
    expect(childOutput()).not.toMatch(/\n\s+at /);
  });

  it('ends the migration step with exit code 1 and a clear message when it cannot migrate, without echoing the URL', async () => {
    const child = launch(migrateOf('subgraphs/reservation'), {
      NODE_ENV: 'production',
      DATABASE_URL: `postgres://kita:geheim@127.0.0.1:${await freePort()}/kita`,
    });
    const childOutput = ownOutput(child);
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(1);
    expect(childOutput()).toMatch(/the reservation migration failed: connect ECONNREFUSED/);
    expect(childOutput()).not.toContain('geheim');
  });

  it('lists the instances at /registry/instances for a registered municipality’s service token only', async () => {
    const instancesUrl = `${gatewayUrl}/registry/instances`;
    expect((await fetch(instancesUrl)).status).toBe(401);
    expect((await fetch(instancesUrl, { headers: { authorization: `Bearer ${await tokenOf('amt')}` } })).status).toBe(403);
    const unlisted = await generateServiceKey(landkreis);
    const unlistedToken = await signServiceToken(await singleKeyring(landkreis, unlisted.privateJwk), `reservation@${landkreis}`, { audience: 'gateway' });
    expect((await fetch(instancesUrl, { headers: { authorization: `Bearer ${unlistedToken}` } })).status).toBe(401);

    const cityToken = await signServiceToken(await singleKeyring(city, cityKey.privateJwk), `reservation@${city}`, { audience: 'gateway' });
    const response = await fetch(instancesUrl, { headers: { authorization: `Bearer ${cityToken}` } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ municipalities: [{ key: city, subgraphs: urls }] });
    // The public trust document names no instance.
    expect(await (await fetch(`${gatewayUrl}/trust`)).text()).not.toContain(urls.facility);
  });

  it('follows a municipality added to the registry without a restart: the reservation instance reads its events with the city’s key', async () => {
    // The new municipality's instances: a server per subgraph that records who asks for what.
    const requests: Array<{ subgraph: string; path: string; headers: IncomingHttpHeaders }> = [];
    const subgraphUrls: Record<string, string> = {};
    for (const subgraph of subgraphs) {
      const server = createHttpServer((request, response) => {
        requests.push({ subgraph, path: request.url ?? '', headers: request.headers });
        response.writeHead(503).end();
      });
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      subgraphUrls[subgraph] = `http://127.0.0.1:${(server.address() as { port: number }).port}/graphql`;
    }
    const landkreisKey = await generateServiceKey(landkreis);
    const added = {
      key: landkreis,
      name: 'Landkreis Lüneburg',
      kind: 'LANDKREIS',
      districts: ['Adendorf'],
      subgraphs: subgraphUrls,
      trustedIssuers: [login.issuer],
      serviceKeys: { jwks: { keys: [landkreisKey.publicJwk] } },
    };
    await writeFile(registryFile, JSON.stringify({ ...registry, municipalities: [...registry.municipalities, added] }));

    const issuerOf = (request: (typeof requests)[number]) => decodeJwt(String(request.headers.authorization).replace(/^Bearer /, '')).iss;
    const eventPolls = () => requests.filter((request) => request.path.startsWith('/events'));
    // The city's instances follow another municipality's events with the city's key; the gateway (its response cache) with its own.
    const instancePolls = () => eventPolls().filter((request) => issuerOf(request) !== 'urn:kita:service:gateway');
    await vi.waitFor(() => expect(instancePolls().length, output.join('').slice(-3000)).toBeGreaterThan(0), { timeout: 30_000, interval: 200 });
    // Only the city's reservation instance follows another municipality's events (its placements), with the city's own key.
    expect(new Set(instancePolls().map((request) => request.subgraph))).toEqual(new Set(['reservation']));
    const token = decodeJwt(String(instancePolls()[0].headers.authorization).replace(/^Bearer /, ''));
    expect(token).toMatchObject({ iss: `urn:kita:service:${city}`, aud: `urn:kita:service:${landkreis}`, sub: `service:reservation@${city}` });
    // The gateway reads only the facility and vacancy events, whose changes its cache of public answers follows.
    for (const subgraph of new Set(
      eventPolls()
        .filter((request) => issuerOf(request) === 'urn:kita:service:gateway')
        .map((request) => request.subgraph),
    )) {
      expect(['facility', 'vacancy']).toContain(subgraph);
    }

    await writeFile(registryFile, JSON.stringify(registry));
    await vi.waitFor(async () => expect(Object.keys(await instanceStates())).toHaveLength(3), { timeout: 30_000, interval: 200 });
  });

  it('stays ready while an instance is down, shows it on /status, and uses it again once it is back', async () => {
    const graphql = `${gatewayUrl}/graphql`;
    const vacancies = '{ upcomingVacancies(first: 5) { id } }';
    const stopped = instances.vacancy;
    stopped.kill('SIGTERM');
    await new Promise((resolve) => (stopped.exitCode === null ? stopped.once('exit', resolve) : resolve(undefined)));

    const { body } = await postGraphQL(graphql, vacancies);
    expect(body.errors?.map((error: any) => error.extensions?.code)).toEqual(['MUNICIPALITY_UNAVAILABLE']);
    expect((await fetch(`${gatewayUrl}/ready`)).status).toBe(200);
    const states = await instanceStates();
    expect(states[`vacancy@${city}`]).not.toBe('ok');
    expect(states[`facility@${city}`]).toBe('ok');
    // Repeated failures open its circuit: calls fail at once, and the gateway probes its /health instead.
    await vi.waitFor(async () => {
      await postGraphQL(graphql, vacancies);
      expect((await instanceStates())[`vacancy@${city}`]).toBe('circuit-open');
    });
    const status = (await (await fetch(`${gatewayUrl}/status`)).json()) as any;
    expect(status.municipalities[0].subgraphs.vacancy).toMatchObject({ schema: 'ok', circuit: 'open', lastError: { reason: expect.any(String) } });

    // Back on the same port: the probe closes the circuit long before CIRCUIT_OPEN_MS (10 s) would.
    instances.vacancy = launch(mainOf('subgraphs/vacancy'), environments.vacancy);
    await vi.waitFor(() => expect(answers(urls.vacancy.replace('/graphql', '/health'))).resolves.toBe(true), { timeout: 30_000, interval: 100 });
    await vi.waitFor(async () => expect((await instanceStates())[`vacancy@${city}`]).toBe('ok'), { timeout: 5_000, interval: 100 });
    const again = await postGraphQL(graphql, vacancies);
    expect(again.body.errors).toBeUndefined();
  });
});
