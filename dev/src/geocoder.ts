// A small Photon-compatible address search over the demo data, for development and the browser
// tests: there is no internet geocoder here. A municipality points the portal's `geocoderUrl` at
// its own (or basemap.de's / BKG's) Photon or Nominatim service instead. Answers `GET ?q=…&limit=…`
// with a GeoJSON FeatureCollection as Photon does: the districts, the streets and the facilities'
// addresses of the demo municipalities (no person's address: these are places of the demo data).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { demoData, municipalityInfo } from './demo-data.js';

interface Place {
  /** Photon's `type`: district, street or house. */
  type: 'district' | 'street' | 'house';
  name: string;
  street?: string;
  housenumber?: string;
  postcode?: string;
  city: string;
  district?: string;
  latitude: number;
  longitude: number;
  /** The normalised words the query's words must start. */
  words: string[];
}

/** Lower case, umlauts and ß spelled out, accents dropped: "Lüneburg" and "lueneburg" both match. */
const normalise = (text: string) =>
  text
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
const wordsOf = (text: string) =>
  normalise(text)
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

/** Every district, street and facility address of the demo municipalities, built once. */
export function demoPlaces(municipalities: readonly string[]): Place[] {
  const places: Place[] = [];
  const streets = new Map<string, Place>();
  for (const key of municipalities) {
    const info = municipalityInfo(key);
    const cityName = info.kind === 'CITY' ? info.name.replace(/^(Hansestadt|Landeshauptstadt|Stadt)\s+/, '') : undefined;
    for (const district of info.districts) {
      const city = cityName ?? district.name;
      places.push({
        type: 'district',
        name: district.name,
        city,
        latitude: district.latitude,
        longitude: district.longitude,
        words: wordsOf(`${district.name} ${city}`),
      });
    }
    for (const facility of demoData(key).facilities) {
      const match = /^(.*\S)\s+(\d+\w?)$/.exec(facility.street);
      const [street, housenumber] = match ? [match[1], match[2]] : [facility.street, undefined];
      const label = `${facility.street} ${facility.postalCode} ${facility.city} ${facility.district}`;
      places.push({
        type: 'house',
        name: facility.street,
        street,
        housenumber,
        postcode: facility.postalCode,
        city: facility.city,
        district: facility.district,
        latitude: facility.latitude,
        longitude: facility.longitude,
        words: wordsOf(label),
      });
      const streetKey = `${street}|${facility.postalCode}|${facility.city}`;
      if (!streets.has(streetKey))
        streets.set(streetKey, {
          type: 'street',
          name: street,
          postcode: facility.postalCode,
          city: facility.city,
          district: facility.district,
          latitude: facility.latitude,
          longitude: facility.longitude,
          words: wordsOf(`${street} ${facility.postalCode} ${facility.city} ${facility.district}`),
        });
    }
  }
  return [...places, ...streets.values()];
}

const rank = { district: 0, street: 1, house: 2 } as const;

/** The places every word of the query starts a word of: districts first, then streets, then addresses. */
export function searchPlaces(places: readonly Place[], query: string, limit: number): Place[] {
  const wanted = wordsOf(query);
  if (!wanted.length) return [];
  return places
    .filter((place) => wanted.every((word) => place.words.some((candidate) => candidate.startsWith(word))))
    .sort((a, b) => rank[a.type] - rank[b.type] || a.name.localeCompare(b.name, 'de') || (a.postcode ?? '').localeCompare(b.postcode ?? ''))
    .slice(0, limit);
}

/** The request handler: `GET <path>?q=…&limit=…` as Photon answers it. */
export function demoGeocoder(municipalities: readonly string[]): (req: IncomingMessage, res: ServerResponse) => void {
  let places: Place[] | undefined;
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const query = (url.searchParams.get('q') ?? '').slice(0, 200);
    const limit = Math.min(Math.max(Number.parseInt(url.searchParams.get('limit') ?? '5', 10) || 5, 1), 20);
    places ??= demoPlaces(municipalities);
    const features = searchPlaces(places, query, limit).map((place) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [place.longitude, place.latitude] },
      properties: {
        type: place.type,
        name: place.name,
        ...(place.street ? { street: place.street } : {}),
        ...(place.housenumber ? { housenumber: place.housenumber } : {}),
        ...(place.postcode ? { postcode: place.postcode } : {}),
        city: place.city,
        ...(place.district && place.district !== place.name ? { district: place.district } : {}),
        countrycode: 'DE',
      },
    }));
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ type: 'FeatureCollection', features }));
  };
}
