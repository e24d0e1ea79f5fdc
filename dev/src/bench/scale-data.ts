import { type GeoArea, type GeoPoint, haversineMetres } from '@kita/registry';
import { encodeCursor } from '@kita/shared';

// The simulated federation of the scale benchmark: municipalities on a grid of boxes over
// Germany's latitudes and longitudes, each with facilities inside its box. Deterministic, so
// that the orchestrator (its oracle) and every light instance process hold the same data.

export interface ScaleFacility {
  /** Local UUID v7. */
  localId: string;
  id: string;
  name: string;
  /** What the real facility subgraph sorts names by: lower case, compared by code unit. */
  sortName: string;
  location: GeoPoint;
}

export interface ScaleMunicipality {
  key: string;
  name: string;
  area: GeoArea;
  centroid: GeoPoint;
  facilities: ScaleFacility[];
}

/** The grid: 20 rows × 28 columns = 560 boxes from 47.5° to 54.5° N and 6° to 15° E (about 39 × 23 km each). */
export const gridRows = 20;
export const gridColumns = 28;
const south = 47.5;
const west = 6;
const rowHeight = 7 / gridRows;
const columnWidth = 9 / gridColumns;

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A valid UUID v7 made from two numbers (time part and counter), so IDs are stable across processes. */
function uuidV7(high: number, low: number): string {
  const hex = (value: number, digits: number) => value.toString(16).padStart(digits, '0').slice(-digits);
  return `${hex(0x0190_0000 + high, 8)}-${hex(low >>> 16, 4)}-7${hex(low & 0xfff, 3)}-8${hex(high & 0xfff, 3)}-${hex(low, 12)}`;
}

const syllables = ['Son', 'nen', 'blu', 'me', 'Re', 'gen', 'bo', 'gen', 'Wald', 'wich', 'tel', 'Kle', 'e', 'Ster', 'nen', 'Ha', 'sen', 'Mi', 'ni', 'Bär'];

/** The municipality at a grid cell: key `1<row><column>…` (8 digits), its box, and `facilitiesEach` facilities inside it. */
function municipalityAt(index: number, facilitiesEach: number): ScaleMunicipality {
  const row = Math.floor(index / gridColumns);
  const column = index % gridColumns;
  const area: GeoArea = {
    south: south + row * rowHeight,
    north: south + (row + 1) * rowHeight,
    west: west + column * columnWidth,
    east: west + (column + 1) * columnWidth,
  };
  const key = String(10_000_000 + index);
  const next = random(index + 1);
  const facilities: ScaleFacility[] = Array.from({ length: facilitiesEach }, (_, position) => {
    const name = `Kita ${syllables[Math.floor(next() * syllables.length)]}${syllables[Math.floor(next() * syllables.length)].toLowerCase()} ${key.slice(-3)}-${position}`;
    const location = {
      latitude: area.south + (0.02 + 0.96 * next()) * rowHeight,
      longitude: area.west + (0.02 + 0.96 * next()) * columnWidth,
    };
    const localId = uuidV7(index, position + 1);
    return { localId, id: `${key}:${localId}`, name, sortName: name.toLowerCase(), location };
  });
  return {
    key,
    name: `Gemeinde ${key}`,
    area,
    centroid: { latitude: (area.south + area.north) / 2, longitude: (area.west + area.east) / 2 },
    facilities,
  };
}

/** Every municipality of the grid (560), in key order. */
export function scaleMunicipalities(facilitiesEach: number): ScaleMunicipality[] {
  return Array.from({ length: gridRows * gridColumns }, (_, index) => municipalityAt(index, facilitiesEach));
}

/** A block of `rows` × `columns` cells around the grid's middle (the federation of one Land). */
export function middleBlock(all: ScaleMunicipality[], rows: number, columns: number): ScaleMunicipality[] {
  const top = Math.floor((gridRows - rows) / 2);
  const left = Math.floor((gridColumns - columns) / 2);
  return all.filter((_, index) => {
    const row = Math.floor(index / gridColumns);
    const column = index % gridColumns;
    return row >= top && row < top + rows && column >= left && column < left + columns;
  });
}

export type Order = 'NAME' | 'DISTANCE';

export interface SearchArgs {
  first: number;
  after?: string | null;
  orderBy: Order;
  near?: GeoPoint | null;
  radiusKm?: number | null;
}

export interface SearchHit {
  facility: ScaleFacility;
  distance: number | null;
  sortKey: [string | number, string];
}

const compareKeys = (a: SearchHit['sortKey'], b: SearchHit['sortKey']) => {
  for (let index = 0; index < 2; index += 1) {
    const x = a[index];
    const y = b[index];
    if (x === y) continue;
    return x < y ? -1 : 1;
  }
  return 0;
};

/**
 * A municipality's part of a search, as the real facility subgraph answers it: matches sorted by
 * [sortName, id] or [distance, id], after the cursor's position, the page and whether more follow.
 */
export function search(
  facilities: ScaleFacility[],
  args: SearchArgs,
  after?: SearchHit['sortKey'],
): { hits: SearchHit[]; total: number; hasNextPage: boolean } {
  const limit = args.radiusKm && args.near ? args.radiusKm * 1000 : undefined;
  const hits: SearchHit[] = [];
  for (const facility of facilities) {
    const distance = args.near ? haversineMetres(args.near, facility.location) : null;
    if (limit !== undefined && distance! > limit) continue;
    hits.push({
      facility,
      distance,
      sortKey: args.orderBy === 'DISTANCE' && distance !== null ? [distance, facility.localId] : [facility.sortName, facility.localId],
    });
  }
  hits.sort((a, b) => compareKeys(a.sortKey, b.sortKey));
  const rest = after ? hits.filter((hit) => compareKeys(hit.sortKey, after) > 0) : hits;
  return { hits: rest.slice(0, args.first), total: hits.length, hasNextPage: rest.length > args.first };
}

/** The page everyone would answer together (the oracle): IDs in merged order, ties by municipality key. */
export function oraclePage(municipalities: ScaleMunicipality[], args: SearchArgs): string[] {
  const all = municipalities.flatMap((municipality) =>
    search(municipality.facilities, { ...args, first: Number.MAX_SAFE_INTEGER }).hits.map((hit) => ({ hit, key: municipality.key })),
  );
  all.sort((a, b) => compareKeys(a.hit.sortKey, b.hit.sortKey) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return all.slice(0, args.first).map(({ hit }) => hit.facility.id);
}

export const cursorOf = (hit: SearchHit) => encodeCursor(hit.sortKey);
