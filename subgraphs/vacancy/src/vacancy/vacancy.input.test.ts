import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { HoursBand } from './vacancy.entity.js';
import { type VacancyInput, validateVacancyInput } from './vacancy.input.js';

const today = '2026-11-22';
const valid: VacancyInput = {
  places: 3,
  ageRange: { fromMonths: 12, toMonths: 36 },
  hoursBand: HoursBand.FULL_DAY,
  availableFrom: '2027-08-01',
  availableUntil: '2028-07-31',
};

const refusal = (input: VacancyInput) => {
  try {
    validateVacancyInput(input, today);
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    return (error as GraphQLError).extensions;
  }
  throw new Error('expected the input to be refused');
};

describe('validateVacancyInput', () => {
  it.each([
    ['the smallest vacancy', { places: 1, ageRange: { fromMonths: 0, toMonths: 1 } }],
    ['the largest vacancy', { places: 50, ageRange: { fromMonths: 215, toMonths: 216 } }],
    ['an open-ended vacancy', { availableUntil: null }],
    ['a vacancy of one day, today', { availableFrom: today, availableUntil: today }],
    ['a vacancy that started in the past', { availableFrom: '2026-01-01', availableUntil: null }],
  ])('accepts %s', (_case, overrides) => {
    expect(() => validateVacancyInput({ ...valid, ...overrides }, today)).not.toThrow();
  });

  it.each([
    ['no places', { places: 0 }, 'input.places'],
    ['more than 50 places', { places: 51 }, 'input.places'],
    ['a negative age', { ageRange: { fromMonths: -1, toMonths: 12 } }, 'input.ageRange.fromMonths'],
    ['an empty age band', { ageRange: { fromMonths: 36, toMonths: 36 } }, 'input.ageRange.toMonths'],
    ['a reversed age band', { ageRange: { fromMonths: 36, toMonths: 12 } }, 'input.ageRange.toMonths'],
    ['an age over 18 years', { ageRange: { fromMonths: 72, toMonths: 217 } }, 'input.ageRange.toMonths'],
    ['a start from 18 years', { ageRange: { fromMonths: 216, toMonths: 217 } }, 'input.ageRange.fromMonths'],
    ['an end before the start', { availableFrom: '2027-08-01', availableUntil: '2027-07-31' }, 'input.availableUntil'],
    ['an end in the past', { availableFrom: '2026-01-01', availableUntil: '2026-11-21' }, 'input.availableUntil'],
  ])('refuses %s as BAD_USER_INPUT naming %s', (_case, overrides, argument) => {
    expect(refusal({ ...valid, ...overrides })).toEqual({ code: 'BAD_USER_INPUT', argument });
  });
});
