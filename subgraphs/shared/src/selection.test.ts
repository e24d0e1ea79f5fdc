import { buildSchema, graphql, type GraphQLResolveInfo } from 'graphql';
import { describe, expect, it } from 'vitest';
import { selects } from './selection.js';

const schema = buildSchema(`
  type Page { total: Int edges: [Int] }
  type Query { page: Page }
`);

/** Runs `query` and says what `selects(info, 'total')` answered inside the `page` resolver. */
async function asksForTotal(query: string): Promise<boolean> {
  let answer: boolean | undefined;
  const result = await graphql({
    schema,
    source: query,
    rootValue: {
      page: (_args: unknown, _context: unknown, info: GraphQLResolveInfo) => {
        answer = selects(info, 'total');
        return { total: 1, edges: [] };
      },
    },
  });
  expect(result.errors).toBeUndefined();
  return answer!;
}

describe('selects', () => {
  it('sees a subfield asked directly, under an alias, or through inline and named fragments', async () => {
    expect(await asksForTotal('{ page { total edges } }')).toBe(true);
    expect(await asksForTotal('{ page { all: total } }')).toBe(true);
    expect(await asksForTotal('{ page { ... on Page { total } } }')).toBe(true);
    expect(await asksForTotal('{ page { ...Counted } } fragment Counted on Page { ... { total } }')).toBe(true);
  });

  it('says no when the subfield is not asked anywhere', async () => {
    expect(await asksForTotal('{ page { edges } }')).toBe(false);
    expect(await asksForTotal('{ page { ...Listed } } fragment Listed on Page { edges }')).toBe(false);
  });

  it('counts a subfield behind @skip or @include as asked', async () => {
    expect(await asksForTotal('{ page { edges total @skip(if: true) } }')).toBe(true);
  });
});
