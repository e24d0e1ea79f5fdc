import { subgraphNames } from '@kita/dev';
import { facilityModule } from '@kita/facility';
import { defaultUploads, type RunningGateway, type SubgraphCall } from '@kita/gateway';
import { parseRegistry } from '@kita/registry';
import { formatId, newLocalId } from '@kita/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { city, startFrontGateway, startTestStack, type TestStack } from './support.js';

// The hostile-input issue's attacks against a production deployment: through the gateway and
// straight to the facility instance behind it, each refused with a stable code and without the
// rejected value in the answer. subgraphs/shared/src/edge.test.ts has the same in process.

const calls: SubgraphCall[] = [];
const frontend = 'https://kita.lueneburg.example';
/** Listed in the registry entry of Hansestadt Lüneburg, not in the gateway's configuration. */
const registryFrontend = 'https://familienportal.hansestadt-lueneburg.example';
let stack: TestStack;
/** Like a deployed gateway: CORS for one municipal frontend and a per-address rate limit. */
let edgeGateway: RunningGateway;

beforeAll(async () => {
  stack = await startTestStack({
    municipalities: [city],
    development: false,
    pseudonymKey: 'edge-test-pseudonym-key-not-for-anything-else',
    observe: (call) => calls.push(call),
  });
  edgeGateway = await startFrontGateway(stack, {
    registry: parseRegistry(
      { municipalities: stack.entries.map((entry) => ({ ...entry, frontendOrigins: [registryFrontend] })) },
      { subgraphs: [...subgraphNames], source: 'the edge test' },
    ),
    production: true,
    cors: { origins: () => [frontend] },
    rateLimit: { points: 5, durationSeconds: 60 },
  });
});

afterAll(async () => {
  await edgeGateway?.close();
  await stack?.close();
});

beforeEach(() => {
  calls.length = 0;
});

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    body: JSON.parse(text) as { data?: any; errors?: Array<{ message: string; extensions: Record<string, unknown> }> },
  };
}

const typenameAliases = (count: number) => `{ ${Array.from({ length: count }, (_, index) => `t${index}: __typename`).join(' ')} }`;

const targets = [
  { name: 'through the gateway', url: () => stack.gateway.url },
  { name: 'straight to the facility instance', url: () => stack.instance(city, 'facility').url },
];

describe.each(targets)('$name', ({ url }) => {
  it('suggests no field names', async () => {
    const { status, text, body } = await post(url(), { query: '{ facilities(first: 1, filter: { childBirthDat: "2024-05-01" }) { totalCount } }' });

    expect(status).toBe(400);
    expect(body.errors).toEqual([
      expect.objectContaining({ message: 'Field "childBirthDat" is not defined by type "FacilityFilter".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
    ]);
    expect(text).not.toMatch(/Did you mean|childBirthDate/);
  });

  // One mistake, one error, alike inline and as a variable: BAD_USER_INPUT naming the argument path, never the value.
  const badBirthDate = {
    errors: [
      expect.objectContaining({
        message: '"filter.childBirthDate" must be a calendar date as YYYY-MM-DD.',
        extensions: { code: 'BAD_USER_INPUT', argument: 'filter.childBirthDate' },
      }),
    ],
  };

  it('refuses a birth date written into the query once, naming its argument, without quoting it', async () => {
    const { status, text, body } = await post(url(), { query: '{ facilities(first: 1, filter: { childBirthDate: "2024-02-30" }) { totalCount } }' });

    expect(status).toBe(400);
    expect(body).toEqual(badBirthDate);
    expect(text).not.toContain('2024-02-30');
    expect(calls).toEqual([]);
  });

  it('refuses a birth date sent as a variable once, naming its argument, without quoting it', async () => {
    const query = 'query($birth: LocalDate) { facilities(first: 1, filter: { childBirthDate: $birth }) { totalCount } }';
    const { status, text, body } = await post(url(), { query, variables: { birth: '2024-02-30' } });

    expect(status).toBe(400);
    expect(body).toEqual(badBirthDate);
    expect(text).not.toContain('2024-02-30');
    expect(calls).toEqual([]);
  });

  it('refuses 1,000 __typename aliases with QUERY_TOO_COMPLEX before any subgraph is called', async () => {
    const { status, body } = await post(url(), { query: typenameAliases(1000) });

    expect(status).toBe(400);
    // 60 at the gateway; a subgraph allows room for the gateway's own aliases (subgraphQueryLimits).
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/^This operation uses more than (60|240) aliases\. Split it into smaller queries\.$/),
        extensions: { code: 'QUERY_TOO_COMPLEX' },
      }),
    ]);
    expect(calls).toEqual([]);
  });

  it('refuses a huge alias document by its tokens, quickly', async () => {
    const query = `{ ${Array.from({ length: 55_000 }, (_, index) => `t${index.toString(36)}:__typename`).join(' ')} }`;
    const { status, body } = await post(url(), { query });

    expect(status).toBe(400);
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: 'This operation has more than 10000 tokens. Split it into smaller queries.',
        extensions: { code: 'QUERY_TOO_COMPLEX' },
      }),
    ]);
    expect(calls).toEqual([]);
  });

  it('refuses a 2 MB body with 413 PAYLOAD_TOO_LARGE', async () => {
    const { status, body } = await post(url(), { query: '{ facilities(first: 1) { totalCount } }', variables: { padding: 'x'.repeat(2_000_000) } });

    expect(status).toBe(413);
    expect(body.errors).toEqual([{ message: 'Request body exceeds 1000000 bytes.', extensions: { code: 'PAYLOAD_TOO_LARGE', limit: 1_000_000 } }]);
    expect(calls).toEqual([]);
  });

  it('lets an upload of more than 1 MB through to the resolver', async () => {
    const attachment = {
      kind: 'ATTACHMENT',
      fileName: 'konzept.pdf',
      contentType: 'application/pdf',
      contentBase64: Buffer.alloc(1_500_000).toString('base64'),
    };
    const query = 'mutation($facilityId: ID!, $input: MediaInput!) { addFacilityMedia(facilityId: $facilityId, input: $input) { id } }';
    const { status, body } = await post(url(), { query, variables: { facilityId: formatId(city, newLocalId()), input: attachment } });

    // Anonymous: the facility instance's resolver answers, so the 2 MB body passed every edge.
    expect(status).toBe(200);
    expect(body.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('gives a browser on another origin no CORS headers unless configured', async () => {
    const response = await fetch(url(), { method: 'OPTIONS', headers: { origin: frontend, 'access-control-request-method': 'POST' } });

    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe.each([
  { name: 'through the gateway', url: () => stack.gateway.url },
  { name: 'straight to the reservation instance', url: () => stack.instance(city, 'reservation').url },
])('$name', ({ url }) => {
  it("refuses a child's birth date in a reservation's nested input once, naming its path, without quoting it", async () => {
    const query = 'mutation($input: ReservationDraftInput!) { saveReservationDraft(municipality: "03355022", input: $input) { applicationKey } }';
    const input = {
      applicationKey: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
      child: { firstName: 'Mila', lastName: 'Schröder', birthDate: '14.03.2025' },
      guardians: [],
      wishedStart: '2027-08-01',
      hoursPerWeek: 30,
      kindsOfCare: ['KINDERTAGESSTAETTE'],
      choices: [],
    };
    const { status, text, body } = await post(url(), { query, variables: { input } });

    expect(status).toBe(400);
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: '"input.child.birthDate" must be a calendar date as YYYY-MM-DD.',
        extensions: { code: 'BAD_USER_INPUT', argument: 'input.child.birthDate' },
      }),
    ]);
    expect(text).not.toMatch(/14\.03\.2025|Mila/);
    expect(calls).toEqual([]);
  });
});

describe('an operation the gateway accepts', () => {
  it('is not refused by the instances, though the gateway adds aliases of its own to each merged field', async () => {
    const query = `{ ${Array.from({ length: 20 }, (_, index) => `page${index}: facilities(first: 1) { totalCount edges { node { id } } }`).join(' ')} }`;
    const { status, body } = await post(stack.gateway.url, { query });

    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(Object.keys(body.data)).toHaveLength(20);
  });
});

describe('a gateway configured for a municipal frontend', () => {
  const preflight = (origin: string) =>
    fetch(edgeGateway.url, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization,apollo-require-preflight' },
    });

  it('answers the preflight of the listed origin with 204 and the headers Apollo clients send', async () => {
    const response = await preflight(frontend);

    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(frontend);
    expect(response.headers.get('access-control-allow-headers')).toBe(
      'content-type,authorization,apollo-require-preflight,x-apollo-operation-name,accept-language,x-request-id',
    );
  });

  it('allows the origins a municipality lists in the registry, and gives any other origin no access-control-allow-origin', async () => {
    expect((await preflight('https://elsewhere.example')).headers.get('access-control-allow-origin')).toBeNull();
    expect((await preflight(registryFrontend)).headers.get('access-control-allow-origin')).toBe(registryFrontend);
  });

  it('answers 429 RATE_LIMITED with retry-after once an address sent too many requests, readable by the frontend', async () => {
    let answer = await post(edgeGateway.url, { query: '{ __typename }' }, { origin: frontend });
    for (let request = 1; request < 10 && answer.status !== 429; request += 1)
      answer = await post(edgeGateway.url, { query: '{ __typename }' }, { origin: frontend });

    expect(answer.status).toBe(429);
    expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(answer.headers.get('access-control-allow-origin')).toBe(frontend);
    expect(answer.headers.get('access-control-expose-headers')).toBe('retry-after,x-request-id');
    expect(answer.body.errors).toEqual([{ message: expect.stringMatching(/^Too many requests/), extensions: { code: 'RATE_LIMITED' } }]);
  });
});

it("the gateway's default upload limit is the facility subgraph's", () => {
  expect(defaultUploads).toEqual(facilityModule.uploads);
});
