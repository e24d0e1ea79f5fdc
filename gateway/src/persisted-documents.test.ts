import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gatewayPrincipal, generateServiceKey, silentLogger } from '@kita/core';
import { emptyRegistry } from '@kita/registry';
import { testVerifier } from '@kita/shared/testing';
import { parse, print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGatewayEnv } from './config.js';
import { type RunningGateway, startGateway } from './gateway.js';
import { loadPersistedDocuments, type PersistedDocuments } from './persisted-documents.js';

// The apps' registered operations at the real gateway, in process: the SDK's manifest as
// deployed (PERSISTED_DOCUMENTS), by hash alone, and the safelist of production. The operation
// asked is the SDK's `Municipalities`, answered by the registry subgraph inside the gateway, so
// no instance is needed.

const manifestFile = fileURLToPath(new URL('../../clients/sdk/persisted-documents.json', import.meta.url));
const supergraphSdl = readFileSync(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, string>;
const [registeredKey, registeredText] = Object.entries(manifest).find(([, text]) => text.startsWith('query Municipalities'))!;
const registeredHash = registeredKey.slice('sha256:'.length);
const unregistered = 'query NotAnApp { municipalities { key } }';

async function gatewayWith(documents: PersistedDocuments | undefined): Promise<RunningGateway> {
  return startGateway({
    supergraphSdl,
    registry: emptyRegistry,
    verifier: testVerifier,
    port: 0,
    introspection: false,
    landingPage: false,
    logger: silentLogger,
    persistedDocuments: documents,
  });
}

type Answer = { status: number; body: { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions: Record<string, unknown> }> } };
async function post(gateway: RunningGateway, body: Record<string, unknown>): Promise<Answer> {
  const response = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}
const byHash = (hash: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });

describe('persisted documents without a safelist (development, Sandbox)', () => {
  let gateway: RunningGateway;
  beforeAll(async () => {
    gateway = await gatewayWith(await loadPersistedDocuments(manifestFile, false));
  });
  afterAll(() => gateway?.close());

  it('runs a registered operation named by its hash alone', async () => {
    const { status, body } = await post(gateway, byHash(registeredHash));
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data?.municipalities).toEqual([]);
  });

  it('runs any other operation sent as text, and APQ registers it for later requests by hash', async () => {
    expect((await post(gateway, { query: unregistered })).body).toEqual({ data: { municipalities: [] } });
    const hash = sha256(unregistered);
    expect((await post(gateway, byHash(hash))).body.errors?.[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await post(gateway, { query: unregistered, ...byHash(hash) })).body).toEqual({ data: { municipalities: [] } });
    expect((await post(gateway, byHash(hash))).body).toEqual({ data: { municipalities: [] } });
  });
});

describe('persisted documents with a safelist (PERSISTED_DOCUMENTS_ONLY)', () => {
  let gateway: RunningGateway;
  beforeAll(async () => {
    gateway = await gatewayWith(await loadPersistedDocuments(manifestFile, true));
  });
  afterAll(() => gateway?.close());

  it('runs a registered operation by hash, by its text, and by the canonical text Apollo Client sends with its hash', async () => {
    const canonical = print(parse(registeredText));
    for (const request of [byHash(registeredHash), { query: registeredText }, { query: canonical, ...byHash(sha256(canonical)) }]) {
      const { body } = await post(gateway, request);
      expect(body.errors).toBeUndefined();
      expect(body.data?.municipalities).toEqual([]);
    }
  });

  it('refuses any other operation once, with PERSISTED_QUERY_NOT_IN_LIST and HTTP 400, without echoing it', async () => {
    const { status, body } = await post(gateway, { query: unregistered });
    expect(status).toBe(400);
    expect(body.data ?? null).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0].extensions.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    expect(body.errors![0].message).not.toContain('NotAnApp');
  });

  it('neither runs nor registers an unknown hash sent with its text, and answers PERSISTED_QUERY_NOT_FOUND to the hash alone', async () => {
    const hash = sha256(unregistered);
    expect((await post(gateway, byHash(hash))).body.errors?.map((error) => error.extensions.code)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    expect((await post(gateway, { query: unregistered, ...byHash(hash) })).body.errors?.map((error) => error.extensions.code)).toEqual([
      'PERSISTED_QUERY_NOT_IN_LIST',
    ]);
    expect((await post(gateway, byHash(hash))).body.errors?.map((error) => error.extensions.code)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  });
});

describe('the manifest and its configuration', () => {
  it('refuses a manifest whose key is not the hash of its document', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'kita-manifest-'));
    const file = path.join(folder, 'persisted-documents.json');
    await writeFile(file, JSON.stringify({ [`sha256:${sha256('query A { municipalities { key } }')}`]: 'query B { municipalities { name } }' }));
    await expect(loadPersistedDocuments(file, true)).rejects.toThrow(/not the SHA-256 of its document/);
  });

  it('refuses a safelist without a manifest', async () => {
    const SERVICE_KEY = JSON.stringify((await generateServiceKey(gatewayPrincipal)).privateJwk);
    expect(() => loadGatewayEnv({ SERVICE_KEY, PERSISTED_DOCUMENTS_ONLY: 'true' })).toThrow(/PERSISTED_DOCUMENTS_ONLY: needs PERSISTED_DOCUMENTS/);
    expect(loadGatewayEnv({ SERVICE_KEY, PERSISTED_DOCUMENTS_ONLY: 'true', PERSISTED_DOCUMENTS: manifestFile }).PERSISTED_DOCUMENTS_ONLY).toBe(true);
  });
});
