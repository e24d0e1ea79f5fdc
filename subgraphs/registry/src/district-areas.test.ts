import { describe, expect, it } from 'vitest';
import { registryResolvers } from './municipality/municipality.resolver.js';
import { parseRegistry, RegistryError } from './registry.js';

const subgraphs = ['reservation'];
const city = {
  key: '03355022',
  name: 'Hansestadt Lüneburg',
  kind: 'CITY',
  subgraphs: { reservation: 'http://127.0.0.1:4001/graphql' },
  districts: ['Altstadt', 'Kaltenmoor', 'Ochtmissen'],
  area: { south: 53.2, west: 10.3, north: 53.3, east: 10.5 },
  centroid: { latitude: 53.2464, longitude: 10.4115 },
};
const kaltenmoor = {
  name: 'Kaltenmoor',
  area: { south: 53.233, west: 10.424, north: 53.244, east: 10.441 },
  centroid: { latitude: 53.2384, longitude: 10.4328 },
};
const altstadt = { name: 'Altstadt', area: { south: 53.244, west: 10.4, north: 53.254, east: 10.416 }, centroid: { latitude: 53.249, longitude: 10.408 } };

function problemsOf(districtAreas: unknown): string[] {
  try {
    parseRegistry({ municipalities: [{ ...city, districtAreas }] }, { subgraphs });
    return [];
  } catch (error) {
    if (error instanceof RegistryError)
      return error.problems.map((problem) => problem.replace(/^municipalities\[0\] "03355022" \(Hansestadt Lüneburg\): /, ''));
    throw error;
  }
}

describe("a municipality's district areas in the registry", () => {
  it('are served as Municipality.districtAreas in the order of districts, empty when the registry gives none', () => {
    const registry = parseRegistry({ municipalities: [{ ...city, districtAreas: [kaltenmoor, altstadt] }] }, { subgraphs });
    const municipality = registryResolvers.Query.municipalityByKey(undefined, { key: city.key }, { registry: () => registry });
    expect(municipality?.districts).toEqual(['Altstadt', 'Kaltenmoor', 'Ochtmissen']);
    expect(municipality?.districtAreas).toEqual([altstadt, kaltenmoor]);
    const without = parseRegistry({ municipalities: [city] }, { subgraphs });
    expect(registryResolvers.Query.municipalityByKey(undefined, { key: city.key }, { registry: () => without })?.districtAreas).toEqual([]);
  });

  it('refuses an area of an unknown or repeated district, a centroid outside its box, a box outside the municipality and a malformed one', () => {
    expect(problemsOf([altstadt])).toEqual([]);
    expect(problemsOf([{ ...altstadt, name: 'Kreideberg' }, altstadt, altstadt])).toEqual([
      'districtAreas[0].name must be one of districts (got "Kreideberg")',
      'districtAreas[2] duplicates districtAreas[1] (got "Altstadt")',
    ]);
    expect(problemsOf([{ ...altstadt, centroid: { latitude: 53.26, longitude: 10.408 } }])).toEqual([
      'districtAreas[0].centroid must lie inside districtAreas[0].area (got {"latitude":53.26,"longitude":10.408})',
    ]);
    expect(problemsOf([{ ...kaltenmoor, area: { ...kaltenmoor.area, east: 10.6 } }])).toEqual([
      'districtAreas[0].area must lie inside area (got {"south":53.233,"west":10.424,"north":53.244,"east":10.6})',
    ]);
    expect(problemsOf([{ ...altstadt, area: { ...altstadt.area, south: 53.3, north: 53.25 } }])).toEqual([
      'districtAreas[0].area must have south <= north and west <= east',
    ]);
    expect(problemsOf({ Altstadt: altstadt.area })).toHaveLength(1);
  });
});
