import { describe, expect, it } from 'vitest';
import { kitaYearStart, today } from './calendar.js';

describe('today', () => {
  it('is the German calendar day, not the UTC one', () => {
    expect(today(new Date('2027-07-31T22:30:00Z'))).toBe('2027-08-01');
    expect(today(new Date('2027-01-31T23:30:00Z'))).toBe('2027-02-01');
    expect(today(new Date('2027-01-31T22:30:00Z'))).toBe('2027-01-31');
  });

  it('changes day exactly at German midnight when asked minute after minute', () => {
    expect(today(new Date('2027-07-31T21:59:00.000Z'))).toBe('2027-07-31');
    expect(today(new Date('2027-07-31T21:59:59.999Z'))).toBe('2027-07-31');
    expect(today(new Date('2027-07-31T22:00:00.000Z'))).toBe('2027-08-01');
    expect(today(new Date('2027-07-31T21:59:30.000Z'))).toBe('2027-07-31');
  });
});

describe('kitaYearStart', () => {
  it.each([
    ['2026-08-01', '2026-08-01'],
    ['2026-11-22', '2026-08-01'],
    ['2027-07-31', '2026-08-01'],
  ])('puts %s in the Kita year from %s', (day, start) => {
    expect(kitaYearStart(day)).toBe(start);
  });
});
