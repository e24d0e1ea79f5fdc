import { readFile } from 'node:fs/promises';
import { tokenFor } from '@kita/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningGateway } from '../src/gateway.js';
import { loadPersistedDocuments } from '../src/persisted-documents.js';
import { city, gatewayClient, kitaProfile, landkreis, publishFacility, startFrontGateway, startTestStack, type TestStack } from './support.js';

// The apps' registered operations by GET, as the SDK's client sends them (Apollo Client's
// PersistedQueryLink with useGETForHashedQueries): `?operationName&variables&extensions` with the
// hash and no text, plus `content-type: application/json`. In front of real instances, with the
// response cache and the SDK's manifest: an anonymous public search gets Cache-Control, an ETag
// and 304; Apollo Server's CSRF prevention refuses a simple GET; a token's answer is never public;
// a mutation is never run by GET.

const manifestFile = new URL('../../clients/sdk/persisted-documents.json', import.meta.url);

let stack: TestStack;
let gateway: RunningGateway;
let manifest: Record<string, string>;
const { ok } = gatewayClient(() => stack.gateway.url);

/** The manifest's hash (hex, as the client sends it) of the operation with this name. */
function hashOf(operationName: string): string {
  const entry = Object.entries(manifest).find(([, text]) => new RegExp(`\\b(query|mutation) ${operationName}\\b`).test(text));
  if (!entry) throw new Error(`${operationName} is not in the SDK's manifest`);
  return entry[0].replace(/^sha256:/, '');
}

/** The URL Apollo Client builds for a query by hash (rewriteURIForGET: operationName, variables, extensions). */
function getUrl(operationName: string, variables: Record<string, unknown>): string {
  const url = new URL(gateway.url);
  url.searchParams.set('operationName', operationName);
  url.searchParams.set('variables', JSON.stringify(variables));
  url.searchParams.set('extensions', JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hashOf(operationName) } }));
  return url.toString();
}

const search = { municipalities: [city], orderBy: 'NAME', filter: {}, first: 10 };
const asApolloClient = { 'content-type': 'application/json', accept: 'application/graphql-response+json,application/json;q=0.9' };

beforeAll(async () => {
  manifest = JSON.parse(await readFile(manifestFile, 'utf8'));
  stack = await startTestStack({ municipalities: [city, landkreis] });
  const provider = await tokenFor({ role: 'provider', subject: 'provider-get' });
  const office = await tokenFor({ role: 'office', subject: 'office-get', municipalities: [city] });
  await publishFacility(ok, city, kitaProfile('Kita am Kalkberg'), { provider, office });
  gateway = await startFrontGateway(stack, {
    persistedDocuments: await loadPersistedDocuments(manifestFile.pathname, true),
    responseCache: { ttlMs: 600_000, eventsIntervalMs: 0 },
  });
}, 120_000);

afterAll(async () => {
  await gateway?.close();
  await stack?.close();
});

describe('registered operations by GET', () => {
  it('answers a public search sent by its hash alone, with the same ETag again, and 304 without a body for If-None-Match', async () => {
    const url = getUrl('SearchFacilities', search);
    expect(url).not.toContain('query=');
    const first = await fetch(url, { headers: asApolloClient });
    expect(first.status).toBe(200);
    const body = (await first.json()) as { data?: { facilities: { edges: Array<{ node: { name: string } }> } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data?.facilities.edges.map((edge) => edge.node.name)).toEqual(['Kita am Kalkberg']);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[^"]+"$/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=1');
    expect(first.headers.get('vary')).toContain('Authorization');
    expect(first.headers.get('vary')).toContain('Origin');

    const second = await fetch(url, { headers: asApolloClient });
    expect(second.status).toBe(200);
    expect(second.headers.get('x-response-cache')).toBe('hit');
    expect(second.headers.get('etag')).toBe(etag);
    await second.arrayBuffer();

    const revalidated = await fetch(url, { headers: { ...asApolloClient, 'if-none-match': etag! } });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get('etag')).toBe(etag);
    expect(await revalidated.text()).toBe('');
  });

  it('refuses a simple GET (no content-type, no apollo-require-preflight or x-apollo-operation-name): CSRF prevention', async () => {
    const url = getUrl('SearchFacilities', search);
    const simple = await fetch(url, { headers: { accept: 'application/json' } });
    expect(simple.status).toBe(400);
    expect(await simple.text()).toMatch(/Cross-Site Request Forgery/);
    // Either header Apollo Server names as a preflight-forcing one lets the same GET through.
    for (const header of ['apollo-require-preflight', 'x-apollo-operation-name']) {
      const forced = await fetch(url, { headers: { [header]: 'SearchFacilities' } });
      expect(forced.status).toBe(200);
      await forced.arrayBuffer();
    }
  });

  it('gives a GET with a token no public cache headers, no ETag and no 304, valid or not', async () => {
    const url = getUrl('SearchFacilities', search);
    // The anonymous answer is cached and has an ETag: a token's request naming it still gets the whole answer.
    const etag = (await fetch(url, { headers: asApolloClient })).headers.get('etag');
    expect(etag).toBeTruthy();
    const token = await tokenFor({ role: 'parent', subject: 'parent-get' });
    const answer = await fetch(url, { headers: { ...asApolloClient, authorization: `Bearer ${token}`, 'if-none-match': etag! } });
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { data?: { facilities: { edges: unknown[] } } };
    expect(body.data?.facilities.edges).toHaveLength(1);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('etag')).toBeNull();
    expect(answer.headers.get('x-response-cache')).toBeNull();

    const invalid = await fetch(url, { headers: { ...asApolloClient, authorization: 'Bearer not-a-token', 'if-none-match': etag! } });
    expect(invalid.status).toBe(401);
    expect(invalid.headers.get('cache-control') ?? '').not.toContain('public');
    expect(invalid.headers.get('etag')).toBeNull();
    expect(((await invalid.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('never runs a mutation sent by GET', async () => {
    const office = await tokenFor({ role: 'office', subject: 'office-get', municipalities: [city] });
    const answer = await fetch(getUrl('RemoveVacancies', { ids: ['00000000-0000-0000-0000-000000000000'] }), {
      headers: { ...asApolloClient, authorization: `Bearer ${office}` },
    });
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe('POST');
    const body = (await answer.json()) as { data?: unknown; errors: Array<{ message: string }> };
    expect(body.data).toBeUndefined();
    expect(body.errors[0].message).toBe('GET requests only support query operations, not mutation operations');
  });
});
