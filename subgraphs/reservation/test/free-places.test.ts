import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReservationModule } from '@kita/reservation';
import { facilityModule } from '@kita/facility';
import { vacancyModule } from '@kita/vacancy';
import { FreePlaceEntity, newLocalId, pendingSchemaChanges, silentLogger, startSubgraphInstance, today, type SubgraphServer } from '@kita/shared';
import { postGraphQL, TestDatabases, testAuth, testVerifier, tokenFor } from '@kita/shared/testing';
import { lueneburg, shiftMonths } from './support.js';

// The reservation subgraph's copy of this municipality's free places (what an allocation run may
// give), kept from the vacancy subgraph's outbox.
const databases = new TestDatabases();
let facility: SubgraphServer;
let vacancy: SubgraphServer;
let reservation: SubgraphServer;

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
    .then((rows) => rows.map(({ facilityId, places, ageFromMonths, ageToMonths, hoursBand, availableFrom, availableUntil }) => ({ facilityId, places, ageFromMonths, ageToMonths, hoursBand, availableFrom, availableUntil })));

beforeAll(async () => {
  vacancy = await startSubgraphInstance(vacancyModule, {
    municipality: lueneburg,
    databaseUrl: await databases.create(lueneburg, 'vacancy'),
    port: 0,
    verifier: testVerifier,
    production: false,
    logger: silentLogger,
    auth: testAuth,
  });
  // The reservation instance also follows the facility subgraph's facts: catching up needs it.
  facility = await startSubgraphInstance(facilityModule, {
    municipality: lueneburg,
    databaseUrl: await databases.create(lueneburg, 'facility'),
    port: 0,
    verifier: testVerifier,
    production: false,
    logger: silentLogger,
  });
  reservation = await startSubgraphInstance(createReservationModule(), {
    municipality: lueneburg,
    databaseUrl: await databases.create(lueneburg, 'reservation'),
    port: 0,
    verifier: testVerifier,
    production: false,
    logger: silentLogger,
    auth: testAuth,
    peerUrl: (subgraph) => (subgraph === 'vacancy' ? vacancy.url : subgraph === 'facility' ? facility.url : undefined),
  });
});

afterAll(async () => {
  await reservation?.close();
  await vacancy?.close();
  await facility?.close();
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
      { facilityId: facility, places: 1, ageFromMonths: 12, ageToMonths: 36, hoursBand: 'THREE_QUARTER', availableFrom: shiftMonths(5), availableUntil: shiftMonths(8) },
    ]);

    await vacancyCall('mutation($ids: [ID!]!) { removeVacancies(ids: $ids) }', { ids: [now.id] });
    await reservation.background!.catchUp!();
    expect((await freePlaces()).map((place) => place.availableFrom)).toEqual([shiftMonths(5)]);
  });
});
