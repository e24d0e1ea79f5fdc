import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '@kita/core';
import { loadPersistedDocuments, type RunningGateway, startGateway } from '@kita/gateway';
import { emptyRegistry } from '@kita/registry';
import { testVerifier } from '@kita/shared/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createKitaClient } from './client.js';
import { MunicipalitiesDocument } from './gql/graphql.js';

// The SDK's client against the real gateway, in process: what it sends for a registered
// operation, with and without the manifest at the gateway (PERSISTED_DOCUMENTS). The operation
// is `Municipalities`, answered by the registry subgraph inside the gateway.

const supergraphSdl = readFileSync(new URL('../../../schema/supergraph.graphql', import.meta.url), 'utf8');
const manifestFile = fileURLToPath(new URL('../persisted-documents.json', import.meta.url));

/** Every request body the client sends. */
const sent: Array<{ query?: string; extensions?: { persistedQuery?: { sha256Hash: string } } }> = [];
const realFetch = globalThis.fetch;
beforeAll(() => {
  globalThis.fetch = async (input, init) => {
    if (typeof init?.body === 'string') sent.push(JSON.parse(init.body));
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
  it('sends an operation by its registered hash alone to a gateway that knows the manifest, even with a safelist', async () => {
    const gateway = await gatewayWith(true);
    try {
      const client = createKitaClient({ gatewayUrl: gateway.url });
      const { data, error } = await client.query({ query: MunicipalitiesDocument });
      expect(error).toBeUndefined();
      expect(data?.municipalities).toEqual([]);
      expect(sent).toHaveLength(1);
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
      expect(sent.map((body) => Boolean(body.query))).toEqual([false, true]);
      sent.length = 0;
      const second = await client.query({ query: MunicipalitiesDocument, fetchPolicy: 'network-only' });
      expect(second.data?.municipalities).toEqual([]);
      expect(sent.map((body) => Boolean(body.query))).toEqual([true]);
    } finally {
      await gateway.close();
    }
  });
});
