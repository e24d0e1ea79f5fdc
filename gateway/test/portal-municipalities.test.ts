import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubgraphCall } from '../src/data-source.js';
import { type RunningGateway } from '../src/gateway.js';
import { loadPersistedDocuments } from '../src/persisted-documents.js';
import { city, landkreis, startFrontGateway, startTestStack, type TestStack } from './support.js';

// The parent portal loads `Municipalities` on every page view. Sent as the SDK sends it (anonymous
// GET by hash), it asks the registry only: the second view is answered from the gateway's response
// cache, and no view reaches a municipality's reservation instance. The caps come from
// `MunicipalityCap`, one municipality per request, asked only for the shortlist's municipalities.

const manifestFile = new URL('../../clients/sdk/persisted-documents.json', import.meta.url);
const asApolloClient = { 'content-type': 'application/json', accept: 'application/graphql-response+json,application/json;q=0.9' };

let stack: TestStack;
let gateway: RunningGateway;
let manifest: Record<string, string>;
const calls: SubgraphCall[] = [];

/** The URL Apollo Client builds for the registered operation with this name (hash only, no text). */
function getUrl(operationName: string, variables: Record<string, unknown>): string {
  const entry = Object.entries(manifest).find(([, text]) => new RegExp(`\\bquery ${operationName}\\b`).test(text));
  if (!entry) throw new Error(`${operationName} is not in the SDK's manifest`);
  const url = new URL(gateway.url);
  url.searchParams.set('operationName', operationName);
  url.searchParams.set('variables', JSON.stringify(variables));
  url.searchParams.set('extensions', JSON.stringify({ persistedQuery: { version: 1, sha256Hash: entry[0].replace(/^sha256:/, '') } }));
  return url.toString();
}

beforeAll(async () => {
  manifest = JSON.parse(await readFile(manifestFile, 'utf8'));
  stack = await startTestStack({ municipalities: [city, landkreis], reservation: { maxChoices: 3 } });
  gateway = await startFrontGateway(stack, {
    persistedDocuments: await loadPersistedDocuments(manifestFile.pathname, true),
    responseCache: { ttlMs: 600_000, eventsIntervalMs: 0 },
    observe: (call) => calls.push(call),
  });
}, 120_000);

afterAll(async () => {
  await gateway?.close();
  await stack?.close();
});

describe("the portal's municipalities", () => {
  it('Municipalities by GET is answered from the response cache the second time and asks no reservation instance', async () => {
    calls.length = 0;
    const url = getUrl('Municipalities', {});
    const first = await fetch(url, { headers: asApolloClient });
    expect(first.status).toBe(200);
    const body = (await first.json()) as { data?: { municipalities: Array<{ key: string; name: string }> }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data?.municipalities.map(({ key, name }) => [key, name])).toEqual([
      [city, 'Hansestadt Lüneburg'],
      [landkreis, 'Landkreis Lüneburg'],
    ]);
    expect(first.headers.get('x-response-cache')).toBe('miss');

    const second = await fetch(url, { headers: asApolloClient });
    expect(second.status).toBe(200);
    expect(second.headers.get('x-response-cache')).toBe('hit');
    expect(await second.json()).toEqual(body);
    expect(calls.map((call) => call.subgraph)).toEqual(['registry']);
  });

  it('MunicipalityCap asks the reservation instance of that one municipality only', async () => {
    calls.length = 0;
    const answer = await fetch(getUrl('MunicipalityCap', { key: landkreis }), { headers: asApolloClient });
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { data?: { municipalityByKey: { key: string; maxChoices: number | null } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data?.municipalityByKey).toMatchObject({ key: landkreis, maxChoices: 3 });
    expect(calls.filter((call) => call.subgraph === 'reservation').map((call) => call.municipality)).toEqual([landkreis]);
  });
});
