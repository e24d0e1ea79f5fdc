import { describe, expect, it } from 'vitest';
import { applyBucketPolicy, type BucketPolicy, parseRatio, suppressedFields } from './bucket-policy.js';

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
