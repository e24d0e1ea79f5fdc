import { describe, expect, it } from 'vitest';
import { applyAnswerPolicy, applyBucketPolicy, type BucketPolicy, parseRatio, suppressedFields } from './bucket-policy.js';

const policy: BucketPolicy = {
  suppress: ['children', 'waiting', 'placed'],
  suppressBelow: 5,
  suppressTotal: 'children',
  suppressedFlag: 'suppressed',
  ratios: ['coverage=freePlaces/waiting'],
};
const bucket = (waiting: number, placed: number, freePlaces = 10) => ({
  freePlaces,
  waiting,
  placed,
  children: waiting + placed,
  suppressed: false,
  coverage: 0,
});

describe('the bucket policy', () => {
  it('shows counts of 0 and of 5 or more, with the ratio from them', () => {
    expect(applyBucketPolicy(policy, bucket(8, 0))).toEqual({ freePlaces: 10, waiting: 8, placed: 0, children: 8, suppressed: false, coverage: 1.25 });
    expect(applyBucketPolicy(policy, bucket(0, 0))).toEqual({ freePlaces: 10, waiting: 0, placed: 0, children: 0, suppressed: false, coverage: null });
  });

  it('suppresses a small count and the total with it, so that neither follows from the rest', () => {
    expect(applyBucketPolicy(policy, bucket(30, 3))).toEqual({ freePlaces: 10, waiting: 30, placed: null, children: null, suppressed: true, coverage: 0.33 });
    expect(applyBucketPolicy(policy, bucket(4, 0))).toEqual({ freePlaces: 10, waiting: null, placed: 0, children: null, suppressed: true, coverage: null });
    expect(suppressedFields(policy, (field) => bucket(2, 2)[field as 'waiting'])).toEqual(new Set(['waiting', 'placed', 'children']));
  });

  it('refuses a ratio it cannot read', () => {
    expect(parseRatio('coverage=freePlaces/waiting')).toEqual({ field: 'coverage', numerator: 'freePlaces', denominator: 'waiting' });
    expect(() => parseRatio('coverage')).toThrow();
  });
});

describe('secondary suppression: no small count follows from a total by subtraction', () => {
  const keys = ['municipality', 'district', 'ageGroup', 'hoursBand'];
  const margins = ['district', 'municipality+district', 'ageGroup', 'hoursBand'];
  const withMargins: BucketPolicy = { ...policy, margins };
  type Row = Record<string, string | number | boolean | null>;
  // The groupings an analyst can ask for (DISTRICT implies MUNICIPALITY), coarsest first.
  const groupings = [
    [],
    ['municipality'],
    ['ageGroup'],
    ['hoursBand'],
    ['ageGroup', 'hoursBand'],
    ['municipality', 'district'],
    ['municipality', 'ageGroup'],
    ['municipality', 'hoursBand'],
    ['municipality', 'district', 'ageGroup'],
    ['municipality', 'district', 'hoursBand'],
  ];

  /** A small region with many small counts: 3 municipalities, 3 districts each, 3 age groups, 2 hours bands. */
  function region(seed: number, sparse = true): Row[] {
    let state = seed;
    const next = (limit: number) => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state % limit;
    };
    const rows: Row[] = [];
    for (const municipality of ['01001000', '01002000', '01003000'])
      for (const district of ['Nord', 'Mitte', 'Süd'])
        for (const ageGroup of ['UNDER_ONE', 'ONE_TO_THREE', 'THREE_TO_SIX'])
          for (const hoursBand of ['PART_TIME', 'FULL_TIME']) {
            const waiting = (sparse ? [0, 0, 1, 2, 3, 4, 6, 9] : [1, 2, 3, 4, 6, 9, 12, 20])[next(8)];
            const placed = (sparse ? [0, 0, 0, 1, 3, 5, 8] : [1, 1, 3, 5, 8, 13, 21])[next(7)];
            rows.push({ municipality, district, ageGroup, hoursBand, waiting, placed, children: waiting + placed, freePlaces: next(6) });
          }
    return rows;
  }

  /** The answer for a grouping: the rows summed by its keys (null for the others), buckets without children left out like the API does for empty ones. */
  function answer(rows: Row[], grouping: string[], answerPolicy: BucketPolicy): Row[] {
    const buckets = new Map<string, Row>();
    for (const row of rows) {
      const key = keys.map((field) => (grouping.includes(field) ? row[field] : null));
      const id = JSON.stringify(key);
      const bucket = buckets.get(id) ?? {
        ...Object.fromEntries(keys.map((field, index) => [field, key[index]])),
        waiting: 0,
        placed: 0,
        children: 0,
        freePlaces: 0,
      };
      for (const field of ['waiting', 'placed', 'children', 'freePlaces']) bucket[field] = (bucket[field] as number) + (row[field] as number);
      buckets.set(id, bucket);
    }
    return applyAnswerPolicy(
      answerPolicy,
      keys,
      [...buckets.values()].map((bucket) => ({ ...bucket, suppressed: false, coverage: 0 })),
    ) as Row[];
  }

  /**
   * The attacker: every answer's shown counts, the equations "a line adds up to the coarser
   * answer's bucket" and "children = waiting + placed", solved by substitution as long as some
   * equation has a single unknown. Returns the suppressed counts recovered, with their true values.
   */
  function attack(rows: Row[], answerPolicy: BucketPolicy, chained = true): Array<{ cell: string; value: number }> {
    const answers = groupings.map((grouping) => ({ grouping, buckets: answer(rows, grouping, answerPolicy), truth: answer(rows, grouping, {}) }));
    const known = new Map<string, number>();
    const truth = new Map<string, number>();
    const cell = (grouping: string[], bucket: Row, field: string) => JSON.stringify([grouping, keys.map((key) => bucket[key]), field]);
    for (const { grouping, buckets, truth: exact } of answers)
      buckets.forEach((bucket, index) => {
        for (const field of ['waiting', 'placed', 'children']) {
          truth.set(cell(grouping, bucket, field), exact[index][field] as number);
          if (bucket[field] !== null) known.set(cell(grouping, bucket, field), bucket[field] as number);
        }
      });
    const equations: Array<{ total: string; parts: string[] }> = [];
    for (const { grouping, buckets } of answers) {
      for (const bucket of buckets)
        equations.push({ total: cell(grouping, bucket, 'children'), parts: [cell(grouping, bucket, 'waiting'), cell(grouping, bucket, 'placed')] });
      for (const margin of margins) {
        const coarser = grouping.filter((key) => !margin.split('+').includes(key));
        if (coarser.length === grouping.length) continue;
        for (const field of ['waiting', 'placed', 'children'])
          for (const total of answers.find((other) => JSON.stringify(other.grouping) === JSON.stringify(coarser))?.buckets ?? []) {
            const line = buckets.filter((bucket) => coarser.every((key) => bucket[key] === total[key]));
            equations.push({ total: cell(coarser, total, field), parts: line.map((bucket) => cell(grouping, bucket, field)) });
          }
      }
    }
    const recovered: Array<{ cell: string; value: number }> = [];
    const shown = new Set(known.keys()); // without chaining, only what the answers show
    for (let progress = true; progress; ) {
      progress = false;
      for (const { total, parts } of equations) {
        if (!chained && [total, ...parts].filter((name) => !shown.has(name)).length !== 1) continue;
        const unknown = [total, ...parts].filter((name) => !known.has(name));
        if (unknown.length !== 1) continue;
        const sumOfParts = parts.reduce((sum, name) => sum + (known.get(name) ?? 0), 0);
        const value = unknown[0] === total ? sumOfParts : (known.get(total) as number) - sumOfParts;
        known.set(unknown[0], value);
        expect(value).toBe(truth.get(unknown[0])); // the attacker's arithmetic is right
        recovered.push({ cell: unknown[0], value });
        progress = chained;
      }
    }
    return recovered;
  }

  const small = (found: Array<{ value: number }>) => found.filter(({ value }) => value >= 1 && value <= 4);

  it('without it, subtracting shown parts from totals recovers small counts (the leak)', () => {
    expect(small(attack(region(7), policy)).length).toBeGreaterThan(0);
  });

  const seeds = Array.from({ length: 40 }, (_, index) => index + 1);

  it.each(seeds)(
    'with it, subtracting the shown parts from a shown total recovers no value 1–4 at any level: region total vs municipalities, municipality vs districts, district vs age groups and hours bands (sparse region %i)',
    (seed) => {
      const rows = region(seed);
      expect(small(attack(rows, withMargins, false))).toEqual([]);
      const byDistrict = answer(rows, ['municipality', 'district'], withMargins);
      expect(byDistrict.some((bucket) => bucket.suppressed === false)).toBe(true);
    },
  );

  it.each(seeds)(
    'with it, chaining subtractions across the answers (a recovered count used for the next) recovers no value 1–4 either (region %i without empty buckets)',
    (seed) => {
      expect(small(attack(region(seed, false), withMargins))).toEqual([]);
    },
  );

  it('in a line with one small count, the next smallest count above 0 is suppressed too, and the total with it', () => {
    const rows: Row[] = [
      { municipality: 'A', district: 'Nord', waiting: 3, placed: 0, children: 3 },
      { municipality: 'A', district: 'Mitte', waiting: 7, placed: 0, children: 7 },
      { municipality: 'A', district: 'Süd', waiting: 20, placed: 0, children: 20 },
      { municipality: 'A', district: 'Ost', waiting: 0, placed: 0, children: 0 },
    ].map((row) => ({ ...row, ageGroup: null, hoursBand: null, freePlaces: 5, suppressed: false, coverage: 0 }));
    const shown = applyAnswerPolicy(withMargins, keys, rows);
    expect(shown.map((bucket) => [bucket.waiting, bucket.children, bucket.suppressed, bucket.coverage])).toEqual([
      [null, null, true, null],
      [null, null, true, null],
      [20, 20, false, 0.25],
      [0, 0, false, null],
    ]);
  });
});
