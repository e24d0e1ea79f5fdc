import { boundSlackMetres, type GeoPoint, type Registry } from '@kita/registry';
import { decodeCursor } from '@kita/schema';
import type { FieldNode, OperationDefinitionNode } from 'graphql';
import { areaIndex, type IndexedBound } from './area-index.js';
import { compareKeys, edgeKey, type Part, type Positions } from './merge.js';
import {
  type AnalyzedOperation,
  collectFields,
  edgesAlias,
  fragmentsOf,
  mapRootFields,
  pageInfoAlias,
  type RootField,
  restrictOperation,
  withOperation,
} from './operation.js';
import type { RootFieldInfo } from './supergraph-info.js';

/**
 * Fan-out by geography. A root field with a point (`GeoPointInput`, see `GeoArguments`) and
 * a radius asks only the municipalities whose registry area the circle may touch; a
 * connection ordered by `DISTANCE` asks the nearest municipalities first and more only when
 * they could hold a nearer facility than the page's last one. The lower bound of every
 * facility's distance is the distance from the point to its municipality's area
 * (`distanceToAreaMetres`, compared with slack for rounding); an entry without an area has
 * bound 0 and is always asked. Answers are the same as asking everyone.
 */

/** A first page of a DISTANCE-ordered connection also asks municipalities up to this much farther than the nearest. */
export const initialReachMetres = 5_000;

/** A municipality with the lower bound (metres) of its facilities' distance from the point. */
export interface Bounded {
  municipality: string;
  bound: number;
}

/**
 * Targets nearest first (ties in target order), produced only as far as they are read: a page
 * usually needs the first few of hundreds, and the spatial index (`AreaIndex`) finds those
 * without measuring every area.
 */
export class NearestOrder implements Iterable<Bounded> {
  private readonly taken: Bounded[] = [];
  private exhausted = false;

  constructor(private readonly next: () => Bounded | undefined) {}

  static of(entries: Bounded[]): NearestOrder {
    let index = 0;
    return new NearestOrder(() => entries[index++]);
  }

  /** The entry at this place of the order, if there is one. */
  at(place: number): Bounded | undefined {
    while (this.taken.length <= place && !this.exhausted) {
      const entry = this.next();
      if (entry) this.taken.push(entry);
      else this.exhausted = true;
    }
    return this.taken[place];
  }

  *[Symbol.iterator](): Iterator<Bounded> {
    for (let place = 0; ; place += 1) {
      const entry = this.at(place);
      if (!entry) return;
      yield entry;
    }
  }

  /** The whole order (measures every area). */
  all(): Bounded[] {
    this.at(Number.POSITIVE_INFINITY);
    return this.taken;
  }
}

export interface NearestFirst {
  point: GeoPoint;
  /** Every target, nearest first (ties in target order), with the lower bound of its facilities' distance (metres). */
  order: NearestOrder;
  /** The municipalities a first page asks at once; the others only when needed. */
  initial: string[];
}

export interface GeographicSelection {
  /** Every municipality that may be asked. */
  targets: string[];
  /** For a connection ordered by DISTANCE: the order to ask them in. */
  nearestFirst?: NearestFirst;
}

const isPoint = (value: unknown): value is GeoPoint => {
  const point = value as GeoPoint | null;
  return (
    typeof point === 'object' &&
    point !== null &&
    typeof point.latitude === 'number' &&
    typeof point.longitude === 'number' &&
    point.latitude >= -90 &&
    point.latitude <= 90 &&
    point.longitude >= -180 &&
    point.longitude <= 180
  );
};

/** Whether a bound already measured may hold a facility at most `limit` metres away (`mayBeWithin`'s slack). */
const within = (bound: number, limit: number) => !(bound - boundSlackMetres(bound) > limit);

/**
 * Narrows a query field's targets by geography, when its arguments give a valid point with a
 * positive radius or a DISTANCE order. Anything unreadable leaves the targets as they are (the
 * municipalities then report the mistake). At least one target stays, so that a mistake in any
 * other argument is still reported and the field is still answered.
 */
export function geographicSelection(
  registry: Registry,
  targets: string[],
  info: RootFieldInfo | undefined,
  argument: (name: string) => unknown,
): GeographicSelection {
  const geo = info?.geo;
  if (!geo || targets.length === 0) return { targets };
  const point = argument(geo.near);
  if (!isPoint(point)) return { targets };
  let radius: unknown;
  if (geo.radiusKm) {
    const [head, ...rest] = geo.radiusKm;
    radius = rest.reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), argument(head));
  }
  const radiusMetres = typeof radius === 'number' && Number.isFinite(radius) && radius > 0 ? radius * 1000 : undefined;
  const nearest = info?.fanOut?.merge === 'CONNECTION' && geo.order !== undefined && argument(geo.order) === 'DISTANCE';
  if (radiusMetres === undefined && !nearest) return { targets };

  const next = areaIndex(registry, targets).nearestFirst(point);
  if (radiusMetres === undefined) {
    const order = new NearestOrder(() => strip(next()));
    return { targets, nearestFirst: { point, order, initial: firstRound(order, {}) } };
  }
  // With a radius: the prefix of the order that the circle may touch (`mayBeWithin` on the bound), at least the nearest.
  const reached: IndexedBound[] = [];
  for (let entry = next(); entry && (reached.length === 0 || within(entry.bound, radiusMetres)); entry = next()) reached.push(entry);
  const inTargetOrder = [...reached].sort((a, b) => a.index - b.index).map((entry) => entry.municipality);
  if (!nearest) return { targets: inTargetOrder };
  const order = NearestOrder.of(reached.map((entry) => ({ municipality: entry.municipality, bound: entry.bound })));
  return { targets: inTargetOrder, nearestFirst: { point, order, initial: firstRound(order, {}) } };
}

const strip = (entry: IndexedBound | undefined): Bounded | undefined => entry && { municipality: entry.municipality, bound: entry.bound };

/** Distance in metres of a municipality's position (its cursor's sort key), when it is a distance. */
function positionDistance(cursor: string | null): number | undefined {
  if (!cursor) return undefined;
  try {
    const key = decodeCursor(cursor)[0];
    return typeof key === 'number' ? key : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The municipalities a page asks at once: those not done whose bound is within
 * `initialReachMetres` of the nearest one's, or of where the page starts (the farthest
 * position in the cursor), at least one.
 */
export function firstRound(order: NearestOrder, positions: Positions): string[] {
  const open = (entry: Bounded) => !positions[entry.municipality]?.done;
  let start = 0;
  for (const position of Object.values(positions)) start = Math.max(start, positionDistance(position.cursor) ?? 0);
  const picked: string[] = [];
  let threshold: number | undefined;
  for (const entry of order) {
    if (!open(entry)) continue;
    threshold ??= Math.max(start, entry.bound) + initialReachMetres;
    // The order is nearest first: the first beyond the threshold ends the round (the nearest open one is always taken).
    if (entry.bound > threshold) break;
    picked.push(entry.municipality);
  }
  return picked;
}

/**
 * Where the merged page of these parts ends: `limit`, the sort key's distance of its last edge
 * (undefined while the page is not full), and whether any part has edges after the page.
 */
/** Whether any part has edges after the merged page of `first`: `pageEnd(parts, first).open` without decoding or sorting a key. */
export function pageOpen(parts: Part[], first: number): boolean {
  let edges = 0;
  let more = false;
  for (const part of parts) {
    const value = part.value as Record<string, any> | null;
    if (!value || typeof value !== 'object') continue;
    if (value[pageInfoAlias]?.hasNextPage) more = true;
    edges += ((value[edgesAlias] ?? []) as unknown[]).length;
  }
  return more || edges > first;
}

export function pageEnd(parts: Part[], first: number): { limit?: number; open: boolean; comparable: boolean } {
  const entries: Array<{ key: unknown[]; municipality: string }> = [];
  let more = false;
  for (const part of parts) {
    const value = part.value as Record<string, any> | null;
    if (!value || typeof value !== 'object') continue;
    if (value[pageInfoAlias]?.hasNextPage) more = true;
    for (const edge of (value[edgesAlias] ?? []) as Array<Record<string, string>>) entries.push({ key: edgeKey(edge), municipality: part.municipality });
  }
  entries.sort((a, b) => compareKeys(a.key, b.key) || (a.municipality < b.municipality ? -1 : a.municipality > b.municipality ? 1 : 0));
  if (entries.length < first) return { open: more, comparable: true };
  const limit = entries[first - 1].key[0];
  return { limit: typeof limit === 'number' ? limit : undefined, open: more || entries.length > first, comparable: typeof limit === 'number' };
}

/**
 * The entries of the order that `open` accepts, nearest first: at most `count`, and (with `limit`)
 * only those whose area may hold a facility at most `limit` metres away. Reads the order only as
 * far as needed.
 */
export function openEntries(order: NearestOrder, open: (entry: Bounded) => boolean, options: { count?: number; limit?: number } = {}): Bounded[] {
  const count = options.count ?? Number.POSITIVE_INFINITY;
  const found: Bounded[] = [];
  if (count < 1) return found;
  for (const entry of order) {
    // The bound with its slack grows with the bound: the first beyond the limit ends the search.
    if (options.limit !== undefined && !within(entry.bound, options.limit)) break;
    if (!open(entry)) continue;
    found.push(entry);
    if (found.length >= count) break;
  }
  return found;
}

/**
 * The operation for one connection field with only what the gateway needs to know about a
 * municipality whose edges cannot enter the page: its total (when the client asked for
 * `totalCount`) and whether it has any edge after its position.
 */
export function lightOperation(analysis: AnalyzedOperation, field: RootField): string {
  const alias = (node: FieldNode) => node.alias?.value ?? node.name.value;
  const fragments = fragmentsOf(analysis.document);
  const selections = mapRootFields(analysis.operation.selectionSet.selections, fragments, (selection) => {
    if (alias(selection) !== field.alias || !selection.selectionSet) return selection;
    // `totalCount` asked in a fragment too (fragments resolved: the merge reads the total under each alias it sees).
    const kept = [...collectFields(selection.selectionSet.selections, fragments).values()]
      .flat()
      .filter((inner) => inner.name.value === 'totalCount' || alias(inner) === edgesAlias || alias(inner) === pageInfoAlias);
    return { ...selection, selectionSet: { ...selection.selectionSet, selections: kept } };
  });
  const operation: OperationDefinitionNode = { ...analysis.operation, selectionSet: { ...analysis.operation.selectionSet, selections } };
  return restrictOperation({ ...analysis, operation, document: withOperation(analysis.document, analysis.operation, operation) }, new Set([field.alias]));
}
