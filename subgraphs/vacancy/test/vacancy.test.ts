import { randomUUID } from 'node:crypto';
import { formatId, newLocalId, pendingSchemaChanges, type SubgraphServer, today } from '@kita/shared';
import { postGraphQL, startTestSubgraph, TestDatabases, tokenFor } from '@kita/shared/testing';
import { HoursBand, VacancyEntity, vacancyModule } from '@kita/vacancy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertMembers } from './support.js';

const lueneburg = '03355022';
const landkreis = '03355';

// Two instances of Lüneburg on separate databases: one that the write tests change, and one
// with a fixed set of vacancies whose lists and statistics the read tests can assert exactly.
const writeDatabases = new TestDatabases();
const readDatabases = new TestDatabases();
let writes: SubgraphServer;
let reads: SubgraphServer;

const dayBefore = (day: string) => {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
};

const vacancyRow = (facilityId: string, values: Partial<VacancyEntity>) =>
  Object.assign(new VacancyEntity(), {
    facilityId,
    places: 1,
    ageFromMonths: 12,
    ageToMonths: 36,
    hoursBand: HoursBand.FULL_DAY,
    availableFrom: '2027-08-01',
    availableUntil: null,
    ...values,
  });

// The fixed data set of `reads`.
const sonnenblume = newLocalId();
const regenbogen = newLocalId();
// Three vacancies from the same day; IDs assigned so that insertion order is not ID order.
const [firstOfDay, secondOfDay, thirdOfDay] = [newLocalId(), newLocalId(), newLocalId()].sort();
const fixed = {
  schoolAge: vacancyRow(regenbogen, { places: 4, ageFromMonths: 72, ageToMonths: 144, hoursBand: HoursBand.THREE_QUARTER, availableFrom: '2028-08-01' }),
  krippeFullDayA: vacancyRow(sonnenblume, { id: thirdOfDay, places: 2 }),
  krippeFullDayB: vacancyRow(regenbogen, { id: secondOfDay, places: 3, ageFromMonths: 0, availableUntil: '2099-12-31' }),
  kindergartenFullDay: vacancyRow(sonnenblume, { id: firstOfDay, places: 6, ageFromMonths: 36, ageToMonths: 72 }),
  // Last day today: still current.
  kindergartenHalfDay: vacancyRow(sonnenblume, {
    places: 1,
    ageFromMonths: 36,
    ageToMonths: 72,
    hoursBand: HoursBand.HALF_DAY,
    availableFrom: '2027-02-01',
    availableUntil: today(),
  }),
  // From 35 months: still Krippe.
  krippeHalfDay: vacancyRow(sonnenblume, { places: 5, ageFromMonths: 35, ageToMonths: 48, hoursBand: HoursBand.HALF_DAY, availableFrom: '2026-01-01' }),
  expiredLongAgo: vacancyRow(sonnenblume, { places: 9, availableFrom: '2020-01-01', availableUntil: '2020-07-31' }),
  expiredYesterday: vacancyRow(regenbogen, {
    places: 7,
    ageFromMonths: 36,
    ageToMonths: 72,
    hoursBand: HoursBand.HALF_DAY,
    availableFrom: '2020-01-01',
    availableUntil: dayBefore(today()),
  }),
};
const globalId = (row: VacancyEntity) => formatId(lueneburg, row.id);

beforeAll(async () => {
  [writes, reads] = await Promise.all([
    startTestSubgraph(writeDatabases, vacancyModule, lueneburg),
    startTestSubgraph(readDatabases, vacancyModule, lueneburg),
  ]);
  await reads.database.orm.em.fork().insertMany(VacancyEntity, Object.values(fixed));
});

afterAll(async () => {
  await Promise.all([writes?.close(), reads?.close()]);
  await Promise.all([writeDatabases.drop(), readDatabases.drop()]);
});

const vacancyFields = 'id facility { id } places ageRange { fromMonths toMonths } hoursBand availableFrom availableUntil';
const addVacancy = `mutation Add($facilityId: ID!, $input: VacancyInput!) { addVacancy(facilityId: $facilityId, input: $input) { ${vacancyFields} } }`;
const removeVacancies = 'mutation Remove($ids: [ID!]!) { removeVacancies(ids: $ids) }';
const upcoming = `query Upcoming($municipalities: [String!], $from: LocalDate, $first: Int) {
  upcomingVacancies(municipalities: $municipalities, from: $from, first: $first) { id availableFrom }
}`;
const statistics = `query Statistics($municipalities: [String!]) {
  freePlaceStatistics(municipalities: $municipalities) { ageGroup hoursBand vacancies places }
}`;

const input = {
  places: 3,
  ageRange: { fromMonths: 12, toMonths: 36 },
  hoursBand: 'FULL_DAY',
  availableFrom: '2027-08-01',
  availableUntil: '2028-07-31',
};

/** Rows stored for one facility of the write instance. */
const storedFor = (facilityLocalId: string) => writes.database.orm.em.fork().find(VacancyEntity, { facilityId: facilityLocalId });

/** A provider who acts for these facilities (global IDs), as the facility subgraph's events said. */
async function providerOf(...facilityIds: string[]): Promise<string> {
  const subject = `provider-${randomUUID()}`;
  await insertMembers(writes, subject, facilityIds);
  return tokenFor({ role: 'provider', subject, municipalities: [lueneburg] });
}
const officeOf = (municipality: string) => tokenFor({ role: 'office', municipalities: [municipality] });

/** Stores vacancies for `facilityLocalId` on the write instance and returns their global IDs. */
async function seedVacancies(facilityLocalId: string, count: number): Promise<string[]> {
  const rows = Array.from({ length: count }, () => vacancyRow(facilityLocalId, {}));
  await writes.database.orm.em.fork().insertMany(VacancyEntity, rows);
  return rows.map(globalId);
}

describe('vacancy subgraph on PostgreSQL', () => {
  it('has migrations that match the entities exactly', async () => {
    expect(await pendingSchemaChanges(writes.database)).toBe('');
  });
});

describe('addVacancy', () => {
  it('stores and returns a vacancy published by a provider of the facility', async () => {
    const facility = newLocalId();
    const facilityId = formatId(lueneburg, facility);

    const { body } = await postGraphQL(writes.url, addVacancy, { facilityId, input }, await providerOf(facilityId));

    expect(body.errors).toBeUndefined();
    const added = body.data.addVacancy;
    expect(added).toEqual({ ...input, id: expect.stringMatching(/^03355022:[0-9a-f-]{36}$/), facility: { id: facilityId } });
    const rows = await storedFor(facility);
    expect(rows).toHaveLength(1);
    expect(formatId(lueneburg, rows[0].id)).toBe(added.id);
    expect(rows[0]).toMatchObject({
      places: 3,
      ageFromMonths: 12,
      ageToMonths: 36,
      hoursBand: HoursBand.FULL_DAY,
      availableFrom: '2027-08-01',
      availableUntil: '2028-07-31',
    });
  });

  it('stores an open-ended vacancy published by the office of the municipality', async () => {
    const facility = newLocalId();
    const { availableUntil: _omitted, ...openEnded } = input;

    const { body } = await postGraphQL(writes.url, addVacancy, { facilityId: formatId(lueneburg, facility), input: openEnded }, await officeOf(lueneburg));

    expect(body.errors).toBeUndefined();
    expect(body.data.addVacancy.availableUntil).toBeNull();
    expect((await storedFor(facility)).map((row) => row.availableUntil)).toEqual([null]);
  });

  it('accepts a facility ID in upper case as the same facility the provider acts for', async () => {
    const facility = newLocalId();
    const facilityId = formatId(lueneburg, facility);

    const { body } = await postGraphQL(writes.url, addVacancy, { facilityId: facilityId.toUpperCase(), input }, await providerOf(facilityId));

    expect(body.errors).toBeUndefined();
    expect(body.data.addVacancy.facility.id).toBe(facilityId);
    expect(await storedFor(facility)).toHaveLength(1);
  });

  it.each([
    ['anonymous', async (): Promise<string | undefined> => undefined, 'UNAUTHENTICATED'],
    ['a parent', () => tokenFor({ role: 'parent' }), 'FORBIDDEN'],
    ['an analyst of the municipality', () => tokenFor({ role: 'analyst', municipalities: [lueneburg] }), 'FORBIDDEN'],
    ['a provider of another facility', () => providerOf(formatId(lueneburg, newLocalId())), 'FORBIDDEN'],
    ['the office of the Landkreis (03355), not of the city', () => officeOf(landkreis), 'FORBIDDEN'],
  ] as const)('refuses %s with %s and writes nothing', async (_who, token, code) => {
    const facility = newLocalId();

    const { body } = await postGraphQL(writes.url, addVacancy, { facilityId: formatId(lueneburg, facility), input }, await token());

    expect(body.data).toBeNull();
    expect(body.errors?.[0].extensions?.code).toBe(code);
    expect(await storedFor(facility)).toHaveLength(0);
  });

  it('refuses a provider who acts for the same local ID in another municipality', async () => {
    const facility = newLocalId();

    const { body } = await postGraphQL(
      writes.url,
      addVacancy,
      { facilityId: formatId(lueneburg, facility), input },
      await providerOf(formatId(landkreis, facility)),
    );

    expect(body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await storedFor(facility)).toHaveLength(0);
  });

  it.each([
    ['no places', { places: 0 }, 'input.places'],
    ['more than 50 places', { places: 51 }, 'input.places'],
    ['a negative age', { ageRange: { fromMonths: -1, toMonths: 36 } }, 'input.ageRange.fromMonths'],
    ['an empty age band', { ageRange: { fromMonths: 36, toMonths: 36 } }, 'input.ageRange.toMonths'],
    ['a reversed age band', { ageRange: { fromMonths: 36, toMonths: 12 } }, 'input.ageRange.toMonths'],
    ['an age band beyond 216 months', { ageRange: { fromMonths: 72, toMonths: 217 } }, 'input.ageRange.toMonths'],
    ['an end before the start', { availableFrom: '2027-08-01', availableUntil: '2027-07-31' }, 'input.availableUntil'],
    ['an end in the past', { availableFrom: '2020-01-01', availableUntil: '2020-07-31' }, 'input.availableUntil'],
  ])('refuses %s as BAD_USER_INPUT naming %s and writes nothing', async (_case, change, argument) => {
    const facility = newLocalId();

    const { body } = await postGraphQL(
      writes.url,
      addVacancy,
      { facilityId: formatId(lueneburg, facility), input: { ...input, ...change } },
      await officeOf(lueneburg),
    );

    expect(body.data).toBeNull();
    expect(body.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argument });
    expect(await storedFor(facility)).toHaveLength(0);
  });

  it.each([
    ['a date that does not exist', { availableFrom: '2027-02-30' }, 'input.availableFrom'],
    ['a date with time', { availableUntil: '2028-07-31T00:00:00Z' }, 'input.availableUntil'],
    ['an unknown hours band', { hoursBand: 'NIGHT' }, 'input.hoursBand'],
    ['a fractional number of places', { places: 2.5 }, 'input.places'],
  ])('refuses %s before the resolver runs, as BAD_USER_INPUT whose message names %s', async (_case, change, path) => {
    const facility = newLocalId();

    const { body } = await postGraphQL(
      writes.url,
      addVacancy,
      { facilityId: formatId(lueneburg, facility), input: { ...input, ...change } },
      await officeOf(lueneburg),
    );

    expect(body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0].message).toContain(`"${path}"`);
    expect(await storedFor(facility)).toHaveLength(0);
  });

  it('refuses a facility of another municipality with WRONG_MUNICIPALITY', async () => {
    const facility = newLocalId();
    const token = await tokenFor({ role: 'office', municipalities: [lueneburg, landkreis] });

    const { body } = await postGraphQL(writes.url, addVacancy, { facilityId: formatId(landkreis, facility), input }, token);

    expect(body.errors?.[0].extensions).toEqual({ code: 'WRONG_MUNICIPALITY', argument: 'facilityId', municipality: landkreis });
    expect(await storedFor(facility)).toHaveLength(0);
  });

  it('refuses a malformed facility ID with INVALID_ID', async () => {
    const { body } = await postGraphQL(writes.url, addVacancy, { facilityId: `${lueneburg}:42`, input }, await officeOf(lueneburg));

    expect(body.errors?.[0].extensions).toEqual({ code: 'INVALID_ID', argument: 'facilityId' });
  });
});

describe('removeVacancies', () => {
  const stillStored = async (ids: string[]) => {
    const rows = await writes.database.orm.em.fork().find(VacancyEntity, { id: { $in: ids.map((id) => id.split(':')[1]) } });
    return rows.map(globalId).sort();
  };

  it("removes a provider's own vacancies and returns their IDs", async () => {
    const facility = newLocalId();
    const [first, second, kept] = await seedVacancies(facility, 3);

    const { body } = await postGraphQL(writes.url, removeVacancies, { ids: [second, first] }, await providerOf(formatId(lueneburg, facility)));

    expect(body.errors).toBeUndefined();
    expect(body.data.removeVacancies).toEqual([second, first]);
    expect(await stillStored([first, second, kept])).toEqual([kept]);
  });

  it("removes nothing when one vacancy is not the provider's (FORBIDDEN)", async () => {
    const own = newLocalId();
    const ids = [...(await seedVacancies(own, 2)), ...(await seedVacancies(newLocalId(), 1))];

    const { body } = await postGraphQL(writes.url, removeVacancies, { ids }, await providerOf(formatId(lueneburg, own)));

    expect(body.data).toBeNull();
    expect(body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await stillStored(ids)).toEqual([...ids].sort());
  });

  it('removes nothing when one ID is unknown (NOT_FOUND) and names it', async () => {
    const ids = await seedVacancies(newLocalId(), 2);
    const unknown = formatId(lueneburg, newLocalId());

    const { body } = await postGraphQL(writes.url, removeVacancies, { ids: [...ids, unknown] }, await officeOf(lueneburg));

    expect(body.errors?.[0].extensions).toEqual({ code: 'NOT_FOUND', argument: 'ids', ids: [unknown] });
    expect(await stillStored(ids)).toEqual([...ids].sort());
  });

  it.each([
    ['anonymous', async (): Promise<string | undefined> => undefined, 'UNAUTHENTICATED'],
    ['a parent', () => tokenFor({ role: 'parent' }), 'FORBIDDEN'],
    ['an analyst of the municipality', () => tokenFor({ role: 'analyst', municipalities: [lueneburg] }), 'FORBIDDEN'],
    ['the office of the Landkreis (03355)', () => officeOf(landkreis), 'FORBIDDEN'],
  ] as const)('refuses %s with %s and removes nothing', async (_who, token, code) => {
    const ids = await seedVacancies(newLocalId(), 2);

    const { body } = await postGraphQL(writes.url, removeVacancies, { ids }, await token());

    expect(body.errors?.[0].extensions?.code).toBe(code);
    expect(await stillStored(ids)).toEqual([...ids].sort());
  });

  it('removes nothing when one ID belongs to another municipality (WRONG_MUNICIPALITY)', async () => {
    const ids = await seedVacancies(newLocalId(), 1);
    const token = await tokenFor({ role: 'office', municipalities: [lueneburg, landkreis] });

    const { body } = await postGraphQL(writes.url, removeVacancies, { ids: [...ids, formatId(landkreis, newLocalId())] }, token);

    expect(body.errors?.[0].extensions).toEqual({ code: 'WRONG_MUNICIPALITY', argument: 'ids[1]', municipality: landkreis });
    expect(await stillStored(ids)).toEqual(ids);
  });

  it('refuses a malformed ID with INVALID_ID', async () => {
    const { body } = await postGraphQL(writes.url, removeVacancies, { ids: ['not-an-id'] }, await officeOf(lueneburg));

    expect(body.errors?.[0].extensions).toEqual({ code: 'INVALID_ID', argument: 'ids[0]' });
  });

  it('removes a vacancy listed twice once, and finds it gone afterwards', async () => {
    const [id] = await seedVacancies(newLocalId(), 1);
    const office = await officeOf(lueneburg);

    const first = await postGraphQL(writes.url, removeVacancies, { ids: [id, id] }, office);
    const again = await postGraphQL(writes.url, removeVacancies, { ids: [id] }, office);

    expect(first.body.data.removeVacancies).toEqual([id]);
    expect(again.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await stillStored([id])).toEqual([]);
  });
});

describe('upcomingVacancies', () => {
  const upcomingFrom = async (variables: Record<string, unknown>) => {
    const { body } = await postGraphQL(reads.url, upcoming, variables);
    expect(body.errors).toBeUndefined();
    return body.data.upcomingVacancies.map((vacancy: { id: string }) => vacancy.id);
  };

  it('lists current vacancies by availableFrom, then ID, without expired ones', async () => {
    expect(await upcomingFrom({})).toEqual(
      [fixed.krippeHalfDay, fixed.kindergartenHalfDay, fixed.kindergartenFullDay, fixed.krippeFullDayB, fixed.krippeFullDayA, fixed.schoolAge].map(globalId),
    );
  });

  it('starts at "from" and stops after "first"', async () => {
    expect(await upcomingFrom({ from: '2027-08-01', first: 2 })).toEqual([fixed.kindergartenFullDay, fixed.krippeFullDayB].map(globalId));
    expect(await upcomingFrom({ from: '2027-08-02' })).toEqual([globalId(fixed.schoolAge)]);
    expect(await upcomingFrom({ first: 1 })).toEqual([globalId(fixed.krippeHalfDay)]);
  });

  it('answers only when asked for this municipality, compared by whole key', async () => {
    expect(await upcomingFrom({ municipalities: [landkreis] })).toEqual([]);
    expect(await upcomingFrom({ municipalities: [] })).toEqual([]);
    expect(await upcomingFrom({ municipalities: [landkreis, lueneburg] })).toHaveLength(6);
  });

  it.each([0, 101, null])('refuses first = %s as BAD_USER_INPUT, also when asked for another municipality', async (first) => {
    for (const municipalities of [null, [landkreis]]) {
      const { body } = await postGraphQL(reads.url, upcoming, { first, municipalities });
      expect(body.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'first' });
    }
  });

  it('refuses a municipality key that is not an AGS', async () => {
    const { body } = await postGraphQL(reads.url, upcoming, { municipalities: ['Lüneburg'] });

    expect(body.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'municipalities' });
  });
});

describe('freePlaceStatistics', () => {
  it('counts and sums current vacancies by age group and hours band, in one SQL statement, for anonymous callers', async () => {
    reads.database.statements.reset();

    const { body } = await postGraphQL(reads.url, statistics);

    expect(body.errors).toBeUndefined();
    expect(body.data.freePlaceStatistics).toEqual([
      { ageGroup: 'KRIPPE', hoursBand: 'HALF_DAY', vacancies: 1, places: 5 },
      { ageGroup: 'KRIPPE', hoursBand: 'FULL_DAY', vacancies: 2, places: 5 },
      { ageGroup: 'KINDERGARTEN', hoursBand: 'HALF_DAY', vacancies: 1, places: 1 },
      { ageGroup: 'KINDERGARTEN', hoursBand: 'FULL_DAY', vacancies: 1, places: 6 },
      { ageGroup: 'SCHOOL_AGE', hoursBand: 'THREE_QUARTER', vacancies: 1, places: 4 },
    ]);
    expect(reads.database.statements.count).toBe(1);
    expect(reads.database.statements.recent[0]).toMatch(/group by/i);
  });

  it('answers only when asked for this municipality', async () => {
    const other = await postGraphQL(reads.url, statistics, { municipalities: [landkreis] });
    const own = await postGraphQL(reads.url, statistics, { municipalities: [lueneburg] }, await tokenFor({ role: 'analyst', municipalities: [lueneburg] }));

    expect(other.body.data.freePlaceStatistics).toEqual([]);
    expect(own.body.data.freePlaceStatistics).toHaveLength(5);
  });
});

describe('Facility and Vacancy entities', () => {
  const entities = `query($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Facility { id freePlaces vacancies { id places } }
      ... on Vacancy { id places facility { id } }
    }
  }`;

  it('resolves Facility.vacancies and Facility.freePlaces for representations in one statement', async () => {
    const elsewhere = formatId(landkreis, sonnenblume);
    const representations = [formatId(lueneburg, sonnenblume), formatId(lueneburg, regenbogen), elsewhere].map((id) => ({ __typename: 'Facility', id }));
    reads.database.statements.reset();

    const { body } = await postGraphQL(reads.url, entities, { representations });

    expect(body.errors).toBeUndefined();
    const [first, second, third] = body.data._entities;
    expect(first.freePlaces).toBe(5 + 1 + 6 + 2);
    expect(first.vacancies.map((vacancy: { id: string }) => vacancy.id)).toEqual(
      [fixed.krippeHalfDay, fixed.kindergartenHalfDay, fixed.kindergartenFullDay, fixed.krippeFullDayA].map(globalId),
    );
    expect(second.freePlaces).toBe(3 + 4);
    expect(second.vacancies.map((vacancy: { places: number }) => vacancy.places)).toEqual([3, 4]);
    expect(third).toEqual({ id: elsewhere, freePlaces: 0, vacancies: [] });
    expect(reads.database.statements.count).toBe(1);
  });

  it('resolves a Vacancy by global ID with its facility', async () => {
    const { body } = await postGraphQL(reads.url, entities, { representations: [{ __typename: 'Vacancy', id: globalId(fixed.schoolAge) }] });

    expect(body.data._entities).toEqual([{ id: globalId(fixed.schoolAge), places: 4, facility: { id: formatId(lueneburg, regenbogen) } }]);
  });
});
