/**
 * Geography of the registry: a municipality's area (a latitude/longitude box) and the lower
 * bound the gateway routes by: no facility inside an area can be closer to a point than the
 * point's distance to the area.
 */

/** A WGS 84 point in degrees. */
export interface GeoPoint {
  latitude: number;
  longitude: number;
}

/**
 * A latitude/longitude box in degrees, edges included: every facility of the municipality lies
 * inside it. `west <= east` (a box across the antimeridian is not supported).
 */
export interface GeoArea {
  south: number;
  west: number;
  north: number;
  east: number;
}

/** The mean earth radius the facility subgraph's SQL uses (metres). */
export const earthRadiusMetres = 6371008.8;

const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle distance in metres: the same haversine formula as the facility subgraph's SQL. */
export function haversineMetres(a: GeoPoint, b: GeoPoint): number {
  const h =
    Math.sin(radians(b.latitude - a.latitude) / 2) ** 2 +
    Math.cos(radians(a.latitude)) * Math.cos(radians(b.latitude)) * Math.sin(radians(b.longitude - a.longitude) / 2) ** 2;
  return earthRadiusMetres * 2 * Math.asin(Math.sqrt(Math.min(1, h)));
}

export const insideArea = (point: GeoPoint, area: GeoArea) =>
  point.latitude >= area.south && point.latitude <= area.north && point.longitude >= area.west && point.longitude <= area.east;

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/** Longitude difference in degrees, 0 to 180. */
function longitudeGap(a: number, b: number): number {
  const gap = Math.abs(a - b) % 360;
  return gap > 180 ? 360 - gap : gap;
}

/**
 * The shortest great-circle distance in metres from the point to any point of the area (0
 * inside). Exact on the sphere up to rounding: outside the box's longitudes, the nearest point
 * lies on the nearer edge meridian, at the latitude where that meridian comes closest
 * (tan φ = tan φp / cos Δλ), clamped to the box. Beyond 90° of longitude the latitude gap alone
 * is used (never more than the true distance).
 */
export function distanceToAreaMetres(point: GeoPoint, area: GeoArea): number {
  const latitudeGapMetres = earthRadiusMetres * radians(Math.max(0, area.south - point.latitude, point.latitude - area.north));
  if (point.longitude >= area.west && point.longitude <= area.east) return latitudeGapMetres;
  const toWest = longitudeGap(point.longitude, area.west);
  const toEast = longitudeGap(point.longitude, area.east);
  const edge = toWest <= toEast ? area.west : area.east;
  const gap = Math.min(toWest, toEast);
  if (gap >= 90) return latitudeGapMetres;
  const closest = (Math.atan(Math.tan(radians(point.latitude)) / Math.cos(radians(gap))) * 180) / Math.PI;
  return haversineMetres(point, { latitude: clamp(closest, area.south, area.north), longitude: edge });
}

/**
 * Slack for rounding: the gateway's bound and the database's distance are computed by different
 * code in floating point; a municipality is skipped only when its bound exceeds the limit by more
 * than this (1 m and a relative 1e-9), so rounding can never skip a municipality that holds a match.
 */
export const boundSlackMetres = (metres: number) => 1 + metres * 1e-9;

/** Whether the area may hold a point at most `limitMetres` from `point` (conservative: true on doubt). */
export function mayBeWithin(point: GeoPoint, area: GeoArea | undefined, limitMetres: number): boolean {
  if (!area) return true;
  const bound = distanceToAreaMetres(point, area);
  return !(bound - boundSlackMetres(bound) > limitMetres);
}
