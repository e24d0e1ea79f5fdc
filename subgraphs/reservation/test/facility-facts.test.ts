import { randomUUID } from 'node:crypto';
import {
  FacilityEntity,
  FacilityGroupEntity,
  FacilityHoursBand,
  FacilityKind,
  facilityFactsChanged,
  facilityModule,
  PublicationStatus,
  recordFacilities,
} from '@kita/facility';
import { FacilityFactEntity } from '@kita/reservation';
import { FacilityMemberEntity, formatId, migrate, type OutboxEvent, OutboxEventEntity, openDatabase, type SubgraphServer } from '@kita/shared';
import { postGraphQL, TestDatabases, tokenFor } from '@kita/shared/testing';
import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFacilityEvents } from '../src/facts/facility-fact.apply.js';
import { clientOf, draftInput, lueneburg, type Municipality, mutations, startMunicipality, tokens } from './support.js';

const databases = new TestDatabases();
let facility: SubgraphServer;
let reservation: SubgraphServer;
let municipality: Municipality;

const provider = () => tokenFor({ role: 'provider', subject: 'provider-anna' });
const office = () => tokenFor({ role: 'office', subject: 'office-lueneburg', municipalities: [lueneburg] });

const kitaInput = {
  kind: 'KINDERTAGESSTAETTE',
  name: 'Kita Regenbogen',
  carrier: 'Ev.-luth. Kirchengemeinde St. Johannis',
  carrierType: 'CHURCH',
  address: { street: 'Bei der St. Johanniskirche 2', postalCode: '21335', city: 'Lüneburg', district: 'Altstadt' },
  location: { latitude: 53.2465, longitude: 10.4115 },
  groups: [
    { name: 'Krippe', ageRange: { fromMonths: 12, toMonths: 36 }, hoursBand: 'FULL_DAY', capacity: 15 },
    { name: 'Kindergarten', ageRange: { fromMonths: 36, toMonths: 72 }, hoursBand: 'FULL_DAY', capacity: 25 },
  ],
};

async function facilityCall(query: string, variables: Record<string, unknown>, token: string): Promise<any> {
  const { body } = await postGraphQL(facility.url, query, variables, token);
  expect(body.errors).toBeUndefined();
  return Object.values(body.data as object)[0];
}

const register = async (input: object = kitaInput, by = provider) =>
  (
    await facilityCall(
      'mutation($m: String!, $input: FacilityProfileInput!) { registerFacility(municipality: $m, input: $input) { id } }',
      { m: lueneburg, input },
      await by(),
    )
  ).id as string;
const submitFacility = async (id: string, by = provider) => facilityCall('mutation($id: ID!) { submitFacility(id: $id) { id } }', { id }, await by());
const publishFacility = async (id: string) => facilityCall('mutation($id: ID!) { publishFacility(id: $id) { id } }', { id }, await office());

const membersOf = async (id: string) =>
  (await reservation.database.orm.em.fork().find(FacilityMemberEntity, { facilityId: id.split(':')[1] }, { orderBy: { subject: 'asc' } })).map(
    ({ subject, role }) => ({ subject, role }),
  );

const fact = async (id: string) => reservation.database.orm.em.fork().findOne(FacilityFactEntity, { facilityId: id.split(':')[1] });

beforeAll(async () => {
  municipality = await startMunicipality(databases, lueneburg);
  ({ facility, reservation } = municipality);
});

afterAll(async () => {
  await municipality?.close();
  await databases.drop();
});

describe('facility facts from the facility subgraph', () => {
  it('follow a profile through registration, publication and approved edits, through the outbox and /events', async () => {
    const id = await register();
    await reservation.background!.catchUp!();
    expect(await fact(id)).toMatchObject({ kind: 'KINDERTAGESSTAETTE', status: 'DRAFT', boundToResidence: true, district: 'Altstadt' });

    await submitFacility(id);
    await publishFacility(id);
    await reservation.background!.catchUp!();
    const published = await fact(id);
    expect(published).toMatchObject({ status: 'PUBLISHED' });
    expect(published!.groups).toEqual([
      { ageFromMonths: 12, ageToMonths: 36, hoursBand: 'FULL_DAY', capacity: 15 },
      { ageFromMonths: 36, ageToMonths: 72, hoursBand: 'FULL_DAY', capacity: 25 },
    ]);

    await facilityCall(
      'mutation($id: ID!, $input: FacilityProfileInput!) { updateFacilityProfile(id: $id, input: $input) { id } }',
      { id, input: { ...kitaInput, groups: [kitaInput.groups[1]], address: { ...kitaInput.address, district: 'Rotes Feld' } } },
      await provider(),
    );
    // An edit of a published profile is a pending revision: the facts stay the published ones until the office approves it.
    await reservation.background!.catchUp!();
    expect(await fact(id)).toMatchObject({ status: 'PUBLISHED', district: 'Altstadt' });
    await facilityCall('mutation($id: ID!) { approveFacilityRevision(id: $id) { id } }', { id }, await office());
    await reservation.background!.catchUp!();
    expect(await fact(id)).toMatchObject({
      status: 'PUBLISHED',
      district: 'Rotes Feld',
      groups: [{ ageFromMonths: 36, ageToMonths: 72, hoursBand: 'FULL_DAY', capacity: 25 }],
    });
  });

  it('decide a submission: a published facility is taken, one in review is refused', async () => {
    const published = await register();
    await submitFacility(published);
    await publishFacility(published);
    const inReview = await register();
    await submitFacility(inReview);
    await reservation.background!.catchUp!();

    const client = clientOf(reservation);
    const parent = await tokens.parent();
    const input = draftInput([
      { facilityId: published, rank: 1 },
      { facilityId: inReview, rank: 2 },
    ]);
    await client.ok(mutations.save, { municipality: lueneburg, input }, parent);
    const refused = await client.call(
      mutations.submit,
      { municipality: lueneburg, applicationKey: input.applicationKey, idempotencyKey: randomUUID() },
      parent,
    );
    expect(refused.errors?.[0].extensions?.violations).toEqual([expect.objectContaining({ rule: 'FACILITY_NOT_PUBLISHED', facilityId: inReview, rank: 2 })]);

    await publishFacility(inReview);
    await reservation.background!.catchUp!();
    const submitted = await client.call(
      mutations.submit,
      { municipality: lueneburg, applicationKey: input.applicationKey, idempotencyKey: randomUUID() },
      parent,
    );
    expect(submitted.errors).toBeUndefined();
  });

  it('come from seeded facilities too (recordFacilities writes rows and events together)', async () => {
    const row = Object.assign(new FacilityEntity(), {
      kind: FacilityKind.KINDERTAGESPFLEGE,
      name: 'Kindertagespflege Krümelkiste',
      carrier: 'Anna Meyer',
      street: 'Dahlenburger Landstraße 5',
      postalCode: '21337',
      city: 'Lüneburg',
      district: 'Neu Hagen',
      latitude: 53.24,
      longitude: 10.43,
      ageFromMonths: 0,
      ageToMonths: 36,
      capacity: 5,
      status: PublicationStatus.PUBLISHED,
    });
    const group = Object.assign(new FacilityGroupEntity(), {
      facilityId: row.id,
      name: 'Tagespflege',
      ageFromMonths: 0,
      ageToMonths: 36,
      hoursBand: FacilityHoursBand.THREE_QUARTER,
      capacity: 5,
    });
    await recordFacilities(facility.database.orm.em.fork() as EntityManager, [row], [group]);
    await reservation.background!.catchUp!();
    expect(await fact(formatId(lueneburg, row.id))).toMatchObject({
      kind: 'KINDERTAGESPFLEGE',
      status: 'PUBLISHED',
      boundToResidence: false,
      groups: [{ ageFromMonths: 0, ageToMonths: 36, hoursBand: 'THREE_QUARTER', capacity: 5 }],
    });
  });

  it('are applied idempotently: a redelivered or older event changes nothing, unknown types are skipped', async () => {
    const em = reservation.database.orm.em.fork() as EntityManager;
    const id = '0196b1c2-0000-7000-8000-000000000001';
    const event = (seq: number, status: string): OutboxEvent => ({
      seq,
      type: 'FacilityFactsChanged',
      aggregateId: id,
      payload: { id, kind: 'KINDERTAGESSTAETTE', status, boundToResidence: true, district: 'Altstadt', groups: [] },
      occurredAt: new Date().toISOString(),
    });
    await em.transactional((tx) => applyFacilityEvents(tx as EntityManager, [event(1_000_001, 'SUBMITTED'), event(1_000_002, 'PUBLISHED')]));
    await em.transactional((tx) =>
      applyFacilityEvents(tx as EntityManager, [event(1_000_001, 'SUBMITTED'), { ...event(1_000_003, 'REJECTED'), type: 'FacilityPhotographed' }]),
    );
    expect(await em.fork().findOne(FacilityFactEntity, { facilityId: id })).toMatchObject({ status: 'PUBLISHED', eventSeq: '1000002' });
  });

  it('of facilities stored before the outbox existed are published once by its migration', async () => {
    const url = await databases.create(lueneburg, 'facility_before_outbox');
    const database = await openDatabase({ clientUrl: url, entities: facilityModule.entities, migrations: facilityModule.migrations });
    try {
      await database.orm.migrator.up({ to: 'Migration20261122030000FreePlace' });
      const em = database.orm.em.fork() as EntityManager;
      const row = Object.assign(new FacilityEntity(), {
        kind: FacilityKind.KINDERTAGESSTAETTE,
        name: 'Kita Alt',
        carrier: 'Hansestadt Lüneburg',
        street: 'Am Sande 1',
        postalCode: '21335',
        city: 'Lüneburg',
        district: 'Altstadt',
        latitude: 53.25,
        longitude: 10.41,
        ageFromMonths: 0,
        ageToMonths: 72,
        capacity: 40,
        boundToResidence: true,
        status: PublicationStatus.PUBLISHED,
      });
      const groups = [
        Object.assign(new FacilityGroupEntity(), {
          facilityId: row.id,
          name: 'Kindergarten',
          ageFromMonths: 36,
          ageToMonths: 72,
          hoursBand: FacilityHoursBand.FULL_DAY,
          capacity: 25,
        }),
        Object.assign(new FacilityGroupEntity(), {
          facilityId: row.id,
          name: 'Krippe',
          ageFromMonths: 0,
          ageToMonths: 36,
          hoursBand: FacilityHoursBand.HALF_DAY,
          capacity: 15,
        }),
      ];
      await em.insert(FacilityEntity, row);
      await em.insertMany(FacilityGroupEntity, groups);
      await migrate(database);
      const events = await database.orm.em.fork().find(OutboxEventEntity, {});
      expect(events.map(({ type, aggregateId, payload }) => ({ type, aggregateId, payload }))).toEqual([
        { type: 'FacilityFactsChanged', aggregateId: row.id, payload: facilityFactsChanged(row, groups).payload },
      ]);
    } finally {
      await database.close();
    }
  });
});

describe('facility members from the facility subgraph', () => {
  const addMember = 'mutation($id: ID!, $subject: String!) { addFacilityMember(facilityId: $id, subject: $subject) { id } }';
  const removeMember = 'mutation($id: ID!, $subject: String!) { removeFacilityMember(facilityId: $id, subject: $subject) { id } }';

  it('follow registration and every change the owner makes, through the same outbox as the facts', async () => {
    const id = await register();
    await reservation.background!.catchUp!();
    expect(await membersOf(id)).toEqual([{ subject: 'provider-anna', role: 'OWNER' }]);

    await facilityCall(addMember, { id, subject: 'provider-bernd' }, await provider());
    await reservation.background!.catchUp!();
    expect(await membersOf(id)).toEqual([
      { subject: 'provider-anna', role: 'OWNER' },
      { subject: 'provider-bernd', role: 'MEMBER' },
    ]);

    await facilityCall(removeMember, { id, subject: 'provider-bernd' }, await provider());
    await reservation.background!.catchUp!();
    expect(await membersOf(id)).toEqual([{ subject: 'provider-anna', role: 'OWNER' }]);
  });

  it("let a provider see the Vormerkungen of the facilities it is a member of, and not of others'", async () => {
    const carla = () => tokenFor({ role: 'provider', subject: 'provider-carla' });
    const annas = await register({ ...kitaInput, name: 'Kita Annas' });
    const carlas = await register({ ...kitaInput, name: 'Kita Carlas' }, carla);
    for (const [id, by] of [
      [annas, provider],
      [carlas, carla],
    ] as const) {
      await submitFacility(id, by);
      await publishFacility(id);
    }
    await reservation.background!.catchUp!();
    const client = clientOf(reservation);
    const parent = await tokens.parent('parent-members');
    const input = draftInput([
      { facilityId: annas, rank: 1 },
      { facilityId: carlas, rank: 2 },
    ]);
    await client.ok(mutations.save, { municipality: lueneburg, input }, parent);
    await client.ok(mutations.submit, { municipality: lueneburg, applicationKey: input.applicationKey, idempotencyKey: randomUUID() }, parent);

    const queueOf = async (token: string) =>
      (
        await client.ok(
          'query($m: String!) { reservationQueue(municipality: $m) { edges { node { facility { id } part { child { firstName } } } } } }',
          { m: lueneburg },
          token,
        )
      ).edges;

    // Anna registered more Kitas above; of this family's two choices she sees her own only.
    const annasFacilities = (await queueOf(await provider())).map((edge: any) => edge.node.facility.id);
    expect(annasFacilities).toContain(annas);
    expect(annasFacilities).not.toContain(carlas);
    expect(await queueOf(await carla())).toEqual([{ node: { facility: { id: carlas }, part: { child: { firstName: 'Mila' } } } }]);
    expect(await queueOf(await tokens.provider('provider-bernd'))).toEqual([]);
  });

  it('are applied idempotently: a redelivered or older snapshot changes nothing', async () => {
    const em = reservation.database.orm.em.fork() as EntityManager;
    const facilityId = '0196b1c2-0000-7000-8000-000000000002';
    const event = (seq: number, subjects: string[]): OutboxEvent => ({
      seq,
      type: 'FacilityMembersChanged',
      aggregateId: facilityId,
      payload: { facilityId, members: subjects.map((subject, index) => ({ subject, role: index === 0 ? 'OWNER' : 'MEMBER' })) },
      occurredAt: new Date().toISOString(),
    });
    await em.transactional((tx) =>
      applyFacilityEvents(tx as EntityManager, [event(2_000_001, ['provider-anna', 'provider-bernd']), event(2_000_002, ['provider-anna'])]),
    );
    await em.transactional((tx) =>
      applyFacilityEvents(tx as EntityManager, [event(2_000_001, ['provider-anna', 'provider-bernd', 'provider-carla']), event(2_000_002, ['provider-anna'])]),
    );

    expect(await membersOf(formatId(lueneburg, facilityId))).toEqual([{ subject: 'provider-anna', role: 'OWNER' }]);
  });
});
