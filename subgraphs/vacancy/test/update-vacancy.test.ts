import { randomUUID } from 'node:crypto';
import { addDays, formatId, newLocalId, OutboxEventEntity, type SubgraphServer, today } from '@kita/shared';
import { postGraphQL, startTestSubgraph, TestDatabases, tokenFor } from '@kita/shared/testing';
import { HoursBand, VacancyEntity, vacancyModule } from '@kita/vacancy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertMembers } from './support.js';

const lueneburg = '03355022';
const landkreis = '03355';
const databases = new TestDatabases();
let subgraph: SubgraphServer;

beforeAll(async () => {
  subgraph = await startTestSubgraph(databases, vacancyModule, lueneburg);
});

afterAll(async () => {
  await subgraph?.close();
  await databases.drop();
});

const em = () => subgraph.database.orm.em.fork();
const vacancyRow = (facilityId: string, values: Partial<VacancyEntity>) =>
  Object.assign(new VacancyEntity(), {
    facilityId,
    places: 2,
    ageFromMonths: 12,
    ageToMonths: 36,
    hoursBand: HoursBand.FULL_DAY,
    availableFrom: addDays(today(), 30),
    availableUntil: null,
    ...values,
  });

async function seeded(values: Partial<VacancyEntity> = {}): Promise<{ facility: string; vacancy: VacancyEntity }> {
  const facility = newLocalId();
  const vacancy = vacancyRow(facility, values);
  await em().insert(VacancyEntity, vacancy);
  return { facility, vacancy };
}

async function memberOf(facility: string): Promise<string> {
  const subject = `provider-${randomUUID()}`;
  await insertMembers(subgraph, subject, [formatId(lueneburg, facility)]);
  return tokenFor({ role: 'provider', subject, municipalities: [lueneburg] });
}

const update = `mutation($id: ID!, $input: VacancyInput!) {
  updateVacancy(id: $id, input: $input) { id facility { id } places ageRange { fromMonths toMonths } hoursBand availableFrom availableUntil }
}`;
const changed = () => ({
  places: 4,
  ageRange: { fromMonths: 0, toMonths: 36 },
  hoursBand: 'THREE_QUARTER',
  availableFrom: addDays(today(), 10),
  availableUntil: addDays(today(), 200),
});

/** Everything a refused update must leave alone. */
async function snapshot() {
  const fork = em();
  const [vacancies, events] = await Promise.all([fork.find(VacancyEntity, {}, { orderBy: { id: 'asc' } }), fork.count(OutboxEventEntity, {})]);
  return JSON.parse(JSON.stringify({ vacancies, events }));
}

describe('updateVacancy', () => {
  it("changes a provider's vacancy, places and dates at once, and publishes the whole new vacancy", async () => {
    const { facility, vacancy } = await seeded();
    const id = formatId(lueneburg, vacancy.id);

    const { body } = await postGraphQL(subgraph.url, update, { id, input: changed() }, await memberOf(facility));

    expect(body.errors).toBeUndefined();
    expect(body.data.updateVacancy).toEqual({ id, facility: { id: formatId(lueneburg, facility) }, ...changed() });
    expect(await em().findOneOrFail(VacancyEntity, { id: vacancy.id })).toMatchObject({
      places: 4,
      ageFromMonths: 0,
      hoursBand: HoursBand.THREE_QUARTER,
      availableFrom: changed().availableFrom,
      availableUntil: changed().availableUntil,
    });
    const [event] = await em().find(OutboxEventEntity, { aggregateId: vacancy.id }, { orderBy: { seq: 'desc' }, limit: 1 });
    expect(event).toMatchObject({ type: 'VacancyPublished', payload: { id: vacancy.id, places: 4, availableFrom: changed().availableFrom } });
  });

  it('lets the office of the municipality change any vacancy there', async () => {
    const { vacancy } = await seeded();
    const { body } = await postGraphQL(
      subgraph.url,
      update,
      { id: formatId(lueneburg, vacancy.id), input: { ...changed(), availableUntil: null } },
      await tokenFor({ role: 'office', subject: 'office-lueneburg', municipalities: [lueneburg] }),
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.updateVacancy.availableUntil).toBeNull();
  });

  it.each([
    ['anonymous', async () => undefined, 'UNAUTHENTICATED'],
    ['a parent', () => tokenFor({ role: 'parent', subject: 'parent-a' }), 'FORBIDDEN'],
    ['another provider', () => tokenFor({ role: 'provider', subject: 'provider-other', municipalities: [lueneburg] }), 'FORBIDDEN'],
    ['the office of another municipality', () => tokenFor({ role: 'office', subject: 'office-landkreis', municipalities: [landkreis] }), 'FORBIDDEN'],
    ['an analyst', () => tokenFor({ role: 'analyst', subject: 'analyst-a', municipalities: [lueneburg] }), 'FORBIDDEN'],
  ])('refuses %s with %s and changes nothing', async (_who, token, code) => {
    const { vacancy } = await seeded();
    const before = await snapshot();

    const { body } = await postGraphQL(subgraph.url, update, { id: formatId(lueneburg, vacancy.id), input: changed() }, await token());

    expect(body.data).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]?.extensions?.code).toBe(code);
    expect(await snapshot()).toEqual(before);
  });

  it('answers an unknown vacancy with NOT_FOUND to the office and FORBIDDEN to a provider, who learns nothing of other IDs', async () => {
    const { facility } = await seeded();
    const id = formatId(lueneburg, newLocalId());
    const office = await tokenFor({ role: 'office', subject: 'office-lueneburg', municipalities: [lueneburg] });

    expect((await postGraphQL(subgraph.url, update, { id, input: changed() }, office)).body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect((await postGraphQL(subgraph.url, update, { id, input: changed() }, await memberOf(facility))).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it.each([
    ['no places', { places: 0 }, 'BAD_USER_INPUT', 'input.places'],
    ['an end before the start', { availableFrom: '2031-08-01', availableUntil: '2031-07-31' }, 'BAD_USER_INPUT', 'input.availableUntil'],
    ['an ID of another municipality', { id: `${landkreis}:${newLocalId()}` }, 'WRONG_MUNICIPALITY', 'id'],
    ['an ID that is no ID', { id: 'vacancy<b>' }, 'INVALID_ID', 'id'],
  ])('refuses %s with one %s naming %s, without echo, changing nothing', async (_case, override, code, argument) => {
    const { facility, vacancy } = await seeded();
    const token = await memberOf(facility);
    const before = await snapshot();
    const { id, ...inputOverride } = override as { id?: string };

    const { body } = await postGraphQL(subgraph.url, update, { id: id ?? formatId(lueneburg, vacancy.id), input: { ...changed(), ...inputOverride } }, token);

    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code, argument });
    expect(body.errors?.[0]?.message).not.toContain('<b>');
    expect(await snapshot()).toEqual(before);
  });
});

describe('free places now and later', () => {
  const entities = `query($representations: [_Any!]!) {
    _entities(representations: $representations) { ... on Facility { id freePlacesNow freePlacesLater freePlaces } }
  }`;

  it('counts places free today apart from places free from a later day; the old freePlaces keeps their sum', async () => {
    const facility = newLocalId();
    await em().insertMany(VacancyEntity, [
      vacancyRow(facility, { places: 2, availableFrom: addDays(today(), -10) }),
      vacancyRow(facility, { places: 1, availableFrom: today(), availableUntil: today() }),
      vacancyRow(facility, { places: 3, availableFrom: addDays(today(), 1) }),
      vacancyRow(facility, { places: 7, availableFrom: addDays(today(), -60), availableUntil: addDays(today(), -1) }),
    ]);
    const empty = formatId(lueneburg, newLocalId());

    const { body } = await postGraphQL(subgraph.url, entities, {
      representations: [formatId(lueneburg, facility), empty].map((id) => ({ __typename: 'Facility', id })),
    });

    expect(body.errors).toBeUndefined();
    expect(body.data._entities).toEqual([
      { id: formatId(lueneburg, facility), freePlacesNow: 2 + 1, freePlacesLater: 3, freePlaces: 2 + 1 + 3 },
      { id: empty, freePlacesNow: 0, freePlacesLater: 0, freePlaces: 0 },
    ]);
  });
});
