import { buildSchema, getIntrospectionQuery, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { defaultQueryLimits, edgeProtection } from './limits.js';

const schema = buildSchema(`
  type Query { node: Node }
  type Node { id: ID! name: String child: Node }
`);
const limits = { maxDepth: 4, maxFields: 20, maxAliases: 3, maxTokens: 200 };
const errorsOf = (query: string, options = limits) => validate(schema, parse(query), edgeProtection({ limits: options, production: true }).validationRules);

describe('query limits', () => {
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
    const cyclic = validate(
      schema,
      parse('query { node { ...A } } fragment A on Node { id ...B } fragment B on Node { name ...A }'),
      edgeProtection({ limits, production: true }).validationRules,
    );
    expect(cyclic).toEqual([]);
  });

  it('refuses too many aliases and too many fields', () => {
    expect(errorsOf('{ a: node { id } b: node { id } c: node { id } d: node { id } }')[0].message).toMatch(/more than 3 aliases/);
    const broad = `{ ${Array.from({ length: 11 }, (_, index) => `n${index}: node { id }`).join(' ')} }`;
    expect(errorsOf(broad, { ...limits, maxAliases: 100 })[0].message).toMatch(/more than 20 fields/);
  });

  it('counts __typename as a field and its aliases as aliases', () => {
    const typenames = (count: number) => `{ ${Array.from({ length: count }, (_, index) => `t${index}: __typename`).join(' ')} }`;

    expect(errorsOf(typenames(3))).toEqual([]);
    const errors = errorsOf(typenames(4));
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(/more than 3 aliases/);
    expect(errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(errorsOf(`{ ${'__typename '.repeat(21)} }`)[0].message).toMatch(/more than 20 fields/);
  });

  it('names every limit an operation hits in one error', () => {
    const errors = errorsOf(`{ ${Array.from({ length: 21 }, (_, index) => `t${index}: __typename`).join(' ')} }`);

    expect(errors).toHaveLength(1);
    expect(errors[0].message).toBe('This operation selects more than 20 fields, uses more than 3 aliases. Split it into smaller queries.');
  });

  it("lets the standard introspection query through (Sandbox's), but not a deep walk through the schema's types", () => {
    const introspection = validate(
      schema,
      parse(getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, inputValueDeprecation: true, oneOf: true })),
      edgeProtection({ limits: { maxTokens: 1000 }, production: true }).validationRules,
    );
    expect(introspection).toEqual([]);

    const walk = `{ __schema { types { ${'fields { type { '.repeat(6)}name${' } }'.repeat(6)} } } }`;
    expect(errorsOf(walk, { ...defaultQueryLimits })[0].message).toMatch(/levels deep \(at most 12\)/);
  });
});
