import { boundSlackMetres, distanceToAreaMetres, earthRadiusMetres, type GeoArea, type GeoPoint, type Registry } from '@kita/registry';

/**
 * A spatial index over the registry's areas, built once per registry and target list: a grid of
 * latitude/longitude cells, each listing the areas that overlap it. `nearestFirst` yields the
 * targets in the order of their lower bound (`distanceToAreaMetres`, ties in target order)
 * while measuring only the areas near the point: it visits the cells in rings around the point
 * and yields an area once no area not yet seen can be nearer (any such area lies beyond the
 * rings visited, so its distance is at least the point's distance to their outer edges). The
 * same order as measuring every area and sorting, which small lists, points outside the grid
 * and registries without areas still do.
 */

export interface IndexedBound {
  municipality: string;
  /** Its place in the target list (ties are broken by it). */
  index: number;
  bound: number;
}

interface Indexed {
  municipality: string;
  index: number;
  area: GeoArea | undefined;
}

/** Below this many targets, measuring all of them is as cheap as the index. */
const smallList = 16;
/** An area spanning more cells than this is measured for every point (it is seen from the start). */
const maxCellsPerArea = 64;

const radians = (degrees: number) => (degrees * Math.PI) / 180;
const before = (a: IndexedBound, b: IndexedBound) => a.bound < b.bound || (a.bound === b.bound && a.index < b.index);

/** A binary min-heap by (bound, index). */
class Heap {
  private readonly items: IndexedBound[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): IndexedBound | undefined {
    return this.items[0];
  }

  push(item: IndexedBound): void {
    const items = this.items;
    let place = items.length;
    items.push(item);
    while (place > 0) {
      const parent = (place - 1) >> 1;
      if (!before(item, items[parent])) break;
      items[place] = items[parent];
      place = parent;
    }
    items[place] = item;
  }

  pop(): IndexedBound | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    let place = 0;
    for (;;) {
      const left = place * 2 + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child = right < items.length && before(items[right], items[left]) ? right : left;
      if (!before(items[child], last)) break;
      items[place] = items[child];
      place = child;
    }
    items[place] = last;
    return top;
  }
}

export class AreaIndex {
  private readonly entries: Indexed[];
  /** Entries without an area (bound 0) and areas too large for the grid: measured for every point. */
  private readonly always: Indexed[] = [];
  private readonly grid?: {
    south: number;
    west: number;
    north: number;
    east: number;
    rows: number;
    columns: number;
    height: number;
    width: number;
    cells: Indexed[][];
  };

  constructor(registry: Registry, targets: readonly string[]) {
    this.entries = targets.map((municipality, index) => ({ municipality, index, area: registry.get(municipality)?.area }));
    const areas = this.entries.filter((entry) => entry.area);
    if (this.entries.length < smallList || areas.length === 0) return;
    let south = Number.POSITIVE_INFINITY;
    let west = Number.POSITIVE_INFINITY;
    let north = Number.NEGATIVE_INFINITY;
    let east = Number.NEGATIVE_INFINITY;
    for (const { area } of areas) {
      south = Math.min(south, area!.south);
      west = Math.min(west, area!.west);
      north = Math.max(north, area!.north);
      east = Math.max(east, area!.east);
    }
    // The meridian bound below holds when every path between two of its points stays within 180° of longitude.
    if (east - west > 90) return;
    // Cells about the size of a typical (median) area, at most about four cells per area.
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const spanHeight = Math.max(north - south, 1e-9);
    const spanWidth = Math.max(east - west, 1e-9);
    let height = Math.max(median(areas.map(({ area }) => area!.north - area!.south)), spanHeight / 1024);
    let width = Math.max(median(areas.map(({ area }) => area!.east - area!.west)), spanWidth / 1024);
    const most = Math.max(16, 4 * areas.length);
    const cellCount = () => Math.ceil(spanHeight / height) * Math.ceil(spanWidth / width);
    while (cellCount() > most) {
      height *= 1.5;
      width *= 1.5;
    }
    const rows = Math.ceil(spanHeight / height);
    const columns = Math.ceil(spanWidth / width);
    const cells: Indexed[][] = Array.from({ length: rows * columns }, () => []);
    const row = (latitude: number) => Math.min(rows - 1, Math.max(0, Math.floor((latitude - south) / height)));
    const column = (longitude: number) => Math.min(columns - 1, Math.max(0, Math.floor((longitude - west) / width)));
    for (const entry of this.entries) {
      const area = entry.area;
      if (!area) {
        this.always.push(entry);
        continue;
      }
      const [fromRow, toRow, fromColumn, toColumn] = [row(area.south), row(area.north), column(area.west), column(area.east)];
      if ((toRow - fromRow + 1) * (toColumn - fromColumn + 1) > maxCellsPerArea) {
        this.always.push(entry);
        continue;
      }
      for (let r = fromRow; r <= toRow; r += 1) for (let c = fromColumn; c <= toColumn; c += 1) cells[r * columns + c].push(entry);
    }
    this.grid = { south, west, north, east, rows, columns, height, width, cells };
  }

  private measure(point: GeoPoint, entry: Indexed): IndexedBound {
    return { municipality: entry.municipality, index: entry.index, bound: entry.area ? distanceToAreaMetres(point, entry.area) : 0 };
  }

  /** The targets by their lower bound from the point (ties in target order), one per call, `undefined` at the end. */
  nearestFirst(point: GeoPoint): () => IndexedBound | undefined {
    const grid = this.grid;
    const inside = grid && point.latitude >= grid.south && point.latitude <= grid.north && point.longitude >= grid.west && point.longitude <= grid.east;
    if (!grid || !inside) {
      const sorted = this.entries.map((entry) => this.measure(point, entry)).sort((a, b) => a.bound - b.bound || a.index - b.index);
      let place = 0;
      return () => sorted[place++];
    }
    const { rows, columns, cells } = grid;
    const heap = new Heap();
    for (const entry of this.always) heap.push(this.measure(point, entry));
    const seen = new Set<Indexed>(this.always);
    const centreRow = Math.min(rows - 1, Math.floor((point.latitude - grid.south) / grid.height));
    const centreColumn = Math.min(columns - 1, Math.floor((point.longitude - grid.west) / grid.width));
    const cosLatitude = Math.cos(radians(point.latitude));
    let ring = -1;
    /** The least distance of any area not yet seen (Infinity when every cell has been visited). */
    let unseen = 0;
    const visit = (r: number, c: number) => {
      if (r < 0 || r >= rows || c < 0 || c >= columns) return;
      for (const entry of cells[r * columns + c]) {
        if (seen.has(entry)) continue;
        seen.add(entry);
        heap.push(this.measure(point, entry));
      }
    };
    const widen = () => {
      ring += 1;
      const k = ring;
      if (k === 0) visit(centreRow, centreColumn);
      else
        for (let offset = -k; offset <= k; offset += 1) {
          visit(centreRow - k, centreColumn + offset);
          visit(centreRow + k, centreColumn + offset);
          if (offset !== -k && offset !== k) {
            visit(centreRow + offset, centreColumn - k);
            visit(centreRow + offset, centreColumn + k);
          }
        }
      // An area not seen lies only in cells beyond a side of the visited block that is not the grid's edge.
      const sides: number[] = [];
      const lowRow = centreRow - k;
      const highRow = centreRow + k;
      const lowColumn = centreColumn - k;
      const highColumn = centreColumn + k;
      // Any point beyond a parallel is at least the latitude gap away.
      if (lowRow > 0) sides.push(earthRadiusMetres * radians(point.latitude - (grid.south + lowRow * grid.height)));
      if (highRow < rows - 1) sides.push(earthRadiusMetres * radians(grid.south + (highRow + 1) * grid.height - point.latitude));
      // Any point beyond a meridian is at least the distance to its great circle: sin d = sin Δλ · cos φ.
      const toMeridian = (gap: number) => earthRadiusMetres * Math.asin(Math.min(1, Math.abs(Math.sin(radians(gap))) * cosLatitude));
      if (lowColumn > 0) sides.push(toMeridian(point.longitude - (grid.west + lowColumn * grid.width)));
      if (highColumn < columns - 1) sides.push(toMeridian(grid.west + (highColumn + 1) * grid.width - point.longitude));
      const least = sides.length ? Math.min(...sides) : Number.POSITIVE_INFINITY;
      // With slack, so rounding never lets a nearer area come after a farther one.
      unseen = least === Number.POSITIVE_INFINITY ? least : Math.max(0, least - 2 * boundSlackMetres(least));
    };
    return () => {
      for (;;) {
        const top = heap.peek();
        if (top && top.bound < unseen) return heap.pop();
        if (unseen === Number.POSITIVE_INFINITY) return heap.pop();
        widen();
      }
    };
  }
}

/** Per registry (replaced whole on reload) and target list (the registry's active list is one array per subgraph). */
const indexes = new WeakMap<Registry, WeakMap<readonly string[], AreaIndex>>();

export function areaIndex(registry: Registry, targets: readonly string[]): AreaIndex {
  let byTargets = indexes.get(registry);
  if (!byTargets) indexes.set(registry, (byTargets = new WeakMap()));
  let index = byTargets.get(targets);
  if (!index) byTargets.set(targets, (index = new AreaIndex(registry, targets)));
  return index;
}
