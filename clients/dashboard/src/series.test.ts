import { describe, expect, it } from 'vitest';
import { seriesDays } from './series.js';

describe("the days of the year's time series", () => {
  it('are one a week back from today and each first of the month, within a year', () => {
    const { from, days } = seriesDays('2026-12-03');
    expect(from).toBe('2025-12-03');
    expect(days[0]).toBe('2025-12-04'); // 52 weeks back
    expect(days.at(-1)).toBe('2026-12-03');
    const firsts = days.filter((day: string) => day.endsWith('-01'));
    expect(firsts).toEqual([
      '2026-01-01',
      '2026-02-01',
      '2026-03-01',
      '2026-04-01',
      '2026-05-01',
      '2026-06-01',
      '2026-07-01',
      '2026-08-01',
      '2026-09-01',
      '2026-10-01',
      '2026-11-01',
      '2026-12-01',
    ]);
    const weekly = Array.from({ length: 53 }, (_, week) => new Date(Date.parse('2026-12-03T00:00:00Z') - week * 7 * 86_400_000).toISOString().slice(0, 10));
    expect(weekly.every((day) => days.includes(day))).toBe(true);
    // Nothing else: 53 weeks and the firsts that are not already a weekly day, about a sixth of a year's days.
    expect(days).toHaveLength(new Set([...weekly, ...firsts]).size);
    expect([...days].sort()).toEqual(days);
    expect(new Set(days).size).toBe(days.length);
  });
});
