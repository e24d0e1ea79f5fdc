/**
 * What the gateway does to a SUM-merged statistics bucket after merging every municipality
 * (declared in `@fanOut` next to the field, see `FanOutSpec`), and what a municipality does to
 * its own buckets when someone other than the gateway asks:
 *
 * - **Small-number suppression** (`suppress`, `suppressBelow`, `suppressedFlag`): when any of the
 *   `suppress` fields lies between 1 and `suppressBelow - 1`, all of them become null and the
 *   flag field true (false otherwise). All together, because each follows from the others
 *   (children = waiting + placed). Decided after the merge: a municipality's own small count
 *   may be part of a large regional one, and a distinct count is only known after the merge.
 * - **Ratios** (`ratios`, `"coverage=freePlaces/waiting"`): computed from the merged values
 *   (a ratio cannot be summed), two decimals; null when the divisor is 0 or was suppressed.
 */
export interface BucketPolicy {
  suppress?: string[];
  suppressBelow?: number;
  suppressedFlag?: string;
  ratios?: string[];
}

export interface Ratio {
  field: string;
  numerator: string;
  denominator: string;
}

/** `"coverage=freePlaces/waiting"` → its parts; throws on another shape (a declaration mistake). */
export function parseRatio(text: string): Ratio {
  const match = /^(\w+)=(\w+)\/(\w+)$/.exec(text);
  if (!match) throw new Error(`@fanOut ratio "${text}" is not "field=numerator/denominator"`);
  return { field: match[1], numerator: match[2], denominator: match[3] };
}

/** Whether a bucket with these values is suppressed by the policy. */
export function isSuppressed(policy: BucketPolicy, value: (field: string) => unknown): boolean {
  const below = policy.suppressBelow ?? 0;
  return (policy.suppress ?? []).some((field) => {
    const count = value(field);
    return typeof count === 'number' && count > 0 && count < below;
  });
}

/** The ratio's value from the bucket's values (null: no divisor). */
export function ratioValue(ratio: Ratio, value: (field: string) => unknown): number | null {
  const numerator = value(ratio.numerator);
  const denominator = value(ratio.denominator);
  if (typeof numerator !== 'number' || typeof denominator !== 'number' || denominator === 0) return null;
  return Math.round((numerator / denominator) * 100) / 100;
}

/** Applies the policy to a bucket keyed by field names (a municipality's own answer). */
export function applyBucketPolicy<T extends object>(policy: BucketPolicy, bucket: T): T {
  const record = { ...bucket } as Record<string, unknown>;
  const read = (field: string) => (bucket as Record<string, unknown>)[field];
  const suppressed = isSuppressed(policy, read);
  for (const ratio of (policy.ratios ?? []).map(parseRatio)) record[ratio.field] = suppressed ? null : ratioValue(ratio, read);
  if (suppressed) for (const field of policy.suppress ?? []) record[field] = null;
  if (policy.suppressedFlag) record[policy.suppressedFlag] = suppressed;
  return record as T;
}
