import { ApolloServer, type BaseContext } from '@apollo/server';
import { GraphQLInputObjectType, GraphQLInt, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { maskUnexpectedErrors } from './apollo.js';
import { type HttpEndpoint, type ServeOptions, serveGraphQL } from './http.js';
import { edgeProtection } from './limits.js';
import { LocalDate } from './local-date.js';
import { silentLogger } from './log.js';

// Every attack of the hostile-input issue straight at a server set up as startSubgraphServer sets
// up a subgraph (edgeProtection, maskUnexpectedErrors, serveGraphQL), on a schema that needs no
// database. gateway/test/edge.test.ts sends the same through the gateway to real instances.

const FacilityFilter = new GraphQLInputObjectType({ name: 'FacilityFilter', fields: { childBirthDate: { type: LocalDate } } });
const SiblingInput = new GraphQLInputObjectType({ name: 'SiblingInput', fields: { birthDate: { type: new GraphQLNonNull(LocalDate) } } });
const ChildInput = new GraphQLInputObjectType({
  name: 'ChildInput',
  fields: { birthDate: { type: new GraphQLNonNull(LocalDate) }, siblings: { type: new GraphQLList(new GraphQLNonNull(SiblingInput)) } },
});
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: { facilityCount: { type: new GraphQLNonNull(GraphQLInt), args: { filter: { type: FacilityFilter } }, resolve: () => 3 } },
  }),
  mutation: new GraphQLObjectType({
    name: 'Mutation',
    fields: {
      addFacilityMedia: {
        type: GraphQLInt,
        args: { contentBase64: { type: new GraphQLNonNull(GraphQLString) } },
        resolve: (_root, args) => args.contentBase64.length,
      },
      saveNote: { type: GraphQLInt, args: { text: { type: GraphQLString } }, resolve: (_root, args) => args.text?.length ?? 0 },
      saveChild: { type: GraphQLInt, args: { input: { type: new GraphQLNonNull(ChildInput) } }, resolve: (_root, args) => args.input.siblings?.length ?? 0 },
    },
  }),
});

const servers: HttpEndpoint[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

async function subgraphLike(production: boolean, edge: Partial<ServeOptions<BaseContext>> = {}): Promise<HttpEndpoint> {
  const protection = edgeProtection({ production });
  const apollo = new ApolloServer({
    schema,
    includeStacktraceInErrorResponses: false,
    formatError: maskUnexpectedErrors(silentLogger),
    plugins: protection.plugins,
    validationRules: protection.validationRules,
    parseOptions: protection.parseOptions,
  });
  await apollo.start();
  const server = await serveGraphQL({ apollo, port: 0, context: async () => ({}), ...edge });
  servers.push(server);
  return server;
}

const production = await subgraphLike(true, { uploads: { maxBodyBytes: 8 * 1024 * 1024, mutations: ['addFacilityMedia'] } });
const development = await subgraphLike(false);

async function post(server: HttpEndpoint, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    body: JSON.parse(text) as { data?: any; errors?: Array<{ message: string; extensions: Record<string, unknown> }> },
  };
}

const typenameAliases = (count: number) => `{ ${Array.from({ length: count }, (_, index) => `t${index}: __typename`).join(' ')} }`;

describe('field suggestions', () => {
  it('are not given in production', async () => {
    const misspelled = await post(production, { query: '{ facilityCount(filter: { childBirthDat: "2024-05-01" }) }' });
    const unknownField = await post(production, { query: '{ facilityCont }' });

    expect(misspelled.status).toBe(400);
    expect(misspelled.body.errors).toEqual([
      expect.objectContaining({ message: 'Field "childBirthDat" is not defined by type "FacilityFilter".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
    ]);
    expect(unknownField.body.errors?.[0].message).toBe('Cannot query field "facilityCont" on type "Query".');
    expect(misspelled.text + unknownField.text).not.toMatch(/Did you mean|childBirthDate|facilityCount/);
  });

  it('stay in development, for Sandbox', async () => {
    const { body } = await post(development, { query: '{ facilityCount(filter: { childBirthDat: "2024-05-01" }) }' });

    expect(body.errors?.[0].message).toBe('Field "childBirthDat" is not defined by type "FacilityFilter". Did you mean "childBirthDate"?');
  });
});

describe('a rejected LocalDate', () => {
  const refused = (argument: string) => ({
    status: 400,
    errors: [
      { message: `"${argument}" must be a calendar date as YYYY-MM-DD.`, locations: expect.any(Array), extensions: { code: 'BAD_USER_INPUT', argument } },
    ],
  });

  it.each([
    ['written into the query', { query: '{ facilityCount(filter: { childBirthDate: "2024-02-30" }) }' }, 'filter.childBirthDate'],
    [
      'as a variable for the whole argument',
      { query: 'query($filter: FacilityFilter) { facilityCount(filter: $filter) }', variables: { filter: { childBirthDate: '2024-02-30' } } },
      'filter.childBirthDate',
    ],
    [
      'as a variable inside the argument',
      { query: 'query($birth: LocalDate) { facilityCount(filter: { childBirthDate: $birth }) }', variables: { birth: '2024-02-30' } },
      'filter.childBirthDate',
    ],
    [
      "as a variable's default value",
      { query: 'query($birth: LocalDate = "2024-02-30") { facilityCount(filter: { childBirthDate: $birth }) }' },
      'filter.childBirthDate',
    ],
    [
      'in a list of nested inputs, written into the query',
      { query: 'mutation { saveChild(input: { birthDate: "2024-01-01", siblings: [{ birthDate: "2020-12-31" }, { birthDate: "2024-02-30" }] }) }' },
      'input.siblings[1].birthDate',
    ],
    [
      'in a list of nested inputs, as a variable',
      {
        query: 'mutation($input: ChildInput!) { saveChild(input: $input) }',
        variables: { input: { birthDate: '2024-01-01', siblings: [{ birthDate: '2020-12-31' }, { birthDate: '2024-02-30' }] } },
      },
      'input.siblings[1].birthDate',
    ],
    ['of another kind (a number)', { query: '{ facilityCount(filter: { childBirthDate: 20240230 }) }' }, 'filter.childBirthDate'],
  ])('is one BAD_USER_INPUT naming its argument, without quoting it, when it comes %s', async (_case, body, argument) => {
    for (const server of [production, development]) {
      const { status, text, body: answer } = await post(server, body);

      expect({ status, errors: answer.errors }).toEqual(refused(argument));
      expect(text).not.toMatch(/2024-02-30|20240230/);
    }
  });
});

describe('query limits', () => {
  it('count every __typename alias: 1,000 of them are refused with one QUERY_TOO_COMPLEX', async () => {
    const { status, body } = await post(production, { query: typenameAliases(1000) });

    expect(status).toBe(400);
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: 'This operation uses more than 60 aliases. Split it into smaller queries.',
        extensions: { code: 'QUERY_TOO_COMPLEX' },
      }),
    ]);
  });

  it('refuse a huge alias document while parsing it, by its tokens', async () => {
    // 55,000 aliases, 165,000 tokens in 890 kB: under the body limit.
    const query = `{ ${Array.from({ length: 55_000 }, (_, index) => `t${index.toString(36)}:__typename`).join(' ')} }`;
    const { status, body } = await post(production, { query });

    expect(query.length).toBeLessThan(1_000_000);
    expect(status).toBe(400);
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: 'This operation has more than 10000 tokens. Split it into smaller queries.',
        extensions: { code: 'QUERY_TOO_COMPLEX' },
      }),
    ]);
    // The message is the parser's: it stopped after 10,000 tokens and nothing was validated.
  });
});

describe('the request body', () => {
  it('is refused with 413 PAYLOAD_TOO_LARGE above 1 MB', async () => {
    const { status, headers, body } = await post(production, {
      query: 'mutation($text: String) { saveNote(text: $text) }',
      variables: { text: 'x'.repeat(2_000_000) },
    });

    expect(status).toBe(413);
    expect(headers.get('connection')).toBe('close');
    expect(body.errors).toEqual([{ message: 'Request body exceeds 1000000 bytes.', extensions: { code: 'PAYLOAD_TOO_LARGE', limit: 1_000_000 } }]);
  });

  it('may be larger for an upload mutation, up to its own limit', async () => {
    const upload = 'mutation($file: String!) { addFacilityMedia(contentBase64: $file) }';

    const accepted = await post(production, { query: upload, variables: { file: 'A'.repeat(2_000_000) } });
    const tooLarge = await post(production, { query: upload, variables: { file: 'A'.repeat(9 * 1024 * 1024) } });

    expect(accepted.body).toEqual({ data: { addFacilityMedia: 2_000_000 } });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.errors?.[0].extensions).toEqual({ code: 'PAYLOAD_TOO_LARGE', limit: 8 * 1024 * 1024 });
  });

  it.each([
    ['anything else beside the upload', 'mutation($file: String!) { addFacilityMedia(contentBase64: $file) saveNote(text: "x") }'],
    ['a query naming the upload field', 'query($file: String!) { addFacilityMedia: facilityCount }'],
    ['a document over 1 MB itself', `mutation($file: String!) { addFacilityMedia(contentBase64: $file) } # ${'x'.repeat(1_000_000)}`],
  ])('over 1 MB is refused when it asks for %s', async (_case, query) => {
    const { status, body } = await post(production, { query, variables: { file: 'A'.repeat(1_500_000) } });

    expect(status).toBe(413);
    expect(body.errors?.[0].extensions).toEqual({ code: 'PAYLOAD_TOO_LARGE', limit: 1_000_000 });
  });
});

const frontend = 'https://kita.lueneburg.example';
let origins = [frontend];
const withCors = await subgraphLike(true, { cors: { origins: () => origins } });

describe('cross-origin requests', () => {
  const preflight = (server: HttpEndpoint, origin: string) =>
    fetch(server.url, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
    });

  it('answer the preflight of a listed origin with 204 and what Apollo clients send', async () => {
    const response = await preflight(withCors, frontend);

    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(frontend);
    expect(response.headers.get('access-control-allow-methods')).toBe('GET,POST');
    expect(response.headers.get('access-control-allow-headers')).toBe(
      'content-type,authorization,apollo-require-preflight,x-apollo-operation-name,accept-language,x-request-id',
    );
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('let a listed origin read the answer', async () => {
    const { status, headers } = await post(withCors, { query: '{ facilityCount }' }, { origin: frontend });

    expect(status).toBe(200);
    expect(headers.get('access-control-allow-origin')).toBe(frontend);
    expect(headers.get('vary')).toContain('Origin');
  });

  it('give an origin not listed no CORS header, so the browser refuses', async () => {
    const foreign = await preflight(withCors, 'https://evil.example');
    const answer = await post(withCors, { query: '{ facilityCount }' }, { origin: 'https://evil.example' });

    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('follow the list as it changes (a reloaded registry)', async () => {
    origins = [];
    const response = await preflight(withCors, frontend);
    origins = [frontend];

    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('are not answered by a server without the option (subgraphs, behind the gateway)', async () => {
    const response = await preflight(production, frontend);

    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it("keep Apollo Server's CSRF prevention: a simple request without a preflight header is refused", async () => {
    const response = await fetch(`${withCors.url}?query=${encodeURIComponent('{ facilityCount }')}`, { headers: { origin: frontend } });

    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/CSRF/);
  });
});

describe('the rate limit per client address', () => {
  it('answers 429 RATE_LIMITED with retry-after once the address used its requests', async () => {
    const limited = await subgraphLike(true, {
      rateLimit: { points: 3, durationSeconds: 60 },
      routes: { '/health': (_request, response) => void response.end('ok') },
    });

    const statuses = [];
    for (let request = 0; request < 3; request += 1) statuses.push((await post(limited, { query: '{ facilityCount }' })).status);
    const refused = await post(limited, { query: '{ facilityCount }' });

    expect(statuses).toEqual([200, 200, 200]);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(refused.body.errors).toEqual([{ message: expect.stringMatching(/^Too many requests/), extensions: { code: 'RATE_LIMITED' } }]);
    // Health checks are plain routes, not GraphQL requests: never limited.
    expect((await fetch(new URL('/health', limited.url))).status).toBe(200);
  });
});
