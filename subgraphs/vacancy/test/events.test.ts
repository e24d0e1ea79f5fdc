import {
  type Database,
  EventCursorEntity,
  eventsUrlOf,
  formatId,
  type Logger,
  migrate,
  newLocalId,
  type OutboxEvent,
  OutboxEventEntity,
  openDatabase,
  type SubgraphServer,
  signServiceToken,
  silentLogger,
  startEventConsumer,
  startSubgraphInstance,
  today,
} from '@kita/shared';
import { postGraphQL, TestDatabases, testAuth, testVerifier, tokenFor } from '@kita/shared/testing';
import {
  HoursBand,
  recordVacancies,
  VacancyEntity,
  VacancyEventType,
  type VacancyPublishedPayload,
  type VacancyRemovedPayload,
  vacancyModule,
} from '@kita/vacancy';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { vacancyPublished } from '../src/vacancy/vacancy.events.js';

const lueneburg = '03355022';
const landkreis = '03355';

/**
 * A consumer's projection as the facility subgraph would keep it: current free places by
 * vacancy, fed only by vacancy events, never by reading the vacancy database.
 */
@Entity({ tableName: 'free_place' })
class FreePlaceEntity {
  @PrimaryKey({ type: 'uuid' })
  vacancyId!: string;

  @Property({ type: 'uuid' })
  facilityId!: string;

  @Property({ type: 'integer' })
  places!: number;

  @Property({ type: 'date' })
  availableFrom!: string;

  @Property({ type: 'date', nullable: true })
  availableUntil: string | null = null;
}

/** Idempotent: a snapshot upserts by vacancy ID, a removal deletes by it, unknown types are skipped. */
async function applyVacancyEvents(em: EntityManager, events: OutboxEvent[]): Promise<void> {
  for (const event of events) {
    if (event.type === VacancyEventType.Published) {
      const vacancy = event.payload as VacancyPublishedPayload;
      await em.upsert(FreePlaceEntity, {
        vacancyId: vacancy.id,
        facilityId: vacancy.facilityId,
        places: vacancy.places,
        availableFrom: vacancy.availableFrom,
        availableUntil: vacancy.availableUntil,
      });
    } else if (event.type === VacancyEventType.Removed) {
      await em.nativeDelete(FreePlaceEntity, { vacancyId: (event.payload as VacancyRemovedPayload).id });
    }
  }
}

const ownerDatabases = new TestDatabases();
const consumerDatabases = new TestDatabases();
let ownerUrl: string;
let owner: SubgraphServer;
let consumerDatabase: Database;

const startOwner = (port = 0) =>
  startSubgraphInstance(vacancyModule, {
    municipality: lueneburg,
    databaseUrl: ownerUrl,
    port,
    verifier: testVerifier,
    production: false,
    logger: silentLogger,
    poolMax: 3,
  });

beforeAll(async () => {
  ownerUrl = await ownerDatabases.create(lueneburg, 'vacancy');
  owner = await startOwner();
  consumerDatabase = await openDatabase({
    clientUrl: await consumerDatabases.create(lueneburg, 'facility'),
    entities: [EventCursorEntity, FreePlaceEntity],
    migrations: [],
    poolMax: 3,
  });
  await consumerDatabase.orm.schema.create();
});

afterAll(async () => {
  await Promise.all([owner?.close(), consumerDatabase?.close()]);
  await Promise.all([ownerDatabases.drop(), consumerDatabases.drop()]);
});

const vacancyFields = 'id facility { id } places';
const addVacancy = `mutation Add($facilityId: ID!, $input: VacancyInput!) { addVacancy(facilityId: $facilityId, input: $input) { ${vacancyFields} } }`;
const removeVacancies = 'mutation Remove($ids: [ID!]!) { removeVacancies(ids: $ids) }';
const input = { places: 3, ageRange: { fromMonths: 12, toMonths: 36 }, hoursBand: 'FULL_DAY', availableFrom: '2027-08-01', availableUntil: '2028-07-31' };
const officeToken = (): Promise<string> => tokenFor({ role: 'office', municipalities: [lueneburg] });
/** A provider who acts for no facility of this instance: the facility subgraph's events never named it. */
const strangeProvider = () => tokenFor({ role: 'provider', subject: 'provider-of-another-facility', municipalities: [lueneburg] });
const serviceToken = () => signServiceToken(testAuth, 'facility@03355022');

/** Publishes a vacancy through GraphQL as the office; its global ID. */
async function publish(facilityLocalId: string, places = 3): Promise<string> {
  const { body } = await postGraphQL(
    owner.url,
    addVacancy,
    { facilityId: formatId(lueneburg, facilityLocalId), input: { ...input, places } },
    await officeToken(),
  );
  expect(body.errors).toBeUndefined();
  return body.data.addVacancy.id;
}

async function withdraw(ids: string[]): Promise<void> {
  const { body } = await postGraphQL(owner.url, removeVacancies, { ids }, await officeToken());
  expect(body.errors).toBeUndefined();
}

const outbox = (where: Record<string, unknown> = {}) => owner.database.orm.em.fork().find(OutboxEventEntity, where, { orderBy: { seq: 'asc' } });
const outboxSize = () => owner.database.orm.em.fork().count(OutboxEventEntity, {});
const localOf = (id: string) => id.split(':')[1];

/** Statements of one request, checked to be one transaction that writes both `tables`. */
function expectOneTransactionWriting(statements: string[], tables: string[]) {
  const begin = statements.findIndex((sql) => /^begin/i.test(sql));
  const commit = statements.findIndex((sql) => /^commit/i.test(sql));
  expect(begin).toBeGreaterThanOrEqual(0);
  expect(commit).toBeGreaterThan(begin);
  const inside = statements.slice(begin + 1, commit);
  expect(inside.some((sql) => /pg_advisory_xact_lock/.test(sql))).toBe(true);
  for (const table of tables) expect(inside.some((sql) => new RegExp(`^(insert into|delete from) "${table}"`, 'i').test(sql))).toBe(true);
  // Nothing written outside it.
  const outside = [...statements.slice(0, begin), ...statements.slice(commit + 1)];
  expect(outside.filter((sql) => /^(insert|update|delete)/i.test(sql))).toEqual([]);
}

describe('vacancy writes record events in their transaction', () => {
  it('addVacancy records VacancyPublished with the whole vacancy', async () => {
    const facility = newLocalId();
    owner.database.statements.reset();

    const id = await publish(facility);

    expectOneTransactionWriting(owner.database.statements.recent, ['outbox_event', 'vacancy']);
    const events = await outbox({ aggregateId: localOf(id) });
    expect(events.map(({ type, payload }) => ({ type, payload }))).toEqual([
      {
        type: 'VacancyPublished',
        payload: {
          id: localOf(id),
          facilityId: facility,
          places: 3,
          ageFromMonths: 12,
          ageToMonths: 36,
          hoursBand: 'FULL_DAY',
          availableFrom: '2027-08-01',
          availableUntil: '2028-07-31',
        },
      },
    ]);
  });

  it.each([
    ['anonymous', async (): Promise<string | undefined> => undefined, {}],
    ['a provider of another facility', strangeProvider, {}],
    ['invalid input', officeToken, { places: 0 }],
    ['a facility of another municipality', () => tokenFor({ role: 'office', municipalities: [lueneburg, landkreis] }), { facilityMunicipality: landkreis }],
  ] as const)('a refused addVacancy (%s) records no event', async (_case, token, change) => {
    const before = await outboxSize();
    const { facilityMunicipality = lueneburg, ...inputChange } = change as { facilityMunicipality?: string; places?: number };

    const { body } = await postGraphQL(
      owner.url,
      addVacancy,
      { facilityId: formatId(facilityMunicipality, newLocalId()), input: { ...input, ...inputChange } },
      await token(),
    );

    expect(body.errors?.[0].extensions?.code).toBeDefined();
    expect(await outboxSize()).toBe(before);
  });

  it('removeVacancies records VacancyRemoved for each removed vacancy', async () => {
    const facility = newLocalId();
    const ids = [await publish(facility), await publish(facility)];
    owner.database.statements.reset();

    await withdraw(ids);

    expectOneTransactionWriting(owner.database.statements.recent, ['outbox_event', 'vacancy']);
    const removals = await outbox({ type: 'VacancyRemoved', aggregateId: { $in: ids.map(localOf) } });
    expect(removals.map((event) => event.payload).sort((a, b) => String(a.id).localeCompare(String(b.id)))).toEqual(
      ids.map((id) => ({ id: localOf(id), facilityId: facility })).sort((a, b) => a.id.localeCompare(b.id)),
    );
  });

  it.each([
    ['FORBIDDEN', (_ids: string[]) => strangeProvider(), (ids: string[]) => ids],
    ['NOT_FOUND', officeToken, (ids: string[]) => [...ids, formatId(lueneburg, newLocalId())]],
  ] as const)('a refused removal (%s) records no event and keeps the vacancies', async (code, token, idsToSend) => {
    const ids = [await publish(newLocalId())];
    const before = await outboxSize();

    const { body } = await postGraphQL(owner.url, removeVacancies, { ids: idsToSend(ids) }, await token(ids));

    expect(body.errors?.[0].extensions?.code).toBe(code);
    expect(await outboxSize()).toBe(before);
    expect(await owner.database.orm.em.fork().count(VacancyEntity, { id: localOf(ids[0]) })).toBe(1);
  });

  const vacancyRow = (facilityId: string, values: Partial<VacancyEntity> = {}) =>
    Object.assign(new VacancyEntity(), {
      facilityId,
      places: 2,
      ageFromMonths: 0,
      ageToMonths: 36,
      hoursBand: HoursBand.HALF_DAY,
      availableFrom: '2027-01-01',
      availableUntil: null,
      ...values,
    });

  it('recordVacancies stores vacancies and their VacancyPublished events in one transaction of two inserts', async () => {
    const facility = newLocalId();
    const rows = [vacancyRow(facility), vacancyRow(facility, { places: 4 })];
    owner.database.statements.reset();

    await recordVacancies(owner.database.orm.em.fork() as EntityManager, rows);

    expectOneTransactionWriting(owner.database.statements.recent, ['outbox_event', 'vacancy']);
    expect(owner.database.statements.recent.filter((sql) => /^insert/i.test(sql))).toHaveLength(2);
    expect(await owner.database.orm.em.fork().count(VacancyEntity, { facilityId: facility })).toBe(2);
    const events = await outbox({ aggregateId: { $in: rows.map((row) => row.id) } });
    expect(events.map((event) => [event.type, event.payload.places])).toEqual([
      ['VacancyPublished', 2],
      ['VacancyPublished', 4],
    ]);
  });

  it('recordVacancies records no event when storing the vacancies fails', async () => {
    const facility = newLocalId();
    const [existing] = [vacancyRow(facility)];
    await recordVacancies(owner.database.orm.em.fork() as EntityManager, [existing]);
    const before = await outboxSize();

    // The second row reuses an ID: the insert fails, and with it the whole transaction.
    const failing = recordVacancies(owner.database.orm.em.fork() as EntityManager, [vacancyRow(facility), vacancyRow(facility, { id: existing.id })]);

    await expect(failing).rejects.toThrow();
    expect(await outboxSize()).toBe(before);
    expect(await owner.database.orm.em.fork().count(VacancyEntity, { facilityId: facility })).toBe(1);
  });
});

describe('the outbox migration', () => {
  it('publishes the vacancies stored before it, with the same snapshot a mutation records', async () => {
    const databases = new TestDatabases();
    const clientUrl = await databases.create(lueneburg, 'vacancy');
    const [initial] = vacancyModule.migrations;
    const before = await openDatabase({ clientUrl, entities: [VacancyEntity], migrations: [initial] });
    const facility = newLocalId();
    const rows = [
      Object.assign(new VacancyEntity(), {
        facilityId: facility,
        places: 2,
        ageFromMonths: 0,
        ageToMonths: 36,
        hoursBand: HoursBand.HALF_DAY,
        availableFrom: '2027-01-01',
        availableUntil: null,
      }),
      Object.assign(new VacancyEntity(), {
        facilityId: facility,
        places: 5,
        ageFromMonths: 36,
        ageToMonths: 72,
        hoursBand: HoursBand.FULL_DAY,
        availableFrom: '2027-08-01',
        availableUntil: '2028-07-31',
      }),
    ];
    try {
      await migrate(before);
      await before.orm.em.fork().insertMany(rows);
    } finally {
      await before.close();
    }

    const after = await openDatabase({ clientUrl, entities: vacancyModule.entities, migrations: vacancyModule.migrations });
    try {
      await migrate(after);
      const events = await after.orm.em.fork().find(OutboxEventEntity, {}, { orderBy: { seq: 'asc' } });
      expect(events.map(({ type, aggregateId, payload }) => ({ type, aggregateId, payload }))).toEqual(
        rows.map((row) => ({ type: 'VacancyPublished', aggregateId: row.id, payload: vacancyPublished(row).payload })),
      );
    } finally {
      await after.close();
      await databases.drop();
    }
  });
});

describe('GET /events on a vacancy instance', () => {
  it('serves the outbox to service tokens and refuses people and anonymous callers', async () => {
    const id = await publish(newLocalId());
    const get = async (token?: string) => {
      const response = await fetch(`${eventsUrlOf(owner.url)}?after=0&limit=1000`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      return { status: response.status, body: (await response.json()) as any };
    };

    const [anonymous, office, service] = [await get(), await get(await officeToken()), await get(await serviceToken())];

    expect([anonymous.status, anonymous.body.errors[0].extensions.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect([office.status, office.body.errors[0].extensions.code]).toEqual([403, 'FORBIDDEN']);
    expect(service.status).toBe(200);
    expect(service.body.events.map((event: OutboxEvent) => event.aggregateId)).toContain(localOf(id));
  });
});

describe('a projection fed by vacancy events (what the facility subgraph keeps)', () => {
  /** Facilities with at least `minPlaces` current free places, as a search would filter them. */
  async function searchable(facilities: string[], minPlaces = 1): Promise<Record<string, number>> {
    const day = today();
    const rows = await consumerDatabase.orm.em
      .fork()
      .find(FreePlaceEntity, { facilityId: { $in: facilities }, $or: [{ availableUntil: null }, { availableUntil: { $gte: day } }] });
    const places: Record<string, number> = {};
    for (const row of rows) places[row.facilityId] = (places[row.facilityId] ?? 0) + row.places;
    return Object.fromEntries(Object.entries(places).filter(([, sum]) => sum >= minPlaces));
  }

  const consume = (options: { logger?: Logger; intervalMs?: number; seen?: number[] } = {}) =>
    startEventConsumer({
      name: 'vacancy',
      source: eventsUrlOf(owner.url),
      database: consumerDatabase,
      token: serviceToken,
      apply: async (em, events) => {
        options.seen?.push(...events.map((event) => event.seq));
        await applyVacancyEvents(em, events);
      },
      intervalMs: options.intervalMs ?? 50,
      fetchTimeoutMs: 2_000,
      logger: options.logger ?? silentLogger,
    });

  it('makes a published vacancy searchable, and a withdrawn one unsearchable', async () => {
    const consumer = consume();
    const facility = newLocalId();

    const id = await publish(facility, 4);
    await vi.waitFor(async () => expect(await searchable([facility], 4)).toEqual({ [facility]: 4 }));
    await withdraw([id]);
    await vi.waitFor(async () => expect(await searchable([facility])).toEqual({}));
    await consumer.stop();
  });

  it('loses nothing when the consumer was down while vacancies changed, and applies nothing twice', async () => {
    const first = consume();
    const [kept, withdrawn] = [newLocalId(), newLocalId()];
    const withdrawnId = await publish(withdrawn, 2);
    await first.catchUp();
    await first.stop();
    expect(await searchable([kept, withdrawn])).toEqual({ [withdrawn]: 2 });

    // The consumer is down: three changes happen.
    const before = (await outbox()).at(-1)!.seq;
    await publish(kept, 3);
    await publish(kept, 1);
    await withdraw([withdrawnId]);
    const changes = (await outbox({ seq: { $gt: before } })).map((event) => event.seq);
    const seen: number[] = [];
    const second = consume({ seen });
    await second.catchUp();
    await second.stop();

    expect(changes).toHaveLength(3);
    expect(seen).toEqual(changes);
    expect(await searchable([kept, withdrawn])).toEqual({ [kept]: 4 });
  });

  it('waits while the vacancy instance is down and catches up by itself once it is back: late, then consistent', async () => {
    const facility = newLocalId();
    await publish(facility, 5);
    const port = owner.port;
    await owner.close();
    const warnings: string[] = [];
    const logger: Logger = { ...silentLogger, warn: (event) => void warnings.push(event) };

    const consumer = consume({ logger });
    await vi.waitFor(() => expect(warnings).toContain('event_source_unavailable'));
    expect(await searchable([facility])).toEqual({});

    owner = await startOwner(port);
    await vi.waitFor(async () => expect(await searchable([facility])).toEqual({ [facility]: 5 }), { timeout: 5_000 });
    await consumer.stop();
  });
});
