import { boundSlackMetres, distanceToAreaMetres, type GeoPoint, type Registry } from '@kita/registry';
import { decodeCursor } from '@kita/schema';
import { type DocumentNode, type FieldNode, Kind, type OperationDefinitionNode, type SelectionNode, visit } from 'graphql';
import { compareKeys, type Part, type Positions } from './merge.js';
import { type AnalyzedOperation, cursorAlias, edgesAlias, pageInfoAlias, type RootField, restrictOperation } from './operation.js';
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

export interface NearestFirst {
  point: GeoPoint;
  /** Every target, nearest first (ties in target order), with the lower bound of its facilities' distance (metres). */
  order: Array<{ municipality: string; bound: number }>;
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

  const bounded = targets.map((municipality, index) => {
    const area = registry.get(municipality)?.area;
    return { municipality, index, area, bound: area ? distanceToAreaMetres(point, area) : 0 };
  });
  bounded.sort((a, b) => a.bound - b.bound || a.index - b.index);
  // `mayBeWithin` on the bound already measured (an entry without an area has bound 0: always within).
  let reached = radiusMetres === undefined ? bounded : bounded.filter((entry) => !(entry.bound - boundSlackMetres(entry.bound) > radiusMetres));
  if (reached.length === 0) reached = bounded.slice(0, 1);
  const reachedSet = new Set(reached.map((entry) => entry.municipality));
  const inTargetOrder = targets.filter((municipality) => reachedSet.has(municipality));
  if (!nearest) return { targets: inTargetOrder };
  const order = reached.map(({ municipality, bound }) => ({ municipality, bound }));
  return { targets: inTargetOrder, nearestFirst: { point, order, initial: firstRound(order, {}) } };
}

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
export function firstRound(order: NearestFirst['order'], positions: Positions): string[] {
  const open = order.filter((entry) => !positions[entry.municipality]?.done);
  if (!open.length) return [];
  const start = Math.max(0, ...Object.values(positions).map((position) => positionDistance(position.cursor) ?? 0));
  const threshold = Math.max(start, open[0].bound) + initialReachMetres;
  const picked = open.filter((entry) => entry.bound <= threshold);
  return (picked.length ? picked : open.slice(0, 1)).map((entry) => entry.municipality);
}

/**
 * Where the merged page of these parts ends: `limit`, the sort key's distance of its last edge
 * (undefined while the page is not full), and whether any part has edges after the page.
 */
export function pageEnd(parts: Part[], first: number): { limit?: number; open: boolean; comparable: boolean } {
  const entries: Array<{ key: unknown[]; municipality: string }> = [];
  let more = false;
  for (const part of parts) {
    const value = part.value as Record<string, any> | null;
    if (!value || typeof value !== 'object') continue;
    if (value[pageInfoAlias]?.hasNextPage) more = true;
    for (const edge of (value[edgesAlias] ?? []) as Array<Record<string, string>>)
      entries.push({ key: decodeCursor(edge[cursorAlias]), municipality: part.municipality });
  }
  entries.sort((a, b) => compareKeys(a.key, b.key) || (a.municipality < b.municipality ? -1 : a.municipality > b.municipality ? 1 : 0));
  if (entries.length < first) return { open: more, comparable: true };
  const limit = entries[first - 1].key[0];
  return { limit: typeof limit === 'number' ? limit : undefined, open: more || entries.length > first, comparable: typeof limit === 'number' };
}

/** The municipalities not asked yet whose area may hold a facility at most `limit` metres away. */
export const mayHoldUpTo = (pending: NearestFirst['order'], limit: number) => pending.filter((entry) => !(entry.bound - boundSlackMetres(entry.bound) > limit));

/** Names of the fragments an operation uses, directly or through other fragments. */
function usedFragments(operation: OperationDefinitionNode, document: DocumentNode): Set<string> {
  const fragments = new Map(
    document.definitions.flatMap((definition) => (definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition] as const] : [])),
  );
  const used = new Set<string>();
  const walk = (node: unknown) =>
    visit(node as OperationDefinitionNode, {
      FragmentSpread(spread) {
        if (used.has(spread.name.value)) return;
        used.add(spread.name.value);
        const fragment = fragments.get(spread.name.value);
        if (fragment) walk(fragment);
      },
    });
  walk(operation);
  return used;
}

/**
 * The operation for one connection field with only what the gateway needs to know about a
 * municipality whose edges cannot enter the page: its total (when the client asked for
 * `totalCount`) and whether it has any edge after its position.
 */
export function lightOperation(analysis: AnalyzedOperation, field: RootField): string {
  const alias = (node: FieldNode) => node.alias?.value ?? node.name.value;
  const selections = analysis.operation.selectionSet.selections.map((selection): SelectionNode => {
    if (selection.kind !== Kind.FIELD || alias(selection) !== field.alias || !selection.selectionSet) return selection;
    const kept = selection.selectionSet.selections.filter(
      (inner) => inner.kind === Kind.FIELD && (inner.name.value === 'totalCount' || alias(inner) === edgesAlias || alias(inner) === pageInfoAlias),
    );
    return { ...selection, selectionSet: { ...selection.selectionSet, selections: kept } };
  });
  const operation: OperationDefinitionNode = { ...analysis.operation, selectionSet: { ...analysis.operation.selectionSet, selections } };
  const used = usedFragments(operation, analysis.document);
  const document: DocumentNode = {
    ...analysis.document,
    definitions: analysis.document.definitions
      .filter((definition) => definition.kind !== Kind.FRAGMENT_DEFINITION || used.has(definition.name.value))
      .map((definition) => (definition === analysis.operation ? operation : definition)),
  };
  return restrictOperation({ ...analysis, operation, document }, new Set([field.alias]));
}
