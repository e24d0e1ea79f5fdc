import { hoursBandOf, monthsBetween } from '@kita/shared';
import { describe, expect, it } from 'vitest';
import { LegalClaimKind, legalClaimAt } from './legal-claim.js';
import { HoursBand } from './part.entity.js';

describe('legalClaimAt', () => {
  it.each([
    ['2026-08-02', LegalClaimKind.UNDER_ONE, 'no general claim; a place when parents work, train or seek work'],
    ['2026-08-01', LegalClaimKind.ONE_TO_THREE, 'a place in a Kita or in Kindertagespflege'],
    ['2024-08-02', LegalClaimKind.ONE_TO_THREE, 'a place in a Kita or in Kindertagespflege'],
    ['2024-08-01', LegalClaimKind.THREE_TO_SCHOOL, 'a place in a Kita'],
    ['2021-08-01', LegalClaimKind.SCHOOL_AGE, 'care for school children'],
  ])('a child born %s starting 2027-08-01: %s', (birthDate, kind, words) => {
    const claim = legalClaimAt(birthDate, '2027-08-01');
    expect(claim.kind).toBe(kind);
    expect(claim.description).toContain(words);
    expect(claim.description).toContain('§24 SGB VIII');
  });

  it('treats a child born after the wished start (a reservation before birth) as under one', () => {
    expect(legalClaimAt('2027-09-01', '2027-08-01').kind).toBe(LegalClaimKind.UNDER_ONE);
  });
});

describe('monthsBetween and hoursBandOf', () => {
  it('counts completed months', () => {
    expect(monthsBetween('2025-03-14', '2026-03-13')).toBe(11);
    expect(monthsBetween('2025-03-14', '2026-03-14')).toBe(12);
  });

  it.each([
    [1, HoursBand.HALF_DAY],
    [25, HoursBand.HALF_DAY],
    [26, HoursBand.THREE_QUARTER],
    [35, HoursBand.THREE_QUARTER],
    [36, HoursBand.FULL_DAY],
    [45, HoursBand.FULL_DAY],
  ])('%i hours a week fall into %s', (hours, band) => {
    expect(hoursBandOf(hours)).toBe(band);
  });
});
