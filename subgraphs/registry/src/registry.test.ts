import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@kita/core';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyRegistry, loadRegistry, parseRegistry, type Registry, RegistryError, watchRegistry } from './registry.js';

const subgraphs = ['facility', 'vacancy', 'reservation'];

const urls = (port: number) => ({
  facility: `http://127.0.0.1:${port + 1}/graphql`,
  vacancy: `http://127.0.0.1:${port + 2}/graphql`,
  reservation: `https://kita.example.de:${port + 3}/graphql`,
});

const landkreis = { key: '03355', name: 'Landkreis Lüneburg', kind: 'LANDKREIS', subgraphs: urls(4100) };
const city = {
  key: '03355022',
  name: 'Hansestadt Lüneburg',
  kind: 'CITY',
  parent: '03355',
  active: true,
  districts: ['Altstadt', 'Kaltenmoor'],
  subgraphs: urls(4000),
};

function registryErrorOf(action: () => unknown): RegistryError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(RegistryError);
    return error as RegistryError;
  }
  throw new Error('expected a RegistryError');
}

const problemsOf = (municipalities: unknown[]) => registryErrorOf(() => parseRegistry({ municipalities }, { subgraphs })).problems;

describe('parseRegistry', () => {
  it('parses a valid file in file order and fills in defaults', () => {
    const registry = parseRegistry({ municipalities: [city, landkreis] }, { subgraphs });

    expect(registry.municipalities).toEqual([
      city,
      { key: '03355', name: 'Landkreis Lüneburg', kind: 'LANDKREIS', active: true, districts: [], subgraphs: urls(4100) },
    ]);
    expect(registry.municipalities[1]).not.toHaveProperty('parent');
    expect(registry.tenantSubgraphs).toEqual(new Set(subgraphs));
  });

  it('compares keys whole, never by prefix', () => {
    const registry = parseRegistry({ municipalities: [city, landkreis] }, { subgraphs });

    expect(registry.get('03355')?.name).toBe('Landkreis Lüneburg');
    expect(registry.get('03355022')?.name).toBe('Hansestadt Lüneburg');
    expect(registry.get('0335502')).toBeUndefined();
    expect(registry.get('033550220')).toBeUndefined();
    expect(registry.get('03356')).toBeUndefined();
  });

  it('lists only active municipalities as active, in file order', () => {
    const dormant = { key: '03354', name: 'Lüchow-Dannenberg', kind: 'LANDKREIS', active: false };
    const registry = parseRegistry({ municipalities: [city, dormant, landkreis] }, { subgraphs });

    expect(registry.active().map((entry) => entry.key)).toEqual(['03355022', '03355']);
    expect(registry.get('03354')?.active).toBe(false);
  });

  it('accepts an inactive municipality without subgraph URLs and still validates the ones it gives', () => {
    const dormant = { key: '03354', name: 'Lüchow-Dannenberg', kind: 'LANDKREIS', active: false, subgraphs: { facility: 'ftp://x' } };

    expect(parseRegistry({ municipalities: [{ ...dormant, subgraphs: {} }] }, { subgraphs }).get('03354')?.subgraphs).toEqual({});
    expect(problemsOf([dormant])).toEqual(['municipalities[0] "03354" (Lüchow-Dannenberg): subgraphs.facility must be an http(s) URL (got "ftp://x")']);
  });

  it('accepts an empty municipalities array as a plain federation gateway', () => {
    const registry = parseRegistry({ municipalities: [] }, { subgraphs });

    expect(registry.municipalities).toEqual([]);
    expect(registry.active()).toEqual([]);
    expect(registry.tenantSubgraphs.size).toBe(0);
    expect(emptyRegistry.municipalities).toEqual([]);
    expect(emptyRegistry.get('03355')).toBeUndefined();
  });

  it('routes only the subgraphs that entries name', () => {
    const registry = parseRegistry({ municipalities: [{ ...landkreis, subgraphs: { vacancy: 'http://v/graphql' } }] }, { subgraphs: ['vacancy'] });

    expect(registry.tenantSubgraphs).toEqual(new Set(['vacancy']));
  });

  it.each([
    ['null', null, 'null'],
    ['an array', [], 'an array'],
    ['a string', 'municipalities', 'a string'],
    ['an object without municipalities', { cities: [] }, 'an object without it'],
    ['municipalities that are not an array', { municipalities: {} }, 'an object without it'],
  ])('rejects %s at the top level', (_case, input, shape) => {
    const error = registryErrorOf(() => parseRegistry(input, { subgraphs, source: 'registry.json' }));

    expect(error.problems).toEqual([`top level must be an object with a "municipalities" array (got ${shape})`]);
    expect(error.message).toBe(`Invalid municipality registry registry.json:\n  - top level must be an object with a "municipalities" array (got ${shape})`);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a missing key', { key: undefined }, 'municipalities[0] (Landkreis Lüneburg): key is required'],
    [
      'a key of 6 digits',
      { key: '033550' },
      'municipalities[0] "033550" (Landkreis Lüneburg): key must be a 5- or 8-digit municipality key (AGS) (got "033550")',
    ],
    ['a numeric key', { key: 3355 }, 'municipalities[0] (Landkreis Lüneburg): key must be a 5- or 8-digit municipality key (AGS) (got 3355)'],
    ['a missing name', { name: undefined }, 'municipalities[0] "03355": name is required'],
    ['a blank name', { name: '  ' }, 'municipalities[0] "03355": name must be a non-empty string (got "  ")'],
    ['an unknown kind', { kind: 'DORF' }, 'municipalities[0] "03355" (Landkreis Lüneburg): kind must be one of CITY, LANDKREIS, REGION (got "DORF")'],
    ['a missing kind', { kind: undefined }, 'municipalities[0] "03355" (Landkreis Lüneburg): kind is required'],
    [
      'a parent that is not a key',
      { parent: '3355' },
      'municipalities[0] "03355" (Landkreis Lüneburg): parent must be a 5- or 8-digit municipality key (AGS) (got "3355")',
    ],
    [
      'a parent that is no entry',
      { parent: '03356' },
      'municipalities[0] "03355" (Landkreis Lüneburg): parent must be the key of another municipality in the registry (got "03356")',
    ],
    [
      'a parent that is the entry itself',
      { parent: '03355' },
      'municipalities[0] "03355" (Landkreis Lüneburg): parent must be another municipality, not the entry itself (got "03355")',
    ],
    ['a non-boolean active', { active: 'yes' }, 'municipalities[0] "03355" (Landkreis Lüneburg): active must be true or false (got "yes")'],
    [
      'districts that are not an array',
      { districts: 'Altstadt' },
      'municipalities[0] "03355" (Landkreis Lüneburg): districts must be an array of district names (got "Altstadt")',
    ],
    ['an empty district', { districts: ['Altstadt', ''] }, 'municipalities[0] "03355" (Landkreis Lüneburg): districts[1] must be a non-empty string (got "")'],
    [
      'a duplicate district',
      { districts: ['Altstadt', 'Kaltenmoor', 'Altstadt'] },
      'municipalities[0] "03355" (Landkreis Lüneburg): districts[2] duplicates districts[0] (got "Altstadt")',
    ],
    [
      'subgraphs that are not an object',
      { subgraphs: ['http://x'], active: false },
      'municipalities[0] "03355" (Landkreis Lüneburg): subgraphs must be an object mapping subgraph names to URLs (got ["http://x"])',
    ],
    [
      'an unknown subgraph name',
      { subgraphs: { ...urls(4100), billing: 'http://127.0.0.1:4009/graphql' } },
      'municipalities[0] "03355" (Landkreis Lüneburg): subgraphs.billing is not a known subgraph (known: facility, vacancy, reservation)',
    ],
    [
      'a non-http URL',
      { subgraphs: { ...urls(4100), vacancy: 'ftp://x' } },
      'municipalities[0] "03355" (Landkreis Lüneburg): subgraphs.vacancy must be an http(s) URL (got "ftp://x")',
    ],
    [
      'a relative URL',
      { subgraphs: { ...urls(4100), vacancy: '/graphql' } },
      'municipalities[0] "03355" (Landkreis Lüneburg): subgraphs.vacancy must be an http(s) URL (got "/graphql")',
    ],
    [
      'a URL that is no string',
      { subgraphs: { ...urls(4100), vacancy: 4002 } },
      'municipalities[0] "03355" (Landkreis Lüneburg): subgraphs.vacancy must be an http(s) URL (got 4002)',
    ],
    [
      'an active entry missing a subgraph',
      { subgraphs: { facility: urls(4100).facility, vacancy: urls(4100).vacancy } },
      'municipalities[0] "03355" (Landkreis Lüneburg): subgraphs.reservation is required for an active municipality',
    ],
  ])('reports %s', (_case, change, problem) => {
    expect(problemsOf([{ ...landkreis, ...change }])).toEqual([problem]);
  });

  it('accepts an area and a centroid, and entries without them', () => {
    const area = { south: 53.2, west: 10.34, north: 53.29, east: 10.47 };
    const registry = parseRegistry({ municipalities: [{ ...city, area, centroid: { latitude: 53.2464, longitude: 10.4115 } }, landkreis] }, { subgraphs });
    expect(registry.get('03355022')?.area).toEqual(area);
    expect(registry.get('03355022')?.centroid).toEqual({ latitude: 53.2464, longitude: 10.4115 });
    expect(registry.get('03355')?.area).toBeUndefined();
  });

  it('reports areas and centroids that are out of range, inverted, or apart', () => {
    const problems = problemsOf([
      { ...city, area: { south: 53.3, west: 10.34, north: 53.2, east: 10.47 } },
      { ...landkreis, area: { south: 53, west: 11, north: 91, east: 10 }, centroid: { latitude: 52, longitude: 10.5 } },
      { ...landkreis, key: '03101', area: { south: 52, west: 10, north: 53, east: 11 }, centroid: { latitude: 54, longitude: 10.5 } },
      { ...landkreis, key: '03102', area: [1, 2, 3, 4], centroid: { lat: 52 } },
    ]);
    expect(problems).toEqual([
      'municipalities[0] "03355022" (Hansestadt Lüneburg): area.south must not lie north of area.north',
      'municipalities[1] "03355" (Landkreis Lüneburg): area.north must be from -90 to 90 (got 91)',
      'municipalities[2] "03101" (Landkreis Lüneburg): centroid must lie inside area (got {"latitude":54,"longitude":10.5})',
      'municipalities[3] "03102" (Landkreis Lüneburg): area must be an object { south, west, north, east } in degrees (WGS 84) (got [1,2,3,4])',
      'municipalities[3] "03102" (Landkreis Lüneburg): centroid.latitude is required',
      'municipalities[3] "03102" (Landkreis Lüneburg): centroid.longitude is required',
      'municipalities[3] "03102" (Landkreis Lüneburg): centroid must be an object { latitude, longitude } in degrees (WGS 84) (got {"lat":52})',
    ]);
  });

  it('reports an entry that is not an object', () => {
    expect(problemsOf(['03355'])).toEqual(['municipalities[0]: must be an object (got "03355")']);
  });

  it('reports a duplicate key naming both entries', () => {
    expect(problemsOf([landkreis, city, { ...landkreis, name: 'Lüneburg (Kopie)' }])).toEqual([
      'municipalities[2] "03355" (Lüneburg (Kopie)): key is already used by municipalities[0] (got "03355")',
    ]);
  });

  it('requires every subgraph of an active entry that gives none', () => {
    const { subgraphs: _omitted, ...withoutSubgraphs } = landkreis;

    expect(problemsOf([withoutSubgraphs])).toEqual(
      subgraphs.map((name) => `municipalities[0] "03355" (Landkreis Lüneburg): subgraphs.${name} is required for an active municipality`),
    );
  });

  it('reports every problem of several bad entries in one error', () => {
    const error = registryErrorOf(() =>
      parseRegistry(
        {
          municipalities: [
            city,
            { ...landkreis, kind: 'KREIS', districts: ['Amt Neuhaus', 'Amt Neuhaus'] },
            { key: '0335', name: '', kind: 'CITY', parent: '09162', subgraphs: { facility: 'ftp://x', search: 'http://s' } },
            { ...city, name: 'Lüneburg again', active: 'no' },
          ],
        },
        { subgraphs, source: '/etc/kita/registry.json' },
      ),
    );

    expect(error.problems).toEqual([
      'municipalities[1] "03355" (Landkreis Lüneburg): kind must be one of CITY, LANDKREIS, REGION (got "KREIS")',
      'municipalities[1] "03355" (Landkreis Lüneburg): districts[1] duplicates districts[0] (got "Amt Neuhaus")',
      'municipalities[2] "0335": key must be a 5- or 8-digit municipality key (AGS) (got "0335")',
      'municipalities[2] "0335": name must be a non-empty string (got "")',
      'municipalities[2] "0335": subgraphs.facility must be an http(s) URL (got "ftp://x")',
      'municipalities[2] "0335": subgraphs.search is not a known subgraph (known: facility, vacancy, reservation)',
      'municipalities[2] "0335": parent must be the key of another municipality in the registry (got "09162")',
      'municipalities[2] "0335": subgraphs.vacancy is required for an active municipality',
      'municipalities[2] "0335": subgraphs.reservation is required for an active municipality',
      'municipalities[3] "03355022" (Lüneburg again): active must be true or false (got "no")',
      'municipalities[3] "03355022" (Lüneburg again): key is already used by municipalities[0] (got "03355022")',
    ]);
    expect(error.message).toBe(`Invalid municipality registry /etc/kita/registry.json:\n${error.problems.map((p) => `  - ${p}`).join('\n')}`);
  });

  it('shortens long offending values', () => {
    const [problem] = problemsOf([{ ...landkreis, kind: 'K'.repeat(200) }]);

    expect(problem).toBe(`municipalities[0] "03355" (Landkreis Lüneburg): kind must be one of CITY, LANDKREIS, REGION (got "${'K'.repeat(56)}...)`);
  });
});

describe('loading and watching the registry file', () => {
  const folders: string[] = [];

  afterEach(async () => {
    await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
  });

  async function tempFolder(): Promise<string> {
    const folder = await mkdtemp(join(tmpdir(), 'kita-registry-'));
    folders.push(folder);
    return folder;
  }

  /** Replaces the file the way editors and deploy tools do: write a sibling, then rename over. */
  async function replace(path: string, content: string): Promise<void> {
    await writeFile(`${path}.tmp`, content);
    await rename(`${path}.tmp`, path);
  }

  it('loads a valid file', async () => {
    const path = join(await tempFolder(), 'registry.json');
    await writeFile(path, JSON.stringify({ municipalities: [landkreis, city] }));

    const registry = await loadRegistry(path, { subgraphs });

    expect(registry.municipalities.map((entry) => entry.key)).toEqual(['03355', '03355022']);
  });

  it('reports a missing file as one problem', async () => {
    const path = join(await tempFolder(), 'missing.json');

    const error = await loadRegistry(path, { subgraphs }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RegistryError);
    expect((error as RegistryError).problems).toEqual(['file not found']);
    expect((error as RegistryError).message).toBe(`Invalid municipality registry ${path}:\n  - file not found`);
  });

  it('reports invalid JSON as one problem without quoting the file', async () => {
    const path = join(await tempFolder(), 'registry.json');
    await writeFile(path, '{ "municipalities": [ { "key": "03355", "name": "Geheim" ');

    const error = await loadRegistry(path, { subgraphs }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RegistryError);
    expect((error as RegistryError).problems).toHaveLength(1);
    expect((error as RegistryError).problems[0]).toMatch(/^file is not valid JSON \(line 1, column \d+\)$/);
    expect((error as RegistryError).message).not.toContain('Geheim');
  });

  it('reports validation problems with the file as their source', async () => {
    const path = join(await tempFolder(), 'registry.json');
    await writeFile(path, JSON.stringify({ municipalities: [{ ...landkreis, kind: 'DORF' }] }));

    const error = await loadRegistry(path, { subgraphs }).catch((e: unknown) => e);

    expect((error as RegistryError).message).toBe(
      `Invalid municipality registry ${path}:\n  - municipalities[0] "03355" (Landkreis Lüneburg): kind must be one of CITY, LANDKREIS, REGION (got "DORF")`,
    );
  });

  it('picks up a replaced file, reports a broken one and recovers on the next good write', async () => {
    const path = join(await tempFolder(), 'registry.json');
    await writeFile(path, JSON.stringify({ municipalities: [landkreis] }));

    const events: Array<Registry | RegistryError> = [];
    const watcher = watchRegistry(path, {
      subgraphs,
      debounceMs: 20,
      logger: silentLogger,
      onChange: (registry) => events.push(registry),
      onError: (error) => events.push(error),
    });
    const nextEvent = async () => {
      await expect.poll(() => events.length, { timeout: 5_000 }).toBeGreaterThan(0);
      return events.shift();
    };

    try {
      await replace(path, JSON.stringify({ municipalities: [landkreis, city] }));
      const grown = (await nextEvent()) as Registry;
      expect(grown.municipalities.map((entry) => entry.key)).toEqual(['03355', '03355022']);

      await replace(path, '{ "municipalities": [');
      const broken = await nextEvent();
      expect(broken).toBeInstanceOf(RegistryError);
      expect((broken as RegistryError).problems).toEqual([expect.stringMatching(/^file is not valid JSON/)]);

      await replace(path, JSON.stringify({ municipalities: [city, landkreis, { key: '03354', name: 'Lüchow-Dannenberg', kind: 'LANDKREIS', active: false }] }));
      const recovered = (await nextEvent()) as Registry;
      expect(recovered.active().map((entry) => entry.key)).toEqual(['03355022', '03355']);
      expect(recovered.get('03354')?.active).toBe(false);
    } finally {
      watcher.close();
    }

    // Closed: later writes reach no one.
    await replace(path, JSON.stringify({ municipalities: [] }));
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(events).toEqual([]);
  });

  it('ignores changes to other files in the folder', async () => {
    const folder = await tempFolder();
    const path = join(folder, 'registry.json');
    await writeFile(path, JSON.stringify({ municipalities: [landkreis] }));
    const seen: unknown[] = [];
    const watcher = watchRegistry(path, { subgraphs, debounceMs: 20, logger: silentLogger, onChange: (r) => seen.push(r), onError: (e) => seen.push(e) });

    try {
      await writeFile(join(folder, 'other.json'), 'not json');
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(seen).toEqual([]);
    } finally {
      watcher.close();
    }
  });

  it('keeps watching when a callback throws', async () => {
    const path = join(await tempFolder(), 'registry.json');
    await writeFile(path, JSON.stringify({ municipalities: [] }));
    const loggedErrors: string[] = [];
    const received: number[] = [];
    const watcher = watchRegistry(path, {
      subgraphs,
      debounceMs: 20,
      logger: { ...silentLogger, error: (event) => loggedErrors.push(event) },
      onChange: (registry) => {
        received.push(registry.municipalities.length);
        if (received.length === 1) throw new Error('caller bug');
      },
      onError: () => {},
    });

    try {
      await replace(path, JSON.stringify({ municipalities: [landkreis] }));
      await expect.poll(() => received, { timeout: 5_000 }).toEqual([1]);
      await replace(path, JSON.stringify({ municipalities: [landkreis, city] }));
      await expect.poll(() => received, { timeout: 5_000 }).toEqual([1, 2]);
      expect(loggedErrors).toEqual(['registry_callback_failed']);
    } finally {
      watcher.close();
    }
  });
});
