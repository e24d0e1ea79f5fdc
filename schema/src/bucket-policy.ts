/**
 * What the gateway does to a SUM-merged statistics bucket after merging every municipality
 * (declared in `@fanOut` next to the field, see `FanOutSpec`), and what a municipality does to
 * its own buckets when someone other than the gateway asks:
 *
 * - **Small-number suppression** (`suppress`, `suppressBelow`, `suppressTotal`, `suppressedFlag`):
 *   each `suppress` field that lies between 1 and `suppressBelow - 1` becomes null; the
 *   `suppressTotal` field (the sum of the others: children = waiting + placed) becomes null with
 *   any of them, so that no suppressed count follows from the shown ones; the flag field is true
 *   when anything was suppressed. Decided after the merge: a municipality's own small count may be
 *   part of a large regional one, and a distinct count is only known after the merge.
 * - **Ratios** (`ratios`, `"coverage=freePlaces/waiting"`): computed from the merged values
 *   (a ratio cannot be summed), two decimals; null when the divisor is 0 or an operand was suppressed.
 */
export interface BucketPolicy {
  suppress?: string[];
  suppressBelow?: number;
  /** The `suppress` field that sums the others: suppressed with any of them. */
  suppressTotal?: string;
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

/** The fields of a bucket with these values that the policy suppresses (empty: none). */
export function suppressedFields(policy: BucketPolicy, value: (field: string) => unknown): Set<string> {
  const below = policy.suppressBelow ?? 0;
  const small = (policy.suppress ?? []).filter((field) => {
    const count = value(field);
    return typeof count === 'number' && count > 0 && count < below;
  });
  const fields = new Set(small);
  if (fields.size && policy.suppressTotal) fields.add(policy.suppressTotal);
  return fields;
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
  const suppressed = suppressedFields(policy, read);
  for (const ratio of (policy.ratios ?? []).map(parseRatio))
    record[ratio.field] = suppressed.has(ratio.numerator) || suppressed.has(ratio.denominator) ? null : ratioValue(ratio, read);
  for (const field of suppressed) record[field] = null;
  if (policy.suppressedFlag) record[policy.suppressedFlag] = suppressed.size > 0;
  return record as T;
}
