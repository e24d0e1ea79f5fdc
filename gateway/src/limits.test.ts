import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { queryLimitsRule } from './limits.js';

const schema = buildSchema(`
  type Query { node: Node }
  type Node { id: ID! name: String child: Node }
`);
const limits = { maxDepth: 4, maxFields: 20, maxAliases: 3 };
const errorsOf = (query: string) => validate(schema, parse(query), [queryLimitsRule(limits)]);

describe('queryLimitsRule', () => {
  it('accepts an operation within the limits', () => {
    expect(errorsOf('{ node { id child { id child { name } } } }')).toEqual([]);
  });

  it('refuses an operation nested deeper than allowed, with a stable code', () => {
    const [error] = errorsOf('{ node { child { child { child { child { id } } } } } }');
    expect(error.message).toMatch(/6 levels deep \(at most 4\)/);
    expect(error.extensions.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('counts depth through fragments and does not loop on cyclic fragments', () => {
    const [error] = errorsOf('query { node { ...A } } fragment A on Node { child { child { child { child { id } } } } }');
    expect(error.message).toMatch(/levels deep/);
    // The cycle itself is graphql-js's NoFragmentCycles rule's to report; this rule just terminates.
    expect(errorsOf('query { node { ...A } } fragment A on Node { id ...B } fragment B on Node { name ...A }')).toEqual([]);
  });

  it('refuses too many aliases and too many fields', () => {
    expect(errorsOf('{ a: node { id } b: node { id } c: node { id } d: node { id } }')[0].message).toMatch(/4 aliases/);
    const broad = `{ ${Array.from({ length: 11 }, (_, index) => `n${index}: node { id }`).join(' ')} }`;
    expect(errorsOf(broad)[0].message).toMatch(/more than 20 fields/);
  });
});
