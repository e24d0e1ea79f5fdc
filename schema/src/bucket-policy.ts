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
 * - **Secondary (complementary) suppression** (`margins`): a total is another answer's bucket (the
 *   municipality's total is the sum of its districts' buckets, a district's the sum of its age
 *   groups'), so a single suppressed bucket among the buckets that add up to a shown total could be
 *   recovered by subtraction. Each `margins` entry names the key fields (joined by `+`) that a
 *   coarser answer leaves out together; the buckets of one answer that agree on every other key
 *   form a line that adds up to one bucket of that coarser answer. In every line, a count that is
 *   suppressed in exactly one bucket is suppressed in a second one too: the one with the smallest
 *   count above 0 (ties: first in the answer's order), preferring a bucket that is not the only one
 *   above 0 in another of its lines (there it would equal a shown total); until no line has a
 *   single suppressed count. Within a bucket, the total (`suppressTotal`) is suppressed with any
 *   part, and a suppressed total takes its smallest part above 0 with it. A zero is never
 *   suppressed: a line whose other buckets are all 0 adds up to the suppressed count itself, which
 *   the coarser answer suppresses as well.
 * - **Ratios** (`ratios`, `"coverage=freePlaces/waiting"`): computed from the merged values
 *   (a ratio cannot be summed), two decimals; null when the divisor is 0 or an operand was suppressed.
 */
export interface BucketPolicy {
  suppress?: string[];
  suppressBelow?: number;
  /** The `suppress` field that sums the others: suppressed with any of them. */
  suppressTotal?: string;
  suppressedFlag?: string;
  /** Secondary suppression: key fields (`+`-joined) that a coarser answer leaves out, e.g. `district`, `municipality+district`. */
  margins?: string[];
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

/** One bucket of an answer as the suppression sees it: its key values and counts by field name. */
export interface PolicyBucket {
  key: (field: string) => unknown;
  value: (field: string) => unknown;
}

/**
 * The suppressed fields of every bucket of one answer (in the answer's order): primary
 * suppression per bucket, then secondary suppression along the policy's `margins` over the
 * answer's `keys` (see `BucketPolicy`). The coarser answers (each margin left out, in turn) are
 * summed from this one and decided first, coarsest first, each from its own counts and the
 * coarser ones only: so a coarser answer asked on its own is suppressed exactly as here, and a
 * bucket it suppresses never equals a sum of shown buckets here (its line keeps at least two
 * counts unknown). Deterministic: the same buckets give the same pattern.
 */
export function suppressedInAnswer(policy: BucketPolicy, keys: readonly string[], buckets: readonly PolicyBucket[]): Array<Set<string>> {
  const fields = policy.suppress ?? [];
  if (!policy.margins?.length || !fields.length) return buckets.map((bucket) => suppressedFields(policy, bucket.value));
  const margins = policy.margins.map((margin) => margin.split('+'));
  const grouped = new Set(keys.filter((key) => buckets.some((bucket) => (bucket.key(key) ?? null) !== null)));
  const parts = fields.filter((field) => field !== policy.suppressTotal);
  const numberOf = (value: unknown) => (typeof value === 'number' ? value : 0);
  interface Cell {
    key: unknown[];
    /** The key as text: ties are broken by it, so that every answer decides a coarser one alike whatever its order. */
    id: string;
    counts: Map<string, number>;
    suppressed: Set<string>;
  }
  const tables = new Map<string, Cell[]>();
  const keyOf = (bucket: PolicyBucket, kept: ReadonlySet<string>) => keys.map((key) => (kept.has(key) ? (bucket.key(key) ?? null) : null));
  /** The answer grouped by the `kept` keys, summed from this one, with its suppression decided. */
  const decide = (kept: ReadonlySet<string>): Cell[] => {
    const id = JSON.stringify(keys.filter((key) => kept.has(key) && grouped.has(key)));
    const done = tables.get(id);
    if (done) return done;
    const cells: Cell[] = [];
    const byKey = new Map<string, Cell>();
    for (const bucket of buckets) {
      const key = keyOf(bucket, kept);
      const cellId = JSON.stringify(key);
      let cell = byKey.get(cellId);
      if (!cell) {
        cell = { key, id: cellId, counts: new Map(fields.map((field) => [field, 0])), suppressed: new Set() };
        byKey.set(cellId, cell);
        cells.push(cell);
      }
      for (const field of fields) cell.counts.set(field, (cell.counts.get(field) ?? 0) + numberOf(bucket.value(field)));
    }
    cells.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const cell of cells) for (const field of suppressedFields(policy, (name) => cell.counts.get(name))) cell.suppressed.add(field);
    // The lines: per margin over keys grouped here, the cells adding up to one cell of the coarser answer.
    const lines: Array<{ cells: Cell[]; total: Cell }> = [];
    for (const margin of margins) {
      if (!margin.some((key) => kept.has(key) && grouped.has(key))) continue;
      const coarserKept = new Set([...kept].filter((key) => !margin.includes(key)));
      const coarser = new Map(decide(coarserKept).map((total) => [JSON.stringify(total.key), total]));
      const members = new Map<Cell, Cell[]>();
      for (const cell of cells) {
        const total = coarser.get(JSON.stringify(keys.map((key, index) => (coarserKept.has(key) ? cell.key[index] : null)))) as Cell;
        const line = members.get(total);
        if (line) line.push(cell);
        else members.set(total, [cell]);
      }
      for (const [total, line] of members) lines.push({ cells: line, total });
    }
    const count = (cell: Cell, field: string) => cell.counts.get(field) ?? 0;
    const linesOf = new Map<Cell, number[]>();
    lines.forEach((line, index) => {
      for (const cell of line.cells) {
        const of = linesOf.get(cell);
        if (of) of.push(index);
        else linesOf.set(cell, [index]);
      }
    });
    // Per line and field, its only cell above 0 (counts do not change; which totals are suppressed does).
    const alone = lines.map((line) =>
      Object.fromEntries(
        fields.map((field) => {
          const above = line.cells.filter((cell) => count(cell, field) > 0);
          return [field, above.length === 1 ? above[0] : undefined];
        }),
      ),
    );
    /** Whether the cell is the only one above 0 in one of its lines (but `except`) whose total is shown: it equals that total. */
    const exposed = (cell: Cell, field: string, except = -1) =>
      (linesOf.get(cell) ?? []).some((other) => other !== except && alone[other][field] === cell && !lines[other].total.suppressed.has(field));
    // A worklist: the lines (and cells) to look at again after a change, in a fixed order.
    const lineQueue = new Set<number>(lines.keys());
    const cellQueue = new Set<Cell>(cells);
    const add = (cell: Cell, field: string) => {
      if (cell.suppressed.has(field)) return;
      cell.suppressed.add(field);
      for (const line of linesOf.get(cell) ?? []) lineQueue.add(line);
      cellQueue.add(cell);
    };
    /** Hides one more count of the line: the smallest above 0, preferring one that equals no shown total elsewhere. */
    const hideOneMore = (line: number, field: string) => {
      const candidates = lines[line].cells
        .filter((cell) => !cell.suppressed.has(field) && count(cell, field) > 0)
        .sort((a, b) => count(a, field) - count(b, field) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const safe = candidates.find((cell) => !exposed(cell, field, line));
      if (candidates.length) add(safe ?? candidates[0], field);
      // Every candidate equals a shown total elsewhere: hide one more, so that two stay unknown.
      if (safe === undefined && candidates.length > 1) add(candidates[1], field);
    };
    const total = policy.suppressTotal;
    while (lineQueue.size || cellQueue.size) {
      for (const index of lineQueue) {
        lineQueue.delete(index);
        const line = lines[index];
        for (const field of fields) {
          // Unknown to a reader: suppressed, above 0, and not equal to a shown total.
          const hidden = line.cells.filter((cell) => cell.suppressed.has(field) && count(cell, field) > 0 && !exposed(cell, field)).length;
          // A suppressed total must not be the sum of shown counts; a shown one must not leave a single count unknown.
          if (hidden === 0 && line.total.suppressed.has(field)) hideOneMore(index, field);
          else if (hidden === 1) hideOneMore(index, field);
        }
      }
      for (const cell of cellQueue) {
        cellQueue.delete(cell);
        if (!total) continue;
        if (parts.some((part) => cell.suppressed.has(part))) add(cell, total);
        if (cell.suppressed.has(total) && !parts.some((part) => cell.suppressed.has(part))) {
          const smallest = parts.filter((part) => count(cell, part) > 0).sort((a, b) => count(cell, a) - count(cell, b))[0];
          if (smallest) add(cell, smallest);
        }
      }
    }
    tables.set(id, cells);
    return cells;
  };
  const all = new Set(keys);
  const own = new Map(decide(all).map((cell) => [JSON.stringify(cell.key), cell.suppressed]));
  return buckets.map((bucket) => own.get(JSON.stringify(keyOf(bucket, all))) as Set<string>);
}

/** Writes the policy's outcome into a bucket keyed by field names: suppressed counts null, the flag, the ratios. */
function withPolicy<T extends object>(policy: BucketPolicy, bucket: T, suppressed: Set<string>): T {
  const record = { ...bucket } as Record<string, unknown>;
  const read = (field: string) => (bucket as Record<string, unknown>)[field];
  for (const ratio of (policy.ratios ?? []).map(parseRatio))
    record[ratio.field] = suppressed.has(ratio.numerator) || suppressed.has(ratio.denominator) ? null : ratioValue(ratio, read);
  for (const field of suppressed) record[field] = null;
  if (policy.suppressedFlag) record[policy.suppressedFlag] = suppressed.size > 0;
  return record as T;
}

/** Applies the policy to a bucket keyed by field names, on its own (no secondary suppression). */
export function applyBucketPolicy<T extends object>(policy: BucketPolicy, bucket: T): T {
  return withPolicy(
    policy,
    bucket,
    suppressedFields(policy, (field) => (bucket as Record<string, unknown>)[field]),
  );
}

/** Applies the policy to a whole answer of buckets keyed by field names (a municipality's own answer), secondary suppression included. */
export function applyAnswerPolicy<T extends object>(policy: BucketPolicy, keys: readonly string[], buckets: readonly T[]): T[] {
  const read = (bucket: T) => (field: string) => (bucket as Record<string, unknown>)[field];
  const suppressed = suppressedInAnswer(
    policy,
    keys,
    buckets.map((bucket) => ({ key: read(bucket), value: read(bucket) })),
  );
  return buckets.map((bucket, index) => withPolicy(policy, bucket, suppressed[index]));
}
