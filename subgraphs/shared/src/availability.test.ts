import { describe, expect, it } from 'vitest';
import { Availability, availabilityOf } from './availability.js';
import { addMonths } from './calendar.js';

const place = (availableFrom: string, availableUntil: string | null = null, places = 1) => ({ places, availableFrom, availableUntil });

describe('availabilityOf', () => {
  const today = '2026-11-22';

  it('is FREE_NOW when a place is free today', () => {
    expect(availabilityOf([place('2026-11-01'), place('2027-08-01')], today)).toBe(Availability.FREE_NOW);
  });

  it('is FREE_SOON when the earliest place starts within three months', () => {
    expect(availabilityOf([place('2027-02-22')], today)).toBe(Availability.FREE_SOON);
    expect(availabilityOf([place('2027-02-23')], today)).toBe(Availability.NONE);
  });

  it('ignores expired entries and entries without places', () => {
    expect(availabilityOf([place('2026-01-01', '2026-11-21'), place('2026-11-01', null, 0)], today)).toBe(Availability.NONE);
    expect(availabilityOf([place('2026-01-01', '2026-11-22')], today)).toBe(Availability.FREE_NOW);
  });

  it('is NONE without places', () => {
    expect(availabilityOf([], today)).toBe(Availability.NONE);
  });
});

describe('addMonths', () => {
  it('clamps to the last day of shorter months', () => {
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2027-11-30', 3)).toBe('2028-02-29');
    expect(addMonths('2026-11-22', 3)).toBe('2027-02-22');
  });
});
