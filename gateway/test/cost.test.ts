import { readFile } from 'node:fs/promises';
import { subgraphNames } from '@kita/dev';
import { type RunningGateway, type SubgraphCall } from '@kita/gateway';
import { parseRegistry } from '@kita/registry';
import { postGraphQL } from '@kita/shared/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { city, landkreis, startFrontGateway, startTestStack, type TestStack } from './support.js';

// Fan-out priced: the operation (60 aliased `facilities(first: 100)` over 21
// municipalities) is refused at the gateway before any instance is asked; what a new user sends
// (the README's search) passes.

const demoKeys = '03355022 03355 03241001 03241 03101 03103 03403 03404 03151 03159 03254 03351 03352 03353 03354 03358 03359 03360 03452 03454 03457'.split(
  ' ',
);
const calls: SubgraphCall[] = [];
let stack: TestStack;
/** A gateway whose registry lists the 21 demo municipalities (the instances of Hansestadt Lüneburg stand behind each: nothing is sent anyway). */
let wide: RunningGateway;

beforeAll(async () => {
  stack = await startTestStack({ municipalities: [city, landkreis], observe: (call) => calls.push(call) });
  const template = stack.entries.find((entry) => entry.key === city)!;
  wide = await startFrontGateway(stack, {
    registry: parseRegistry(
      {
        municipalities: demoKeys.map((key) => ({
          key,
          name: `Municipality ${key}`,
          kind: key.length === 8 ? 'CITY' : 'LANDKREIS',
          subgraphs: template.subgraphs,
        })),
      },
      { subgraphs: [...subgraphNames], source: 'the cost test' },
    ),
    production: true,
    observe: (call) => calls.push(call),
  });
});

afterAll(async () => {
  await wide?.close();
  await stack?.close();
});

beforeEach(() => {
  calls.length = 0;
});

const manySearches = `query Many($name: String) { ${Array.from(
  { length: 60 },
  (_, index) => `f${index}: facilities(first: 100, filter: { text: $name }) { edges { node { id name } } }`,
).join(' ')} }`;

describe('fan-out priced at the gateway', () => {
  it('refuses 60 aliased facilities(first: 100) over 21 municipalities with one QUERY_TOO_COMPLEX, HTTP 400, before any instance is asked', async () => {
    const response = await fetch(wide.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: manySearches, variables: { name: 'Sonnenschein-Kaltenmoor' } }),
    });
    const text = await response.text();
    const body = JSON.parse(text);

    expect(response.status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', cost: 60 * (21 + 21 * 100), maxCost: 50_000 });
    expect(body.errors[0].message).toMatch(/about 127260 rows \(at most 50000\)/);
    // The input is not echoed.
    expect(text).not.toContain('Sonnenschein');
    expect(calls).toEqual([]);
  });

  it('refuses the same over two municipalities once the budget is lower, and lets one search through', async () => {
    const narrow = await startFrontGateway(stack, {
      registry: parseRegistry({ municipalities: stack.entries }, { subgraphs: [...subgraphNames] }),
      production: true,
      observe: (call) => calls.push(call),
      maxQueryCost: 1000,
    });
    try {
      const refused = await postGraphQL(narrow.url, manySearches, {});
      expect(refused.status).toBe(400);
      expect(refused.body.errors?.map((error) => error.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX']);
      expect(calls).toEqual([]);

      const one = await postGraphQL(narrow.url, '{ facilities(first: 100) { totalCount edges { node { id } } } }', {});
      expect(one.body.errors).toBeUndefined();
      expect(one.body.data?.facilities.totalCount).toBe(0);
      expect(calls.map((call) => call.municipality).sort()).toEqual([landkreis, city].sort());
    } finally {
      await narrow.close();
    }
  });

  it("answers the README's search (nearest first, with free places and vacancies) through the stack's gateway", async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const query = /```graphql\n([\s\S]*?)```/.exec(readme)![1];
    const answer = await postGraphQL(stack.gateway.url, query, {});
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data?.facilities.edges).toEqual([]);
    expect(calls.length).toBeGreaterThan(0);
  });
});
