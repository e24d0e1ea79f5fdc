import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { municipalityInfo } from './demo-data.js';
import { demoGeocoder, demoPlaces, searchPlaces } from './geocoder.js';

const city = '03355022';

describe('the development geocoder over the demo data', () => {
  const places = demoPlaces([city, '03355']);

  it('finds a district by the start of its name, first, at its point; umlauts either way', () => {
    const kaltenmoor = municipalityInfo(city).districts.find((district) => district.name === 'Kaltenmoor')!;
    const [first] = searchPlaces(places, 'kaltenm', 5);
    expect(first).toMatchObject({ type: 'district', name: 'Kaltenmoor', city: 'Lüneburg', latitude: kaltenmoor.latitude, longitude: kaltenmoor.longitude });
    expect(searchPlaces(places, 'Lüne', 50).map((place) => place.name)).toEqual(searchPlaces(places, 'luene', 50).map((place) => place.name));
  });

  it('needs every word of the query: a street in a district, nothing for words no place has, nothing for no words', () => {
    const found = searchPlaces(places, 'kaltenmoor straße', 20);
    expect(found.length).toBeGreaterThan(0);
    for (const place of found) expect(place.type === 'district' ? place.name : place.district).toBe('Kaltenmoor');
    expect(searchPlaces(places, 'Atlantis', 5)).toEqual([]);
    expect(searchPlaces(places, '  ', 5)).toEqual([]);
  });

  it('answers over HTTP as Photon does: a GeoJSON FeatureCollection with [longitude, latitude]', async () => {
    const server = createServer(demoGeocoder([city]));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const answer: any = await (await fetch(`http://127.0.0.1:${port}/geocoder/api?q=Kaltenmoor&limit=2`)).json();
      expect(answer.type).toBe('FeatureCollection');
      expect(answer.features).toHaveLength(2);
      const kaltenmoor = municipalityInfo(city).districts.find((district) => district.name === 'Kaltenmoor')!;
      expect(answer.features[0]).toEqual({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [kaltenmoor.longitude, kaltenmoor.latitude] },
        properties: { type: 'district', name: 'Kaltenmoor', city: 'Lüneburg', countrycode: 'DE' },
      });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
