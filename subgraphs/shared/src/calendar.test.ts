import { describe, expect, it } from 'vitest';
import { today } from './calendar.js';

describe('today', () => {
  it('is the German calendar day, not the UTC one', () => {
    expect(today(new Date('2027-07-31T22:30:00Z'))).toBe('2027-08-01');
    expect(today(new Date('2027-01-31T23:30:00Z'))).toBe('2027-02-01');
    expect(today(new Date('2027-01-31T22:30:00Z'))).toBe('2027-01-31');
  });
});
