import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '@kita/core';
import { loadPersistedDocuments, type RunningGateway, startGateway } from '@kita/gateway';
import { emptyRegistry } from '@kita/registry';
import { testVerifier } from '@kita/shared/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createKitaClient } from './client.js';
import { MunicipalitiesDocument, RemoveVacanciesDocument, SearchFacilitiesDocument } from './gql/graphql.js';

// The SDK's client against the real gateway, in process: what it sends for a registered
// operation, with and without the manifest at the gateway (PERSISTED_DOCUMENTS). The operation
// is `Municipalities`, answered by the registry subgraph inside the gateway.

const supergraphSdl = readFileSync(new URL('../../../schema/supergraph.graphql', import.meta.url), 'utf8');
const manifestFile = fileURLToPath(new URL('../persisted-documents.json', import.meta.url));

/** Every request the client sends: its method, the URL's search parameters (GET) and the body (POST). */
interface Sent {
  url: string;
  method: string;
  params: URLSearchParams;
  headers: Headers;
  query?: string;
  extensions?: { persistedQuery?: { sha256Hash: string } };
}
const sent: Sent[] = [];
const realFetch = globalThis.fetch;
beforeAll(() => {
  globalThis.fetch = async (input, init) => {
    const url = new URL(String(input));
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : {};
    const extensions = url.searchParams.get('extensions');
    sent.push({
      url: `${url.origin}${url.pathname}`,
      method: init?.method ?? 'GET',
      params: url.searchParams,
      headers: new Headers(init?.headers),
      query: body.query ?? url.searchParams.get('query') ?? undefined,
      extensions: body.extensions ?? (extensions ? JSON.parse(extensions) : undefined),
    });
    return realFetch(input, init);
  };
});
afterAll(() => {
  globalThis.fetch = realFetch;
});
afterEach(() => {
  sent.length = 0;
});

async function gatewayWith(manifest: boolean): Promise<RunningGateway> {
  return startGateway({
    supergraphSdl,
    registry: emptyRegistry,
    verifier: testVerifier,
    port: 0,
    introspection: false,
    landingPage: false,
    logger: silentLogger,
    persistedDocuments: manifest ? await loadPersistedDocuments(manifestFile, true) : undefined,
  });
}

describe("the SDK's client and the registered operations", () => {
  it('sends a query by its registered hash alone, by GET, to a gateway that knows the manifest, even with a safelist', async () => {
    const gateway = await gatewayWith(true);
    try {
      const client = createKitaClient({ gatewayUrl: gateway.url });
      const { data, error } = await client.query({ query: MunicipalitiesDocument });
      expect(error).toBeUndefined();
      expect(data?.municipalities).toEqual([]);
      expect(sent).toHaveLength(1);
      expect(sent[0].method).toBe('GET');
      expect(sent[0].params.get('operationName')).toBe('Municipalities');
      // What makes the GET a non-simple request, which Apollo Server's CSRF prevention asks for.
      expect(sent[0].headers.get('content-type')).toBe('application/json');
      expect(sent[0].query).toBeUndefined();
      expect(`sha256:${sent[0].extensions?.persistedQuery?.sha256Hash}`).toBe((MunicipalitiesDocument as { __meta__?: { hash: string } }).__meta__?.hash);
    } finally {
      await gateway.close();
    }
  });

  it('falls back to the text, once, where the gateway does not know the manifest, and sends text from then on', async () => {
    const gateway = await gatewayWith(false);
    try {
      const client = createKitaClient({ gatewayUrl: gateway.url });
      const first = await client.query({ query: MunicipalitiesDocument, fetchPolicy: 'network-only' });
      expect(first.error).toBeUndefined();
      expect(first.data?.municipalities).toEqual([]);
      // The hash by GET, then the text by POST (never a long document in a URL).
      expect(sent.map(({ method, query }) => [method, Boolean(query)])).toEqual([
        ['GET', false],
        ['POST', true],
      ]);
      sent.length = 0;
      const second = await client.query({ query: MunicipalitiesDocument, fetchPolicy: 'network-only' });
      expect(second.data?.municipalities).toEqual([]);
      expect(sent.map(({ method, query }) => [method, Boolean(query)])).toEqual([['POST', true]]);
    } finally {
      await gateway.close();
    }
  });
  it('sends a mutation, and a query with a token, by its hash alone but by POST', async () => {
    const gateway = await gatewayWith(true);
    try {
      const client = createKitaClient({ gatewayUrl: gateway.url, accessToken: () => 'not-a-valid-token' });
      // No municipality to run it (an empty registry): what matters here is how it was sent.
      await client.mutate({ mutation: RemoveVacanciesDocument, variables: { ids: [] } }).catch(() => undefined);
      expect(sent.map(({ method, query }) => [method, Boolean(query)])).toEqual([['POST', false]]);
      sent.length = 0;
      await client.query({ query: MunicipalitiesDocument });
      expect(sent.map(({ method, query }) => [method, Boolean(query)])).toEqual([['POST', false]]);
      expect(sent[0].headers.get('authorization')).toBe('Bearer not-a-valid-token');
      expect(sent[0].extensions?.persistedQuery?.sha256Hash).toBeTruthy();
    } finally {
      await gateway.close();
    }
  });

  it("sends a search near a family's home or for its child's birth date by POST, so neither ends up in a URL, and other searches by GET", async () => {
    const gateway = await gatewayWith(true);
    try {
      const client = createKitaClient({ gatewayUrl: gateway.url });
      const search = (variables: Record<string, unknown>) =>
        client
          .query({ query: SearchFacilitiesDocument, variables: { first: 10, orderBy: 'NAME', ...variables }, fetchPolicy: 'network-only' })
          .catch(() => undefined);
      // No municipality to run them (an empty registry): what matters here is how they were sent
      // (only what went to the gateway: its own calls to the facility subgraph use fetch too).
      await search({ filter: { kinds: ['KINDERTAGESPFLEGE'] } });
      await search({ near: { latitude: 53.2384, longitude: 10.4328 } });
      await search({ filter: { childBirthDate: '2025-03-14', wishedStart: '2026-08-01' } });
      await search({ near: null, filter: { childBirthDate: null } });
      const toGateway = sent.filter((request) => request.url === gateway.url);
      expect(toGateway.map(({ method, query }) => [method, Boolean(query)])).toEqual([
        ['GET', false],
        ['POST', false],
        ['POST', false],
        ['GET', false],
      ]);
      for (const request of toGateway) expect(request.params.toString()).not.toMatch(/53\.2384|2025-03-14/);
    } finally {
      await gateway.close();
    }
  });

  it('sends the queries of a person who signs in by POST from then on, and by GET again after signing out', async () => {
    const gateway = await gatewayWith(true);
    try {
      let token: string | undefined;
      const client = createKitaClient({ gatewayUrl: gateway.url, accessToken: () => token });
      await client.query({ query: MunicipalitiesDocument, fetchPolicy: 'network-only' });
      token = 'not-a-valid-token';
      await client.query({ query: MunicipalitiesDocument, fetchPolicy: 'network-only' });
      token = undefined;
      await client.query({ query: MunicipalitiesDocument, fetchPolicy: 'network-only' });
      expect(sent.map(({ method, query }) => [method, Boolean(query)])).toEqual([
        ['GET', false],
        ['POST', false],
        ['GET', false],
      ]);
    } finally {
      await gateway.close();
    }
  });
});
