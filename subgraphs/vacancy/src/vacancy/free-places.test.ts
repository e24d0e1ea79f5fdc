import { describe, expect, it } from 'vitest';
import { freePlacesOf } from './free-places.js';

const day = '2026-11-22';
const place = (places: number, availableFrom: string, availableUntil: string | null = null) => ({ places, availableFrom, availableUntil });

describe('freePlacesOf', () => {
  it('counts places available today (from today or earlier) as now and places from a later day as later', () => {
    expect(freePlacesOf([place(2, '2026-01-01'), place(1, day, day), place(3, '2026-11-23'), place(4, '2027-08-01', '2028-07-31')], day)).toEqual({
      now: 3,
      later: 7,
    });
  });

  it('counts expired vacancies nowhere', () => {
    expect(freePlacesOf([place(9, '2026-01-01', '2026-11-21')], day)).toEqual({ now: 0, later: 0 });
  });
});
