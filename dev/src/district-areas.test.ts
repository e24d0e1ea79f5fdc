import { insideArea } from '@kita/registry';
import { describe, expect, it } from 'vitest';
import { demoData, municipalities } from './demo-data.js';
import { registryEntry, type SubgraphName } from './stack.js';

// The dashboard draws districts from the registry's district areas; statistics group by the
// facilities' district. So every demo facility must lie in the area of the district it names.
describe('demo district areas', () => {
  it('hold every seeded facility of their district, in all 21 municipalities, and lie inside their municipality', () => {
    expect(municipalities).toHaveLength(21);
    const outside: string[] = [];
    for (const municipality of municipalities) {
      const areas = new Map(municipality.districts.map((district) => [district.name, district]));
      for (const facility of demoData(municipality.key).facilities) {
        const district = areas.get(facility.district);
        if (!district || !insideArea(facility, district.area)) outside.push(`${municipality.key} ${facility.name} (${facility.district})`);
      }
      for (const district of municipality.districts) {
        expect(insideArea(district, district.area)).toBe(true);
        expect(insideArea({ latitude: district.area.south, longitude: district.area.west }, municipality.area)).toBe(true);
        expect(insideArea({ latitude: district.area.north, longitude: district.area.east }, municipality.area)).toBe(true);
      }
    }
    expect(outside).toEqual([]);
  });

  it('reach the registry entry of every demo municipality, one per district', () => {
    for (const municipality of municipalities) {
      const entry = registryEntry(municipality.key as Parameters<typeof registryEntry>[0], {} as Record<SubgraphName, string>);
      expect(entry.districtAreas?.map((district) => district.name)).toEqual(entry.districts);
      expect(entry.districtAreas?.[0]).toEqual({
        name: municipality.districts[0].name,
        area: municipality.districts[0].area,
        centroid: { latitude: municipality.districts[0].latitude, longitude: municipality.districts[0].longitude },
      });
    }
  });
});
