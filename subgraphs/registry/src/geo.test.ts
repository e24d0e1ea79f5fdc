import { SeededRandom } from '@kita/core';
import { describe, expect, it } from 'vitest';
import { distanceToAreaMetres, type GeoArea, haversineMetres, mayBeWithin } from './geo.js';

/** The box sampled on a fine grid, edges included. */
function samples(area: GeoArea, steps = 60) {
  const points = [];
  for (let i = 0; i <= steps; i += 1)
    for (let j = 0; j <= steps; j += 1)
      points.push({ latitude: area.south + ((area.north - area.south) * i) / steps, longitude: area.west + ((area.east - area.west) * j) / steps });
  return points;
}

describe('distance from a point to an area', () => {
  it('is 0 inside and the haversine distance of the nearest point otherwise, never more than any point of the area', () => {
    const random = new SeededRandom('geo-test');
    for (let round = 0; round < 300; round += 1) {
      const south = random.next() * 100 - 50;
      const west = random.next() * 300 - 150;
      const area = { south, west, north: south + random.next() * 3, east: west + random.next() * 5 };
      // Points near the box (Germany-sized distances) and some far away (tens of degrees).
      const spread = round % 3 === 0 ? 60 : 4;
      const point = { latitude: Math.max(-89, Math.min(89, south + (random.next() - 0.5) * spread)), longitude: west + (random.next() - 0.5) * spread };
      const bound = distanceToAreaMetres(point, area);
      const nearest = Math.min(...samples(area).map((sample) => haversineMetres(point, sample)));
      expect(bound).toBeLessThanOrEqual(nearest + 1e-6);
      // The grid's spacing limits how close the samples come to the true nearest point.
      const spacing = haversineMetres({ latitude: area.south, longitude: area.west }, { latitude: area.north, longitude: area.east }) / 60;
      expect(nearest - bound).toBeLessThanOrEqual(spacing);
    }
  });

  it('is 0 on the edges and inside, and exact along a meridian', () => {
    const area = { south: 53.2, west: 10.34, north: 53.29, east: 10.47 };
    expect(distanceToAreaMetres({ latitude: 53.2, longitude: 10.4 }, area)).toBe(0);
    expect(distanceToAreaMetres({ latitude: 53.25, longitude: 10.47 }, area)).toBe(0);
    expect(distanceToAreaMetres({ latitude: 53.1, longitude: 10.4 }, area)).toBeCloseTo(
      haversineMetres({ latitude: 53.1, longitude: 10.4 }, { latitude: 53.2, longitude: 10.4 }),
      6,
    );
  });

  it('never rules out an area by rounding: the limit is compared with a little slack', () => {
    const area = { south: 53.2, west: 10.34, north: 53.29, east: 10.47 };
    const point = { latitude: 53.25, longitude: 10.6 };
    const bound = distanceToAreaMetres(point, area);
    expect(mayBeWithin(point, area, bound)).toBe(true);
    expect(mayBeWithin(point, area, bound - 0.5)).toBe(true);
    expect(mayBeWithin(point, area, bound - 2)).toBe(false);
    expect(mayBeWithin(point, undefined, 0)).toBe(true);
  });
});
