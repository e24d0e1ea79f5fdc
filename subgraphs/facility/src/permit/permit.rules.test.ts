import { addYears, today } from '@kita/shared';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { FacilityEntity, FacilityKind, PublicationStatus } from '../facility/facility.entity.js';
import { hasValidPermit, requirePermitFor, validatePermitFor, validatePermitInput } from './permit.rules.js';
import type { PermitInput } from './permit.types.js';

const day = '2026-11-22';
const permit: PermitInput = { number: ' PE-2026-17 ', issuedOn: '2026-01-15', validUntil: '2031-01-15', maxChildren: 5 };

const extensionsOf = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    return (error as GraphQLError).extensions;
  }
  throw new Error('expected a refusal');
};

const facility = (kind: FacilityKind, values: Partial<FacilityEntity> = {}) =>
  Object.assign(new FacilityEntity(), { kind, capacity: 5, status: PublicationStatus.DRAFT, ...values });

describe('calendar', () => {
  it('adds years, keeping the day or the end of February', () => {
    expect(addYears('2026-01-15', 5)).toBe('2031-01-15');
    expect(addYears('2028-02-29', 5)).toBe('2033-02-28');
    expect(addYears('2028-02-29', 4)).toBe('2032-02-29');
  });

  it('is the German calendar day, not the UTC one', () => {
    expect(today(new Date('2027-07-31T22:30:00Z'))).toBe('2027-08-01');
  });
});

describe('validatePermitInput', () => {
  it('accepts a permit of exactly five years and trims its number', () => {
    expect(validatePermitInput(permit, day).number).toBe('PE-2026-17');
    expect(() => validatePermitInput({ ...permit, issuedOn: day, validUntil: day }, day)).not.toThrow();
  });

  it.each([
    ['a blank number', { number: '  ' }, 'input.number'],
    ['a permit issued tomorrow', { issuedOn: '2026-11-23', validUntil: '2027-11-23' }, 'input.issuedOn'],
    ['an end before the issue', { issuedOn: '2026-11-01', validUntil: '2026-10-31' }, 'input.validUntil'],
    ['more than five years', { validUntil: '2031-01-16' }, 'input.validUntil'],
    ['a permit that has lapsed', { issuedOn: '2021-01-01', validUntil: '2026-11-21' }, 'input.validUntil'],
  ])('refuses %s as BAD_USER_INPUT naming %s', (_case, overrides, argument) => {
    expect(extensionsOf(() => validatePermitInput({ ...permit, ...overrides }, day))).toEqual({ code: 'BAD_USER_INPUT', argument });
  });
});

describe('validatePermitFor', () => {
  it.each([
    [FacilityKind.KINDERTAGESPFLEGE, 5],
    [FacilityKind.GROSSTAGESPFLEGE, 8],
    [FacilityKind.GROSSTAGESPFLEGE, 10],
  ])('accepts a %s permit for %i children', (kind, maxChildren) => {
    expect(() => validatePermitFor(facility(kind), { ...permit, maxChildren })).not.toThrow();
  });

  it.each([
    ['a Kita', facility(FacilityKind.KINDERTAGESSTAETTE), 5, 'facilityId'],
    ['a Kindertagespflege for 8', facility(FacilityKind.KINDERTAGESPFLEGE), 8, 'input.maxChildren'],
    ['a Großtagespflege for 9', facility(FacilityKind.GROSSTAGESPFLEGE), 9, 'input.maxChildren'],
    ['8 children where the profile lists 10 places', facility(FacilityKind.GROSSTAGESPFLEGE, { capacity: 10 }), 8, 'input.maxChildren'],
  ])('refuses %s', (_case, row, maxChildren, argument) => {
    expect(extensionsOf(() => validatePermitFor(row, { ...permit, maxChildren }))).toEqual({ code: 'BAD_USER_INPUT', argument });
  });
});

describe('requirePermitFor', () => {
  const withPermit = (values: Partial<FacilityEntity>) =>
    facility(FacilityKind.KINDERTAGESPFLEGE, {
      permitNumber: 'PE-1',
      permitIssuedOn: '2026-01-01',
      permitValidUntil: '2030-12-31',
      permitMaxChildren: 5,
      ...values,
    });

  it('needs nothing of a Kita and a permit valid that day of a Tagespflege', () => {
    expect(() => requirePermitFor(facility(FacilityKind.KINDERTAGESSTAETTE), day)).not.toThrow();
    expect(() => requirePermitFor(withPermit({}), day)).not.toThrow();
    expect(hasValidPermit(withPermit({ permitValidUntil: day }), day)).toBe(true);
  });

  it.each([
    ['no permit', facility(FacilityKind.KINDERTAGESPFLEGE)],
    ['a lapsed permit', withPermit({ permitValidUntil: '2026-11-21' })],
    ['more places than the permit allows', withPermit({ permitMaxChildren: 5, capacity: 6 })],
  ])('refuses %s naming permit', (_case, row) => {
    expect(extensionsOf(() => requirePermitFor(row, day))).toEqual({ code: 'BAD_USER_INPUT', argument: 'permit' });
  });
});
