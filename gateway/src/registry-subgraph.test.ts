import { readFile } from 'node:fs/promises';
import { silentLogger } from '@kita/core';
import { parseRegistry } from '@kita/registry';
import { supergraphPath } from '@kita/schema';
import { testVerifier } from '@kita/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubgraphCall } from './data-source.js';
import { type RunningGateway, startGateway } from './gateway.js';

// The gateway hosts the registry subgraph: it runs in the gateway's process over the committed
// supergraph, with no server of its own and no database anywhere.

const registry = parseRegistry(
  {
    municipalities: [
      {
        key: '03355',
        name: 'Landkreis Lüneburg',
        kind: 'LANDKREIS',
        subgraphs: { facility: 'http://127.0.0.1:9/f', vacancy: 'http://127.0.0.1:9/v', reservation: 'http://127.0.0.1:9/r' },
      },
      {
        key: '03355022',
        name: 'Hansestadt Lüneburg',
        kind: 'CITY',
        parent: '03355',
        districts: ['Kaltenmoor'],
        subgraphs: { facility: 'http://127.0.0.1:9/f', vacancy: 'http://127.0.0.1:9/v', reservation: 'http://127.0.0.1:9/r' },
      },
    ],
  },
  { subgraphs: ['facility', 'vacancy', 'reservation'] },
);

let gateway: RunningGateway;
const calls: SubgraphCall[] = [];

beforeAll(async () => {
  gateway = await startGateway({
    supergraphSdl: await readFile(supergraphPath, 'utf8'),
    registry,
    // No instance is running: the schema checks fail, which concerns the per-municipality subgraphs only.
    sdlOf: async () => '',
    verifier: testVerifier,
    port: 0,
    introspection: false,
    landingPage: false,
    tenancy: { timeoutMs: 500, failureThreshold: 100 },
    logger: silentLogger,
    observe: (call) => calls.push(call),
  });
});

afterAll(async () => {
  await gateway?.close();
});

describe('the registry subgraph', () => {
  it('answers the municipalities and their parents from the current registry, in process', async () => {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ municipalities { key name kind districts parent { key } children { key } } }' }),
    });
    const body = (await response.json()) as { data: { municipalities: unknown[] }; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    expect(body.data.municipalities).toEqual([
      { key: '03355', name: 'Landkreis Lüneburg', kind: 'LANDKREIS', districts: [], parent: null, children: [{ key: '03355022' }] },
      { key: '03355022', name: 'Hansestadt Lüneburg', kind: 'CITY', districts: ['Kaltenmoor'], parent: { key: '03355' }, children: [] },
    ]);
    expect(calls.map((call) => [call.subgraph, call.url])).toEqual([['registry', 'in-process']]);
  });
});
