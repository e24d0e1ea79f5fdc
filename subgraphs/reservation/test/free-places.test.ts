import { FreePlaceEntity, newLocalId, pendingSchemaChanges, type SubgraphServer, today } from '@kita/shared';
import { postGraphQL, TestDatabases, tokenFor } from '@kita/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lueneburg, type Municipality, shiftMonths, startMunicipality } from './support.js';

// The reservation subgraph's copy of this municipality's free places (what an allocation run may
// give), kept from the vacancy subgraph's outbox.
const databases = new TestDatabases();
let vacancy: SubgraphServer;
let reservation: SubgraphServer;
let municipality: Municipality;

const office = () => tokenFor({ role: 'office', subject: 'office-lueneburg', municipalities: [lueneburg] });

async function vacancyCall(query: string, variables: Record<string, unknown>): Promise<any> {
  const { body } = await postGraphQL(vacancy.url, query, variables, await office());
  expect(body.errors).toBeUndefined();
  return Object.values(body.data as object)[0];
}

const freePlaces = () =>
  reservation.database.orm.em
    .fork()
    .find(FreePlaceEntity, {}, { orderBy: { availableFrom: 'asc' } })
    .then((rows) =>
      rows.map(({ facilityId, places, ageFromMonths, ageToMonths, hoursBand, availableFrom, availableUntil }) => ({
        facilityId,
        places,
        ageFromMonths,
        ageToMonths,
        hoursBand,
        availableFrom,
        availableUntil,
      })),
    );

beforeAll(async () => {
  municipality = await startMunicipality(databases, lueneburg);
  ({ vacancy, reservation } = municipality);
});

afterAll(async () => {
  await municipality?.close();
  await databases.drop();
});

describe('the free places of the reservation subgraph', () => {
  it('has migrations that match the entities exactly', async () => {
    expect(await pendingSchemaChanges(reservation.database)).toBe('');
  });

  it('follow the vacancies published and removed in the vacancy subgraph', async () => {
    const facility = newLocalId();
    const add = (places: number, availableFrom: string, availableUntil: string | null = null) =>
      vacancyCall('mutation($id: ID!, $input: VacancyInput!) { addVacancy(facilityId: $id, input: $input) { id } }', {
        id: `${lueneburg}:${facility}`,
        input: { places, ageRange: { fromMonths: 12, toMonths: 36 }, hoursBand: 'THREE_QUARTER', availableFrom, availableUntil },
      });
    const now = await add(2, today());
    await add(1, shiftMonths(5), shiftMonths(8));
    await reservation.background!.catchUp!();
    expect(await freePlaces()).toEqual([
      { facilityId: facility, places: 2, ageFromMonths: 12, ageToMonths: 36, hoursBand: 'THREE_QUARTER', availableFrom: today(), availableUntil: null },
      {
        facilityId: facility,
        places: 1,
        ageFromMonths: 12,
        ageToMonths: 36,
        hoursBand: 'THREE_QUARTER',
        availableFrom: shiftMonths(5),
        availableUntil: shiftMonths(8),
      },
    ]);

    await vacancyCall('mutation($ids: [ID!]!) { removeVacancies(ids: $ids) }', { ids: [now.id] });
    await reservation.background!.catchUp!();
    expect((await freePlaces()).map((place) => place.availableFrom)).toEqual([shiftMonths(5)]);
  });
});
