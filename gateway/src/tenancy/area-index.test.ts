import { SeededRandom } from '@kita/core';
import { distanceToAreaMetres, type GeoArea, type GeoPoint, type MunicipalityEntry, parseRegistry } from '@kita/registry';
import { describe, expect, it } from 'vitest';
import { AreaIndex } from './area-index.js';

/**
 * The spatial index gives exactly the order of measuring every area and sorting (bound, then
 * target order): a grid of 560 boxes like the scale benchmark's, cities inside them, large
 * areas spanning many cells, twins with the same area (ties), entries without an area; points
 * inside, on shared edges and corners, and outside every area.
 */

const random = new SeededRandom('area-index-test');
const areas: Array<GeoArea | undefined> = [];
for (let row = 0; row < 20; row += 1)
  for (let column = 0; column < 28; column += 1)
    areas.push({ south: 47.5 + row * 0.35, north: 47.5 + (row + 1) * 0.35, west: 6 + (column * 9) / 28, east: 6 + ((column + 1) * 9) / 28 });
for (let city = 0; city < 40; city += 1) {
  const south = 47.5 + random.next() * 6.8;
  const west = 6 + random.next() * 8.8;
  areas.push({ south, west, north: south + 0.05 + random.next() * 0.1, east: west + 0.05 + random.next() * 0.1 });
}
areas.push({ south: 48, west: 7, north: 52, east: 13 }, { south: 50, west: 9, north: 50.5, east: 9.5 }, { south: 50, west: 9, north: 50.5, east: 9.5 });
areas.push(undefined, undefined);
const keys = areas.map((_, index) => String(10_000_000 + index));

const registry = parseRegistry(
  {
    municipalities: keys.map(
      (key, index): Partial<MunicipalityEntry> => ({
        key,
        name: `Municipality ${key}`,
        kind: 'LANDKREIS',
        subgraphs: { facility: `http://${key}.test/graphql` },
        ...(areas[index] ? { area: areas[index] } : {}),
      }),
    ),
  },
  { subgraphs: ['facility'] },
);

function bruteForce(point: GeoPoint): Array<{ municipality: string; bound: number }> {
  return keys
    .map((municipality, index) => ({ municipality, index, bound: areas[index] ? distanceToAreaMetres(point, areas[index]!) : 0 }))
    .sort((a, b) => a.bound - b.bound || a.index - b.index)
    .map(({ municipality, bound }) => ({ municipality, bound }));
}

function indexed(index: AreaIndex, point: GeoPoint, count = Number.POSITIVE_INFINITY) {
  const next = index.nearestFirst(point);
  const order: Array<{ municipality: string; bound: number }> = [];
  for (let entry = next(); entry && order.length < count; entry = order.length < count ? next() : undefined)
    order.push({ municipality: entry.municipality, bound: entry.bound });
  return order;
}

describe('AreaIndex', () => {
  const index = new AreaIndex(registry, keys);
  const points: GeoPoint[] = [
    { latitude: 51.027, longitude: 10.545 },
    { latitude: 47.5 + 10 * 0.35, longitude: 6 + (14 * 9) / 28 },
    { latitude: 50, longitude: 9 },
    { latitude: 50.25, longitude: 9.25 },
    { latitude: 47.5, longitude: 6 },
    { latitude: 54.5, longitude: 15 },
    { latitude: 46, longitude: 10 },
    { latitude: 56, longitude: 3 },
    { latitude: -33.9, longitude: 151.2 },
  ];
  for (let i = 0; i < 60; i += 1) points.push({ latitude: 47 + random.next() * 8, longitude: 5 + random.next() * 11 });

  it('orders every target as measuring all areas and sorting does, for every point', () => {
    for (const point of points) expect(indexed(index, point)).toEqual(bruteForce(point));
  });

  it('yields the first few in the same order while reading only part of the order', () => {
    for (const point of points) expect(indexed(index, point, 6)).toEqual(bruteForce(point).slice(0, 6));
  });

  it('the same for a short list (measured without the grid) and a list in another order', () => {
    const few = keys.slice(0, 10);
    const shortIndex = new AreaIndex(registry, few);
    const reversed = [...keys].reverse();
    const reversedIndex = new AreaIndex(registry, reversed);
    for (const point of points.slice(0, 12)) {
      expect(indexed(shortIndex, point).map((entry) => entry.municipality)).toEqual(
        bruteForce(point)
          .filter((entry) => few.includes(entry.municipality))
          .map((entry) => entry.municipality),
      );
      const expected = reversed
        .map((municipality, place) => ({
          municipality,
          place,
          bound: areas[keys.indexOf(municipality)] ? distanceToAreaMetres(point, areas[keys.indexOf(municipality)]!) : 0,
        }))
        .sort((a, b) => a.bound - b.bound || a.place - b.place)
        .map((entry) => entry.municipality);
      expect(indexed(reversedIndex, point).map((entry) => entry.municipality)).toEqual(expected);
    }
  });
});
