import { randomUUID } from 'node:crypto';
import { insertSnapshotRows, recordSnapshot } from '@kita/reservation';
import { today } from '@kita/shared';
import { asGateway, postGraphQL, tokenFor } from '@kita/shared/testing';
import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  city,
  familyInput,
  gatewayClient,
  kitaProfile,
  landkreis,
  publishFacility,
  reservationMutations,
  shiftDays,
  shiftMonths,
  startTestStack,
  type TestStack,
  tagespflegeProfile,
} from './support.js';

// Supply against demand for regional planning (issue 15), through the real gateway and real
// instances of Hansestadt and Landkreis Lüneburg: the buckets add up to the detailed statistics,
// each child counts once, and small numbers are suppressed after merging, on every path.
let stack: TestStack;
const { call, ok } = gatewayClient(() => stack.gateway.url);

const analyst = () => tokenFor({ role: 'analyst', subject: 'analyst-region', municipalities: [city, landkreis] });
const officeCity = () => tokenFor({ role: 'office', subject: 'office-city', municipalities: [city] });
const officeLandkreis = () => tokenFor({ role: 'office', subject: 'office-landkreis', municipalities: [landkreis] });
const provider = () => tokenFor({ role: 'provider', subject: 'provider-lueneburg' });
const wishedStart = shiftMonths(4);
const names = ['Mila', 'Noah', 'Emma', 'Ben', 'Lina', 'Paul', 'Ida', 'Finn'];

const figures = 'municipality district kind ageGroup hoursBand capacity freePlaces children waiting placed suppressed coverage';
const statistics = `query($groupBy: [StatisticsDimension!], $m: [String!]) { supplyDemandStatistics(groupBy: $groupBy, municipalities: $m) { ${figures} } }`;
const demand = '{ demandStatistics { municipality children waiting placed } }';

async function catchUp(): Promise<void> {
  for (const subgraph of ['facility', 'vacancy', 'reservation', 'vacancy', 'reservation'] as const) {
    for (const municipality of [city, landkreis]) await stack.instance(municipality, subgraph).background?.catchUp?.();
  }
}

async function reserve(name: string, choices: Array<{ m: string; facilityId: string; rank: number }>): Promise<void> {
  const parent = await tokenFor({ role: 'parent', subject: `parent-${name.toLowerCase()}` });
  const input = { ...familyInput(name, 'Beispiel', { wishedStart, ageMonths: 20 }), applicationKey: randomUUID() };
  for (const m of new Set(choices.map((choice) => choice.m))) {
    const own = choices.filter((choice) => choice.m === m).map(({ facilityId, rank }) => ({ facilityId, rank }));
    await ok(reservationMutations.saveDraft, { m, input: { ...input, choices: own } }, parent);
  }
  for (const m of new Set(choices.map((choice) => choice.m)))
    await ok(reservationMutations.submit, { m, key: input.applicationKey, idem: randomUUID() }, parent);
}

const sum = (buckets: any[], field: string) => buckets.reduce((total, bucket) => total + (bucket[field] ?? 0), 0);
const reservationEm = (municipality: string) => stack.instance(municipality, 'reservation').database.orm.em.fork() as EntityManager;

beforeAll(async () => {
  stack = await startTestStack({ municipalities: [city, landkreis] });
  const cityTokens = { provider: await provider(), office: await officeCity() };
  const amSande = await publishFacility(ok, city, kitaProfile('Kita Am Sande'), cityTokens);
  await publishFacility(ok, city, kitaProfile('Kita Bockelsberg'), cityTokens);
  const kruemelkiste = await publishFacility(ok, landkreis, tagespflegeProfile, { provider: await provider(), office: await officeLandkreis() });
  const vacancy = { places: 3, ageRange: { fromMonths: 0, toMonths: 36 }, hoursBand: 'FULL_DAY', availableFrom: today() };
  await ok(
    'mutation($id: ID!, $input: VacancyInput!) { addVacancy(facilityId: $id, input: $input) { id } }',
    { id: amSande, input: vacancy },
    await officeCity(),
  );
  await catchUp();
  // Six children wait in the city's Kaltenmoor (one of them also chose the Landkreis, second), two only in the Landkreis.
  await reserve(names[0], [
    { m: city, facilityId: amSande, rank: 1 },
    { m: landkreis, facilityId: kruemelkiste, rank: 2 },
  ]);
  for (const name of names.slice(1, 6)) await reserve(name, [{ m: city, facilityId: amSande, rank: 1 }]);
  for (const name of names.slice(6)) await reserve(name, [{ m: landkreis, facilityId: kruemelkiste, rank: 1 }]);
  await catchUp();
}, 180_000);

afterAll(async () => {
  await stack?.close();
});

describe('supply against demand', () => {
  it('adds up to the same totals as the detailed statistics, each child once', async () => {
    const token = await analyst();
    const [region] = await ok(statistics, { groupBy: [] }, token);
    const detailed = await ok(demand, {}, token);
    const freePlaces = await ok('{ freePlaceStatistics { places } }', {});
    expect(region).toEqual({
      municipality: null,
      district: null,
      kind: null,
      ageGroup: null,
      hoursBand: null,
      capacity: 2 * (15 + 25) + 5,
      freePlaces: sum(freePlaces, 'places'),
      children: sum(detailed, 'children'),
      waiting: sum(detailed, 'waiting'),
      placed: 0,
      suppressed: false,
      coverage: 0.38,
    });
    expect(region.children).toBe(8);
    // Every grouping adds up to the region (the finest too, before suppression: asked of the instance as the gateway).
    const byMunicipality = await ok(statistics, { groupBy: ['MUNICIPALITY'] }, token);
    expect(sum(byMunicipality, 'capacity')).toBe(region.capacity);
    expect(sum(byMunicipality, 'freePlaces')).toBe(region.freePlaces);
    const byAge = await ok(statistics, { groupBy: ['AGE_GROUP', 'HOURS_BAND'] }, token);
    expect(byAge).toEqual([
      expect.objectContaining({ ageGroup: 'KRIPPE', hoursBand: 'FULL_DAY', children: 8, waiting: 8, capacity: 35, freePlaces: 3 }),
      expect.objectContaining({ ageGroup: 'KINDERGARTEN', hoursBand: 'FULL_DAY', children: 0, capacity: 50 }),
    ]);
  });

  it('suppresses buckets of 1 to 4 children after merging, and coverage with them', async () => {
    const byMunicipality = await ok(statistics, { groupBy: ['MUNICIPALITY'] }, await analyst());
    // The Landkreis's 2 is suppressed; so is the city's 6 (secondary suppression): the region's 8
    // minus a shown 6 would give the 2.
    expect(byMunicipality.map((bucket: any) => [bucket.municipality, bucket.children, bucket.waiting, bucket.suppressed, bucket.coverage])).toEqual([
      [landkreis, null, null, true, null],
      [city, null, null, true, null],
    ]);
    // Mila chose both; she counts in the city (rank 1), so the Landkreis alone has 2 (suppressed), not 3.
    const landkreisOnly = await ok(statistics, { groupBy: ['MUNICIPALITY'], m: [landkreis] }, await analyst());
    expect(landkreisOnly).toEqual([expect.objectContaining({ municipality: landkreis, children: null, suppressed: true, capacity: 5 })]);
    // Whatever the client selects: coverage alone still follows the suppression.
    const coverageOnly = await ok('{ supplyDemandStatistics(groupBy: [MUNICIPALITY]) { municipality coverage } }', {}, await analyst());
    expect(coverageOnly).toEqual([
      { municipality: landkreis, coverage: null },
      { municipality: city, coverage: null },
    ]);
  });

  it('answers the same, summed and suppressed, whether the counts are asked directly, in a named, nested or inline fragment or under a condition, for every role that sees statistics', async () => {
    const keysAndSupply = 'municipality district kind ageGroup hoursBand capacity freePlaces';
    const args = '$groupBy: [StatisticsDimension!], $m: [String!]';
    const yes = '$yes: Boolean = true';
    const no = '$no: Boolean = false';
    const field = 'supplyDemandStatistics(groupBy: $groupBy, municipalities: $m)';
    // The query planner expands named fragments; conditions reach the gateway's merge as inline fragments (the root field's too).
    const ways: Record<string, string> = {
      fragment: `query(${args}) { ${field} { ...Figures } } fragment Figures on SupplyDemandBucket { ${figures} }`,
      nested: `query(${args}) { ${field} { ...Outer } }
        fragment Outer on SupplyDemandBucket { ${keysAndSupply} ...Counts }
        fragment Counts on SupplyDemandFigures { children waiting placed suppressed coverage }`,
      inline: `query(${args}) { ${field} { ... on SupplyDemandBucket { ${keysAndSupply} } ... on SupplyDemandFigures { children waiting placed } ... { suppressed coverage } } }`,
      conditional: `query(${args}, ${yes}, ${no}) { ${field} { ${keysAndSupply} ... @include(if: $yes) { children waiting } placed @skip(if: $no) ...Flags @include(if: $yes) } }
        fragment Flags on SupplyDemandFigures { suppressed coverage }`,
      conditionalRoot: `query(${args}, ${yes}) { ... @include(if: $yes) { ${field} { ${figures} } } }`,
      split: `query(${args}, ${no}) { ${field} { ${keysAndSupply} waiting } ... @skip(if: $no) { ${field} { children placed suppressed coverage } } }`,
    };
    const roles = { analyst, officeCity, officeLandkreis };
    const answers: Record<string, any[]> = {};
    for (const [role, tokenOf] of Object.entries(roles)) {
      const token = await tokenOf();
      for (const groupBy of [[], ['MUNICIPALITY'], ['MUNICIPALITY', 'DISTRICT', 'AGE_GROUP']]) {
        const direct = await ok(statistics, { groupBy }, token);
        answers[`${role} ${groupBy.join('+')}`] = direct;
        for (const [way, source] of Object.entries(ways))
          expect(await ok(source, { groupBy }, token), `${role}, ${way}, by ${groupBy.join('+')}`).toEqual(direct);
      }
    }
    // What they all equal: each child once (Mila in the city only), 1 to 4 suppressed, and the city's 6 beside the Landkreis's 2 as well.
    expect(answers['analyst '][0]).toMatchObject({ children: 8, waiting: 8, suppressed: false });
    expect(answers['analyst MUNICIPALITY'].map((bucket) => [bucket.municipality, bucket.waiting, bucket.suppressed])).toEqual([
      [landkreis, null, true],
      [city, null, true],
    ]);
    expect(answers['officeCity MUNICIPALITY'].map((bucket) => [bucket.municipality, bucket.waiting, bucket.suppressed])).toEqual([[city, 6, false]]);
    expect(answers['officeLandkreis MUNICIPALITY'].map((bucket) => [bucket.municipality, bucket.children, bucket.waiting, bucket.suppressed])).toEqual([
      [landkreis, null, null, true],
    ]);
    // The demand statistics count each child once however their counts are asked.
    const token = await analyst();
    const direct = await ok(demand, {}, token);
    expect(sum(direct, 'children')).toBe(8);
    for (const source of [
      '{ demandStatistics { ...Demand } } fragment Demand on DemandBucket { municipality children waiting placed }',
      'query($yes: Boolean = true) { demandStatistics { municipality ... @include(if: $yes) { children ... on DemandBucket { waiting placed } } } }',
    ])
      expect(await ok(source, {}, token)).toEqual(direct);
  });

  it('lets no subtraction recover a count of 1 to 4: region vs municipalities, municipality vs districts, district vs age groups and hours bands', async () => {
    const token = await analyst();
    const dimensions: Record<string, string> = {
      MUNICIPALITY: 'municipality',
      DISTRICT: 'district',
      KIND: 'kind',
      AGE_GROUP: 'ageGroup',
      HOURS_BAND: 'hoursBand',
    };
    // What a coarser answer leaves out: a district, a municipality with its districts, ...
    const margins = [['DISTRICT'], ['MUNICIPALITY', 'DISTRICT'], ['KIND'], ['AGE_GROUP'], ['HOURS_BAND']];
    const groupings = [
      [],
      ['MUNICIPALITY'],
      ['MUNICIPALITY', 'DISTRICT'],
      ['MUNICIPALITY', 'DISTRICT', 'AGE_GROUP'],
      ['MUNICIPALITY', 'DISTRICT', 'HOURS_BAND'],
      ['AGE_GROUP'],
      ['HOURS_BAND'],
      ['AGE_GROUP', 'HOURS_BAND'],
      ['MUNICIPALITY', 'AGE_GROUP'],
      ['KIND'],
      ['MUNICIPALITY', 'KIND'],
    ];
    const answers = new Map<string, any[]>();
    for (const groupBy of groupings) answers.set(groupBy.join(), await ok(statistics, { groupBy }, token));
    const recovered: Array<{ grouping: string; bucket: unknown; field: string; value: number }> = [];
    for (const groupBy of groupings) {
      for (const margin of margins) {
        const coarser = groupBy.filter((dimension) => !margin.includes(dimension));
        if (coarser.length === groupBy.length) continue;
        for (const total of answers.get(coarser.join()) ?? []) {
          const line = (answers.get(groupBy.join()) ?? []).filter((bucket) =>
            coarser.every((dimension) => bucket[dimensions[dimension]] === total[dimensions[dimension]]),
          );
          for (const field of ['children', 'waiting', 'placed']) {
            const unknown = [total, ...line].filter((bucket) => bucket[field] === null);
            if (unknown.length !== 1) continue;
            const value = unknown[0] === total ? sum(line, field) : total[field] - sum(line, field);
            recovered.push({ grouping: groupBy.join(), bucket: unknown[0], field, value });
          }
        }
      }
    }
    // The answers suppress something (the Landkreis's 2), yet no subtraction gives a value of 1 to 4.
    expect([...answers.values()].flat().some((bucket) => bucket.suppressed)).toBe(true);
    expect(recovered.filter(({ value }) => value >= 1 && value <= 4)).toEqual([]);
    // The region's total stays shown, and adds up to the detailed statistics.
    expect(answers.get('')).toEqual([expect.objectContaining({ children: 8, waiting: 8, suppressed: false })]);
  });

  it('suppresses on an instance called by anyone but the gateway, and keeps claims and _entities closed', async () => {
    const url = stack.instance(landkreis, 'reservation').url;
    const token = await tokenFor({ role: 'analyst', subject: 'analyst-landkreis', municipalities: [landkreis] });
    const direct = await postGraphQL(
      url,
      `{ supplyDemandStatistics(groupBy: [MUNICIPALITY]) { municipality children waiting suppressed coverage } }`,
      {},
      token,
    );
    expect(direct.body.data?.supplyDemandStatistics).toEqual([{ municipality: landkreis, children: null, waiting: null, suppressed: true, coverage: null }]);
    // The gateway gets raw counts (it merges, then suppresses).
    const asTheGateway = await postGraphQL(url, `{ supplyDemandStatistics(groupBy: [MUNICIPALITY]) { children } }`, {}, token, await asGateway(landkreis));
    expect(asTheGateway.body.data?.supplyDemandStatistics).toEqual([{ children: 3 }]);
    const claims = await postGraphQL(url, `{ supplyDemandStatistics { childClaims(salt: "0123456789abcdef") { token } } }`, {}, token);
    expect(claims.status).toBe(403);
    // Buckets are no entities: _entities cannot reach them, directly or through the gateway.
    const entities = await postGraphQL(
      url,
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on SupplyDemandBucket { children } } }',
      { r: [{ __typename: 'SupplyDemandBucket', municipality: landkreis }] },
      token,
      await asGateway(landkreis),
    );
    expect(entities.body.data?._entities ?? null).toBeNull();
    expect(JSON.stringify(entities.body)).not.toMatch(/"children":\s*[0-9]/);
    const viaGateway = await call('{ _entities(representations: [{ __typename: "SupplyDemandBucket" }]) { __typename } }', {}, token);
    expect(viaGateway.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('gives an analyst aggregates only: no names, birth dates or pseudonyms, and no reservation', async () => {
    const token = await analyst();
    const text = JSON.stringify(await call(statistics, {}, token));
    for (const name of names) expect(text).not.toContain(name);
    expect(text).not.toMatch(/Beispiel|birth|pseudonym|claim|token|salt|[0-9]{4}-[0-9]{2}-[0-9]{2}/i);
    const queue = await call(`query($m: String!) { reservationQueue(municipality: $m) { edges { node { id } } } }`, { m: city }, token);
    expect(queue.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const anonymous = await call(statistics, {});
    expect(anonymous.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const parent = await call(statistics, {}, await tokenFor({ role: 'parent', subject: 'parent-mila' }));
    expect(parent.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('history', () => {
  it('records one snapshot a day per municipality and serves the time series, summed and suppressed after merging', async () => {
    // The job recorded today when the facilities arrived; each run replaces the day, so it holds today's last state once.
    for (const m of [city, landkreis]) {
      expect(await recordSnapshot(reservationEm(m), m)).toBeGreaterThan(0);
      const rows = await reservationEm(m).execute('select count(*)::int as n from statistics_snapshot where day = ?', [today()]);
      expect(await recordSnapshot(reservationEm(m), m)).toBe(rows[0].n);
      expect(await reservationEm(m).execute('select count(*)::int as n from statistics_snapshot where day = ?', [today()])).toEqual(rows);
    }
    // Two past days: 2 + 2 waiting (each suppressed on its own) make 4 (still suppressed); 3 + 3 make 6.
    const row = { district: 'Kaltenmoor', kind: 'KINDERTAGESSTAETTE', ageGroup: 'KRIPPE', hoursBand: 'FULL_DAY', capacity: 10, freePlaces: 2, placed: 0 };
    for (const [m, day, waiting] of [
      [city, shiftDays(-2), 2],
      [landkreis, shiftDays(-2), 2],
      [city, shiftDays(-1), 3],
      [landkreis, shiftDays(-1), 3],
    ] as const)
      await insertSnapshotRows(reservationEm(m), day, [{ ...row, children: waiting, waiting }]);
    const history = await ok(
      `query($from: LocalDate!) { supplyDemandHistory(from: $from) { day capacity freePlaces children waiting suppressed coverage } }`,
      { from: shiftDays(-2) },
      await analyst(),
    );
    expect(history).toEqual([
      { day: shiftDays(-2), capacity: 20, freePlaces: 4, children: null, waiting: null, suppressed: true, coverage: null },
      { day: shiftDays(-1), capacity: 20, freePlaces: 4, children: 6, waiting: 6, suppressed: false, coverage: 0.67 },
      // Today, from the job: per municipality (Mila counts in both: no distinct count for recorded days).
      { day: today(), capacity: 85, freePlaces: 3, children: 9, waiting: 9, suppressed: false, coverage: 0.33 },
    ]);
    // The same asked in fragments and under a condition: summed and suppressed alike.
    const historyInFragments = await ok(
      `query($from: LocalDate!, $yes: Boolean = true) { supplyDemandHistory(from: $from) { ...Day ... @include(if: $yes) { children waiting suppressed coverage } } }
        fragment Day on SupplyDemandSnapshot { day ... on SupplyDemandFigures { capacity freePlaces } }`,
      { from: shiftDays(-2) },
      await analyst(),
    );
    expect(historyInFragments).toEqual(history);
    // Only the days asked for (a year's chart needs one a week): the others are not read.
    const some = await ok(
      `query($from: LocalDate!, $days: [LocalDate!]) { supplyDemandHistory(from: $from, days: $days) { day waiting } }`,
      { from: shiftDays(-2), days: [shiftDays(-1), today()] },
      await analyst(),
    );
    expect(some).toEqual([
      { day: shiftDays(-1), waiting: 6 },
      { day: today(), waiting: 9 },
    ]);
    const badDay = await call('{ supplyDemandHistory(from: "2026-01-01", days: ["2026-02-30"]) { day } }', {}, await analyst());
    expect(badDay.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(badDay.body.errors)).not.toContain('2026-02-30');
    const tooLong = await call('{ supplyDemandHistory(from: "2020-01-01") { day } }', {}, await analyst());
    expect(tooLong.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
