import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readRootFields } from './supergraph-info.js';

const supergraphSdl = readFileSync(new URL('../../../schema/supergraph.graphql', import.meta.url), 'utf8');

describe('readRootFields on the committed supergraph', () => {
  const fields = readRootFields(supergraphSdl);

  it('routes Query.facilities by its "municipalities" argument and merges it as a connection with 20 per page by default', () => {
    const facilities = fields.get('Query.facilities');

    expect(facilities).toMatchObject({ municipalitiesArg: 'municipalities', idArgs: [], fanOut: { merge: 'CONNECTION' } });
    expect(facilities?.municipalityArg).toBeUndefined();
    expect(facilities?.defaults).toEqual({ first: 20, orderBy: 'NAME' });
  });

  it('routes Query.facility by the municipality inside its ID and does not fan it out', () => {
    const facility = fields.get('Query.facility');

    expect(facility?.idArgs).toEqual(['id']);
    expect(facility?.municipalitiesArg).toBeUndefined();
    expect(facility?.fanOut).toBeUndefined();
  });

  it('routes Mutation.removeVacancies by the municipalities inside its list of IDs', () => {
    expect(fields.get('Mutation.removeVacancies')).toMatchObject({ idArgs: ['ids'], fanOut: undefined });
  });

  it('routes Mutation.addVacancy by its facility ID, not by its input', () => {
    expect(fields.get('Mutation.addVacancy')?.idArgs).toEqual(['facilityId']);
  });

  it('merges Query.upcomingVacancies in availableFrom, id order and cuts it to "first" (default 20)', () => {
    const upcoming = fields.get('Query.upcomingVacancies');

    expect(upcoming?.fanOut).toEqual({ merge: 'ORDERED', sortBy: ['availableFrom', 'id'], limit: 'first', keys: undefined });
    expect(upcoming?.municipalitiesArg).toBe('municipalities');
    expect(upcoming?.defaults).toEqual({ first: 20 });
  });

  it('sums Query.freePlaceStatistics buckets by ageGroup and hoursBand', () => {
    expect(fields.get('Query.freePlaceStatistics')?.fanOut).toEqual({ merge: 'SUM', sortBy: undefined, limit: undefined, keys: ['ageGroup', 'hoursBand'] });
  });

  it('reads only the root types, keyed "Type.field"', () => {
    const typeNames = new Set([...fields.keys()].map((key) => key.split('.')[0]));

    expect(typeNames).toEqual(new Set(['Query', 'Mutation']));
    expect(fields.has('Query.myReservations')).toBe(true);
  });
});

describe('readRootFields on hand-written SDL', () => {
  it('takes an argument named "municipality" as the single-municipality argument and every ID-typed argument as an ID argument', () => {
    const fields = readRootFields(`
      type Query { stats(municipality: String, other: ID, many: [ID!]!, nested: [[ID]], name: String = "x"): Int }
    `);

    expect(fields.get('Query.stats')).toEqual({
      municipalityArg: 'municipality',
      idArgs: ['other', 'many', 'nested'],
      defaults: { name: 'x' },
      fanOut: undefined,
    });
  });

  it('ignores object types other than Query and Mutation', () => {
    const fields = readRootFields('type Query { a: Int } type Facility { b(id: ID): Int } type Subscription { c: Int }');

    expect([...fields.keys()]).toEqual(['Query.a']);
  });
});
