import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareSdl } from './schema-check.js';

const committed = `
  type Query { facility(id: ID!): Facility }
  type Facility { id: ID! name: String! capacity: Int! }
`;

describe('compareSdl', () => {
  it('accepts the committed SDL itself', () => {
    expect(compareSdl(committed, committed)).toEqual({ state: 'ok' });
  });

  it('accepts the same schema written differently', () => {
    expect(compareSdl(committed, 'type Facility { capacity: Int! name: String! id: ID! } type Query { facility(id: ID!): Facility }')).toEqual({ state: 'ok' });
  });

  it('accepts an instance from before a directive or a newer federation version (they change nothing the gateway sends)', () => {
    const declared = `directive @listSize(assumedSize: Int) on FIELD_DEFINITION
      directive @perMunicipality(subgraph: String!) repeatable on SCHEMA
      scalar federation__ContextFieldValue
      type Query { facility(id: ID!): Facility }
      type Facility { id: ID! name: String! capacity: Int! }`;
    expect(compareSdl(declared, committed)).toEqual({ state: 'ok' });
  });

  it('accepts additions: a new field, an optional argument and a new type', () => {
    const served = `
      type Query { facility(id: ID!, preview: Boolean): Facility vacancy(id: ID!): Vacancy }
      type Facility { id: ID! name: String! capacity: Int! district: String }
      type Vacancy { id: ID! }
    `;

    expect(compareSdl(committed, served)).toEqual({ state: 'ok' });
  });

  it('refuses a removed field and names it', () => {
    const served = 'type Query { facility(id: ID!): Facility } type Facility { id: ID! name: String! }';

    expect(compareSdl(committed, served)).toEqual({ state: 'incompatible', reason: expect.stringContaining('Facility.capacity') });
  });

  it('refuses a field whose type changed and a new required argument', () => {
    const served = 'type Query { facility(id: ID!, municipality: String!): Facility } type Facility { id: ID! name: String! capacity: String! }';

    const check = compareSdl(committed, served);

    expect(check.state).toBe('incompatible');
    expect(check.state === 'incompatible' && check.reason).toMatch(/capacity/);
    expect(check.state === 'incompatible' && check.reason).toMatch(/municipality/);
  });

  it('names at most three breaking changes', () => {
    const served = 'type Query { other: Int }';

    const check = compareSdl('type Query { a: Int b: Int c: Int d: Int e: Int }', served);

    expect(check.state === 'incompatible' && check.reason.split('; ')).toHaveLength(3);
  });

  it('refuses SDL it cannot read', () => {
    expect(compareSdl(committed, 'type Query { facility(id: ID!): Facility')).toEqual({ state: 'incompatible', reason: 'the served SDL cannot be read' });
    expect(compareSdl(committed, '<html>502 Bad Gateway</html>')).toEqual({ state: 'incompatible', reason: 'the served SDL cannot be read' });
  });
});

describe('compareSdl on the committed facility subgraph SDL', () => {
  // Federation SDL as an instance serves it: @link, @key and friends, without their definitions.
  const facilitySdl = readFileSync(new URL('../../../schema/facility.graphql', import.meta.url), 'utf8');

  it('accepts an instance that serves one more field', () => {
    expect(compareSdl(facilitySdl, facilitySdl.replace(/\n(\s+)capacity: Int!/, '\n$1capacity: Int!\n$1waitingList: Int'))).toEqual({ state: 'ok' });
  });

  it('refuses an instance that no longer serves Facility.capacity', () => {
    const served = facilitySdl.replace(/\n\s+capacity: Int!/, '');

    expect(served).not.toBe(facilitySdl);
    expect(compareSdl(facilitySdl, served)).toEqual({ state: 'incompatible', reason: 'Facility.capacity was removed.' });
  });
});
