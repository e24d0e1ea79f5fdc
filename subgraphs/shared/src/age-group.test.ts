import { describe, expect, it } from 'vitest';
import { AgeGroup, ageGroupOf, ageGroupSql } from './care.js';

describe('ageGroupOf', () => {
  it.each([
    [0, AgeGroup.KRIPPE],
    [35, AgeGroup.KRIPPE],
    [36, AgeGroup.KINDERGARTEN],
    [71, AgeGroup.KINDERGARTEN],
    [72, AgeGroup.SCHOOL_AGE],
    [215, AgeGroup.SCHOOL_AGE],
  ])('puts a vacancy from %i months into %s', (months, group) => {
    expect(ageGroupOf(months)).toBe(group);
  });
});

describe('ageGroupSql', () => {
  it('draws the same borders in SQL', () => {
    expect(ageGroupSql('age_from_months')).toBe(
      "case when age_from_months < 36 then 'KRIPPE' when age_from_months < 72 then 'KINDERGARTEN' else 'SCHOOL_AGE' end",
    );
  });
});
