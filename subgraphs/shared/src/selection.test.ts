import { buildSchema, type GraphQLResolveInfo, graphql } from 'graphql';
import { describe, expect, it } from 'vitest';
import { selectedFields, selects } from './selection.js';

const schema = buildSchema(`
  type Node { id: ID name: String kind: String }
  type Edge { cursor: String node: Node }
  type Page { total: Int edges: [Edge] }
  type Query { page: Page }
`);

/** Runs `query` and hands the `page` resolver's info to `inspect`. */
async function inPageResolver<T>(query: string, inspect: (info: GraphQLResolveInfo) => T): Promise<T> {
  let answer: T | undefined;
  const result = await graphql({
    schema,
    source: query,
    rootValue: {
      page: (_args: unknown, _context: unknown, info: GraphQLResolveInfo) => {
        answer = inspect(info);
        return { total: 1, edges: [] };
      },
    },
  });
  expect(result.errors).toBeUndefined();
  return answer!;
}

const asksForTotal = (query: string) => inPageResolver(query, (info) => selects(info, 'total'));
const nodeFields = (query: string) => inPageResolver(query, (info) => [...selectedFields(info, ['edges', 'node'])].sort());

describe('selects', () => {
  it('sees a subfield asked directly, under an alias, or through inline and named fragments', async () => {
    expect(await asksForTotal('{ page { total edges { cursor } } }')).toBe(true);
    expect(await asksForTotal('{ page { all: total } }')).toBe(true);
    expect(await asksForTotal('{ page { ... on Page { total } } }')).toBe(true);
    expect(await asksForTotal('{ page { ...Counted } } fragment Counted on Page { ... { total } }')).toBe(true);
  });

  it('says no when the subfield is not asked anywhere', async () => {
    expect(await asksForTotal('{ page { edges { cursor } } }')).toBe(false);
    expect(await asksForTotal('{ page { ...Listed } } fragment Listed on Page { edges { cursor } }')).toBe(false);
  });

  it('counts a subfield behind @skip or @include as asked', async () => {
    expect(await asksForTotal('{ page { edges { cursor } total @skip(if: true) } }')).toBe(true);
  });
});

describe('selectedFields', () => {
  it('collects what every selection of a path asks, through aliases and fragments', async () => {
    expect(await nodeFields('{ page { edges { node { id } } more: edges { cursor node { name } } } }')).toEqual(['id', 'name']);
    expect(
      await nodeFields('{ page { ...Nodes } } fragment Nodes on Page { edges { node { ... on Node { kind } ...Named } } } fragment Named on Node { name }'),
    ).toEqual(['kind', 'name']);
  });

  it('is empty when the path is not asked', async () => {
    expect(await nodeFields('{ page { total edges { cursor } } }')).toEqual([]);
  });
});
