import { decodeCursor, encodeCursor, type FanOutClaimValue, type FanOutSpec, parseRatio, ratioValue, suppressedInAnswer } from '@kita/schema';
import { type FieldNode, type GraphQLFormattedError, Kind } from 'graphql';
import { claimsAlias, cursorAlias, edgesAlias, internalPrefix, keyAlias, pageInfoAlias, policyInputs, sortAlias, valueAlias } from './operation.js';

/** One municipality's answer for one root field. */
export interface Part {
  municipality: string;
  value: unknown;
}

/**
 * A connection position per municipality: its last cursor, whether it has no more, and its
 * total (so that `totalCount` stays right on pages that no longer ask it).
 */
export type Positions = Record<string, { cursor: string | null; done: boolean; total?: number }>;

const compositePrefix = 'm1.';

export function encodePositions(positions: Positions): string {
  const compact = Object.fromEntries(
    Object.entries(positions).map(([key, position]) => [
      key,
      position.total === undefined ? [position.cursor, position.done ? 1 : 0] : [position.cursor, position.done ? 1 : 0, position.total],
    ]),
  );
  return compositePrefix + Buffer.from(JSON.stringify(compact), 'utf8').toString('base64url');
}

/** `undefined` when the text is not a cursor this gateway made. */
export function decodePositions(cursor: string): Positions | undefined {
  if (!cursor.startsWith(compositePrefix)) return undefined;
  try {
    const compact = JSON.parse(Buffer.from(cursor.slice(compositePrefix.length), 'base64url').toString('utf8')) as Record<string, unknown>;
    if (typeof compact !== 'object' || compact === null || Array.isArray(compact)) return undefined;
    const positions: Positions = {};
    for (const [key, entry] of Object.entries(compact)) {
      if (!Array.isArray(entry) || (entry[0] !== null && typeof entry[0] !== 'string')) return undefined;
      positions[key] = { cursor: entry[0], done: entry[1] === 1, ...(typeof entry[2] === 'number' ? { total: entry[2] } : {}) };
    }
    return positions;
  } catch {
    return undefined;
  }
}

/** Sort keys compare element by element: numbers numerically, everything else as strings. */
export function compareKeys(a: readonly unknown[], b: readonly unknown[]): number {
  for (let index = 0; index < Math.max(a.length, b.length); index += 1) {
    const x = a[index] ?? null;
    const y = b[index] ?? null;
    if (x === y) continue;
    if (x === null) return -1;
    if (y === null) return 1;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    const sx = String(x);
    const sy = String(y);
    if (sx !== sy) return sx < sy ? -1 : 1;
  }
  return 0;
}

/**
 * An edge's sort key (`decodeCursor` of its cursor), decoded once per edge object: routing by
 * geography reads a page's keys before the merge does, and the merge decodes only the edges it
 * compares.
 */
const decodedKey = Symbol('decoded sort key');
export function edgeKey(edge: Record<string, string>): unknown[] {
  // Kept on the parsed edge under a symbol: neither the answer nor `stripInternal` ever shows it.
  const holder = edge as Record<string, string> & { [decodedKey]?: unknown[] };
  let key = holder[decodedKey];
  if (!key) holder[decodedKey] = key = decodeCursor(edge[cursorAlias]);
  return key;
}

const byMunicipality = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Removes everything the router added to a subgraph query. A value is parsed JSON that nobody
 * else holds, so what has nothing to remove is returned as it is (no copy): a page of 20
 * facilities with their vacancies was copied object by object on every request.
 */
export function stripInternal(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    let result: unknown[] | undefined;
    for (let index = 0; index < value.length; index += 1) {
      const inner = value[index];
      const stripped = stripInternal(inner);
      if (stripped !== inner) (result ??= value.slice())[index] = stripped;
    }
    return result ?? value;
  }
  const record = value as Record<string, unknown>;
  let result: Record<string, unknown> | undefined;
  for (const key in record) {
    if (key.startsWith(internalPrefix)) {
      result ??= copyUntil(record, key);
      continue;
    }
    const inner = record[key];
    const stripped = stripInternal(inner);
    if (!result && stripped !== inner) result = copyUntil(record, key);
    if (result) result[key] = stripped;
  }
  return result ?? record;
}

/** The keys of a record before `stop`, in order (what `stripInternal` keeps before its first change). */
function copyUntil(record: Record<string, unknown>, stop: string): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const key in record) {
    if (key === stop) break;
    copy[key] = record[key];
  }
  return copy;
}

const aliasOf = (node: FieldNode) => node.alias?.value ?? node.name.value;
/**
 * The fields a field selects. The merge reads resolved fields only (`resolvedField`, as the router
 * hands them over: fragments resolved into fields), and refuses anything else: a count asked in a
 * fragment that the merge did not see would go out unsummed and unsuppressed.
 */
const subfields = (node: FieldNode | undefined): FieldNode[] =>
  (node?.selectionSet?.selections ?? []).map((selection) => {
    if (selection.kind !== Kind.FIELD) throw new Error('The merge needs a resolved selection (resolvedField), without fragments.');
    return selection;
  });

export interface ConnectionMerge {
  /** Always a connection, possibly empty (the router answers null itself when no municipality delivered its part). */
  value: Record<string, unknown>;
  /** Positions after the page; `endCursor`. */
  positions: Positions;
}

/**
 * Merges connection pages of several municipalities in cursor order (ties by municipality),
 * cuts to `first`, and gives every cursor the position of each municipality at that edge.
 *
 * `missing`: municipalities that were asked and delivered no part (failed, or answered the field
 * with null and an error). The answer says so honestly: `totalCount` is null and
 * `missingMunicipalities` names them. Their position in every cursor is the sort key of that
 * edge (a connection's cursor is `encodeCursor(sortKey)`, see fan-out.ts), so a later page asks
 * them from there: once they answer again, the listing continues in order without repeating
 * what the client has already seen. They do not keep `hasNextPage` open (a client that reads to
 * the end would otherwise loop while a municipality is down).
 */
export function mergeConnection(node: FieldNode, parts: Part[], first: number, incoming: Positions, missing: readonly string[] = []): ConnectionMerge {
  const positions: Positions = { ...incoming };
  // Until an edge is picked, a missing municipality stays where it was (from the start on a first page).
  for (const municipality of missing) positions[municipality] = { cursor: incoming[municipality]?.cursor ?? null, done: false };
  const present = parts.filter((part) => part.value && typeof part.value === 'object') as Array<{ municipality: string; value: Record<string, any> }>;
  // Keys are decoded when compared: a page of `first` from many municipalities reads few of their edges.
  const queues = present.map((part) => {
    const edges = (part.value[edgesAlias] ?? []) as Array<Record<string, string>>;
    return {
      municipality: part.municipality,
      value: part.value,
      edges,
      next: 0,
    };
  });
  const picked: Array<{ queue: (typeof queues)[number]; index: number; positions: Positions }> = [];
  // A municipality whose page ran out but that has more could hold the next edge: stop there.
  const ranOutWithMore = (queue: (typeof queues)[number]) => queue.next >= queue.edges.length && Boolean(queue.value[pageInfoAlias]?.hasNextPage);
  // Each edge's own cursor holds the positions at that edge: kept only when the client selected it.
  const edgeCursors = subfields(node).some(
    (selection) => selection.name.value === 'edges' && subfields(selection).some((inner) => inner.name.value === 'cursor'),
  );
  while (picked.length < first && !queues.some(ranOutWithMore)) {
    let best: (typeof queues)[number] | undefined;
    for (const queue of queues) {
      if (queue.next >= queue.edges.length) continue;
      if (!best) best = queue;
      else {
        const order = compareKeys(edgeKey(queue.edges[queue.next]), edgeKey(best.edges[best.next])) || byMunicipality(queue.municipality, best.municipality);
        if (order < 0) best = queue;
      }
    }
    if (!best) break;
    const head = best.edges[best.next];
    positions[best.municipality] = { ...positions[best.municipality], cursor: head[cursorAlias], done: false };
    for (const municipality of missing) positions[municipality] = { cursor: encodeCursor(edgeKey(head)), done: false };
    picked.push({ queue: best, index: best.next, positions: edgeCursors ? { ...positions } : positions });
    best.next += 1;
  }
  const totalAliases = subfields(node)
    .filter((selection) => selection.name.value === 'totalCount')
    .map(aliasOf);
  let hasNextPage = false;
  for (const queue of queues) {
    const exhausted = queue.next >= queue.edges.length && !queue.value[pageInfoAlias]?.hasNextPage;
    const total = totalAliases.length ? Number(queue.value[totalAliases[0]]) : positions[queue.municipality]?.total;
    positions[queue.municipality] = {
      cursor: positions[queue.municipality]?.cursor ?? null,
      done: exhausted,
      ...(total !== undefined && !Number.isNaN(total) ? { total } : {}),
    };
    if (!exhausted) hasNextPage = true;
  }
  // Municipalities that were done before this page still count towards the total; one whose
  // total nobody asked on that page, or one that is missing now, leaves the total unknown.
  const askedNow = new Set(queues.map((queue) => queue.municipality));
  const earlier = Object.entries(incoming).filter(([key, position]) => !askedNow.has(key) && !missing.includes(key) && position.done);
  const earlierTotals = earlier.reduce((sum, [, position]) => sum + (position.total ?? 0), 0);
  const totalKnown = missing.length === 0 && earlier.every(([, position]) => position.total !== undefined);
  if (picked.length) picked[picked.length - 1].positions = { ...positions };

  const result: Record<string, unknown> = {};
  for (const selection of subfields(node)) {
    const alias = aliasOf(selection);
    if (alias.startsWith(internalPrefix)) continue;
    switch (selection.name.value) {
      case 'edges': {
        // Asked under a condition that did not hold (`@include(if: false)`): not in the answers, not in the merge.
        if (present.length && !present.some((part) => Array.isArray(part.value[alias]))) break;
        const cursorAliases = subfields(selection)
          .filter((inner) => inner.name.value === 'cursor')
          .map(aliasOf);
        result[alias] = picked.map(({ queue, index, positions: at }) => {
          const edge = stripInternal((queue.value[alias] as Array<Record<string, unknown>>)[index]) as Record<string, unknown>;
          if (!cursorAliases.length) return edge;
          // The subgraph's own cursor is replaced by the positions of every municipality at this edge.
          const withCursors = { ...edge };
          for (const cursor of cursorAliases) withCursors[cursor] = encodePositions(at);
          return withCursors;
        });
        break;
      }
      case 'pageInfo': {
        const info: Record<string, unknown> = {};
        for (const inner of subfields(selection)) {
          const innerAlias = aliasOf(inner);
          if (inner.name.value === 'hasNextPage') info[innerAlias] = hasNextPage;
          else if (inner.name.value === 'endCursor') info[innerAlias] = Object.keys(positions).length ? encodePositions(positions) : null;
          else if (inner.name.value === '__typename') info[innerAlias] = 'PageInfo';
          else info[innerAlias] = (present[0]?.value[alias] as Record<string, unknown> | null)?.[innerAlias] ?? null;
        }
        result[alias] = info;
        break;
      }
      case 'totalCount':
        result[alias] = totalKnown ? present.reduce((sum, part) => sum + (Number(part.value[alias]) || 0), earlierTotals) : null;
        break;
      case 'missingMunicipalities':
        result[alias] = [...missing].sort(byMunicipality);
        break;
      default:
        result[alias] = selection.name.value === '__typename' ? (present[0]?.value[alias] ?? null) : stripInternal(present[0]?.value[alias] ?? null);
    }
  }
  return { value: result, positions };
}

/** Lists merged by the declared sort fields (ties by municipality), cut to `limit`. */
export function mergeOrdered(spec: FanOutSpec, parts: Part[], limit: number | undefined): unknown[] {
  const items = parts.flatMap((part) =>
    ((Array.isArray(part.value) ? part.value : []) as Array<Record<string, unknown>>).map((item) => ({
      municipality: part.municipality,
      item,
      key: (spec.sortBy ?? []).map((_, index) => item?.[sortAlias(index)]),
    })),
  );
  items.sort((a, b) => compareKeys(a.key, b.key) || byMunicipality(a.municipality, b.municipality));
  return items.slice(0, limit ?? items.length).map(({ item }) => stripInternal(item));
}

/**
 * Statistics buckets with equal key fields summed field by field (key fields themselves are
 * not summed), ordered by the keys: enum keys in their declared order (`keyOrder`), others
 * as values. With `distinct` claims (see `FanOutSpec`), the distinct fields are not summed but
 * counted: every token once, in the bucket of its lowest weight (ties: the bucket first in key
 * order), for the fields its claim tallies.
 */
export function mergeSum(spec: FanOutSpec, parts: Part[], node?: FieldNode, keyOrder: Array<string[] | undefined> = []): unknown[] {
  const keyNames = new Set(spec.keys ?? []);
  const distinct = new Set(spec.claims ? (spec.distinct ?? []) : []);
  const keyAliases = new Set(
    subfields(node)
      .filter((selection) => keyNames.has(selection.name.value))
      .map(aliasOf),
  );
  const distinctAliases = new Map<string, string[]>(); // field name → aliases the client asked for
  for (const selection of subfields(node)) {
    if (distinct.has(selection.name.value))
      distinctAliases.set(selection.name.value, [...(distinctAliases.get(selection.name.value) ?? []), aliasOf(selection)]);
  }
  // The bucket policy's inputs, under internal aliases: counted like the client's own fields.
  const inputs = policyInputs(spec);
  const inputAliases = new Set(inputs.map(valueAlias));
  for (const name of inputs) if (distinct.has(name)) distinctAliases.set(name, [...(distinctAliases.get(name) ?? []), valueAlias(name)]);
  const counted = new Set([...distinctAliases.values()].flat());
  const rank = (position: number, value: unknown) => {
    const order = keyOrder[position];
    const found = order ? order.indexOf(String(value)) : -1;
    return found >= 0 ? found : value;
  };
  const buckets = new Map<string, { key: unknown[]; sortKey: unknown[]; item: Record<string, unknown> }>();
  const claims: Array<{ bucket: string; claim: FanOutClaimValue }> = [];
  for (const part of parts) {
    for (const item of (Array.isArray(part.value) ? part.value : []) as Array<Record<string, unknown>>) {
      const keyValues = (spec.keys ?? []).map((_, index) => item[keyAlias(index)]);
      const id = JSON.stringify(keyValues);
      for (const claim of (item[claimsAlias] ?? []) as FanOutClaimValue[]) claims.push({ bucket: id, claim });
      const bucket = buckets.get(id);
      if (!bucket) {
        const copy = { ...item };
        for (const alias of counted) copy[alias] = 0;
        buckets.set(id, { key: keyValues, sortKey: keyValues.map((value, position) => rank(position, value)), item: copy });
        continue;
      }
      for (const [field, value] of Object.entries(item)) {
        if (keyAliases.has(field) || (field.startsWith(internalPrefix) && !inputAliases.has(field))) continue;
        if (typeof value === 'number' && typeof bucket.item[field] === 'number' && !counted.has(field)) {
          bucket.item[field] = (bucket.item[field] as number) + value;
        }
      }
    }
  }
  if (distinct.size) {
    const winners = new Map<string, { bucket: string; claim: FanOutClaimValue }>();
    for (const candidate of claims) {
      const held = winners.get(candidate.claim.token);
      if (
        !held ||
        candidate.claim.weight < held.claim.weight ||
        (candidate.claim.weight === held.claim.weight && compareKeys(buckets.get(candidate.bucket)!.sortKey, buckets.get(held.bucket)!.sortKey) < 0)
      ) {
        winners.set(candidate.claim.token, candidate);
      }
    }
    for (const { bucket, claim } of winners.values()) {
      const item = buckets.get(bucket)!.item;
      for (const field of claim.tally) for (const alias of distinctAliases.get(field) ?? []) item[alias] = (item[alias] as number) + 1;
    }
  }
  const sorted = [...buckets.values()].sort((a, b) => compareKeys(a.sortKey, b.sortKey));
  if (inputs.length) {
    const keys = spec.keys ?? [];
    const suppressed = suppressedInAnswer(
      spec,
      keys,
      sorted.map(({ key, item }) => ({ key: (field) => key[keys.indexOf(field)], value: (field) => item[valueAlias(field)] })),
    );
    sorted.forEach(({ item }, index) => applyPolicy(spec, node, item, suppressed[index]));
  }
  return sorted.map(({ item }) => stripInternal(item));
}

/**
 * The bucket policy on a merged bucket (see `BucketPolicy`): its suppressed counts (primary and
 * secondary, decided over the whole answer by `suppressedInAnswer`) null and ratios computed from
 * the merged values, whatever the client selected; written to the client's aliases.
 */
function applyPolicy(spec: FanOutSpec, node: FieldNode | undefined, item: Record<string, unknown>, suppressed: Set<string>): void {
  const read = (name: string) => item[valueAlias(name)];
  const aliases = (name: string) =>
    subfields(node)
      .filter((selection) => selection.name.value === name)
      .map(aliasOf);
  for (const ratio of (spec.ratios ?? []).map(parseRatio)) {
    const value = suppressed.has(ratio.numerator) || suppressed.has(ratio.denominator) ? null : ratioValue(ratio, read);
    for (const alias of aliases(ratio.field)) item[alias] = value;
  }
  for (const name of suppressed) for (const alias of aliases(name)) item[alias] = null;
  if (spec.suppressedFlag) for (const alias of aliases(spec.suppressedFlag)) item[alias] = suppressed.size > 0;
}

/** Lists concatenated in registry order; single values: the first that is not null. */
export function mergeConcat(parts: Part[]): unknown {
  if (parts.some((part) => Array.isArray(part.value))) return parts.flatMap((part) => (Array.isArray(part.value) ? part.value : []));
  return parts.find((part) => part.value !== null && part.value !== undefined)?.value ?? null;
}

type MunicipalError = GraphQLFormattedError & { extensions?: Record<string, unknown> };

/**
 * One error for one mistake: errors that several municipalities answered alike (same message,
 * path and extensions but for `municipality`: a validation error that every instance returns)
 * become one, at the place of the first, whose `extensions.municipalities` lists them all in the
 * order they came; `municipality` stays only when there is one. MUNICIPALITY_UNAVAILABLE names
 * its municipality in the message, so each stays an error of its own. `anyPath`: alike whatever
 * their paths (an entity fetch: the same refusal for every entity is one error, at the first).
 */
export function mergeErrors<E extends MunicipalError>(errors: readonly E[], options: { anyPath?: boolean } = {}): E[] {
  const groups = new Map<string, { error: E; municipalities: string[] }>();
  for (const error of errors) {
    const { municipality, municipalities, ...rest } = error.extensions ?? {};
    const named = [...(typeof municipality === 'string' ? [municipality] : []), ...(Array.isArray(municipalities) ? municipalities.map(String) : [])];
    const key = JSON.stringify([error.message, options.anyPath ? null : (error.path ?? null), rest]);
    const group = groups.get(key);
    if (!group) groups.set(key, { error, municipalities: named });
    else for (const name of named) if (!group.municipalities.includes(name)) group.municipalities.push(name);
  }
  return [...groups.values()].map(({ error, municipalities }) => {
    if (municipalities.length < 2) return error;
    const { municipality: _one, ...extensions } = error.extensions ?? {};
    return { ...error, extensions: { ...extensions, municipalities } };
  });
}
