import { newLocalId, type OutboxEvent, type SubgraphServer, today } from '@kita/shared';
import { startTestSubgraph, TestDatabases } from '@kita/shared/testing';
import { applyReservationEvents, HoursBand, VacancyEntity, vacancyModule } from '@kita/vacancy';
import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `ChildPlaced` takes one place of the facility's matching vacancy: age bands are exclusive at
// their upper end everywhere (0–36 months holds a child of 35 months, not one of 36).
const lueneburg = '03355022';
const databases = new TestDatabases();
let server: SubgraphServer;
const facilityId = newLocalId();
let seq = 1;

const em = () => server.database.orm.em.fork() as EntityManager;
const placed = (ageAtStartMonths: number, reservationId = newLocalId()): OutboxEvent => ({
  seq: seq++,
  type: 'ChildPlaced',
  aggregateId: reservationId,
  payload: { pseudonym: 'p', reservationId, facilityId, ageAtStartMonths, hoursBand: HoursBand.FULL_DAY, wishedStart: today() },
  occurredAt: new Date().toISOString(),
});
const apply = (...events: OutboxEvent[]) => em().transactional((tx) => applyReservationEvents(lueneburg)(tx as EntityManager, events));
const places = async () => (await em().find(VacancyEntity, { facilityId })).map((row) => row.places);

beforeAll(async () => {
  server = await startTestSubgraph(databases, vacancyModule, lueneburg);
  await em().insert(
    VacancyEntity,
    Object.assign(new VacancyEntity(), { facilityId, places: 2, ageFromMonths: 0, ageToMonths: 36, hoursBand: HoursBand.FULL_DAY, availableFrom: today() }),
  );
});

afterAll(async () => {
  await server?.close();
  await databases.drop();
});

describe('a child placed at the facility', () => {
  it('takes no place of a 0–36 months vacancy when it is 36 months old', async () => {
    await apply(placed(36));
    expect(await places()).toEqual([2]);
  });

  it('takes one place when it is 35 months old, and only once however often the event comes', async () => {
    const event = placed(35);
    await apply(event);
    await apply(event);
    expect(await places()).toEqual([1]);
  });
});
