import { facilityModule } from '@kita/facility';
import { reservationModule } from '@kita/reservation';
import {
  applyFacilityMemberEvents,
  FacilityMemberEntity,
  type OutboxEvent,
  OutboxEventEntity,
  type SubgraphServer,
  silentLogger,
  startSubgraphInstance,
} from '@kita/shared';
import { postGraphQL, TestDatabases, testAuth, testVerifier, tokenFor } from '@kita/shared/testing';
import { vacancyModule } from '@kita/vacancy';
import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Who may publish a facility's free places is decided in the facility subgraph (membership) and
// reaches the vacancy subgraph through the facility subgraph's events, never through the token.
const lueneburg = '03355022';
const landkreis = '03355';
const databases = new TestDatabases();
let facility: SubgraphServer;
let vacancy: SubgraphServer;
let reservation: SubgraphServer;

const anna = () => tokenFor({ role: 'provider', subject: 'provider-anna' });
const bernd = () => tokenFor({ role: 'provider', subject: 'provider-bernd' });
const carla = () => tokenFor({ role: 'provider', subject: 'provider-carla' });
const office = () => tokenFor({ role: 'office', subject: 'office-lueneburg', municipalities: [lueneburg] });
const otherOffice = () => tokenFor({ role: 'office', subject: 'office-landkreis', municipalities: [landkreis] });

const kitaInput = {
  kind: 'KINDERTAGESSTAETTE',
  name: 'Kita Sonnenblume',
  carrier: 'AWO Lüneburg',
  carrierType: 'WELFARE',
  address: { street: 'Stresemannstraße 10', postalCode: '21337', city: 'Lüneburg', district: 'Kaltenmoor' },
  location: { latitude: 53.2384, longitude: 10.4328 },
  groups: [{ name: 'Krippe', ageRange: { fromMonths: 12, toMonths: 36 }, hoursBand: 'FULL_DAY', capacity: 15 }],
};
const vacancyInput = { places: 2, ageRange: { fromMonths: 12, toMonths: 36 }, hoursBand: 'FULL_DAY', availableFrom: '2027-08-01' };

const facilityOps = {
  register: 'mutation($m: String!, $input: FacilityProfileInput!) { registerFacility(municipality: $m, input: $input) { id } }',
  add: 'mutation($id: ID!, $subject: String!) { addFacilityMember(facilityId: $id, subject: $subject) { id } }',
  remove: 'mutation($id: ID!, $subject: String!) { removeFacilityMember(facilityId: $id, subject: $subject) { id } }',
};

async function inFacility(operation: keyof typeof facilityOps, variables: Record<string, unknown>, token: string) {
  const { body } = await postGraphQL(facility.url, facilityOps[operation], variables, token);
  return body;
}

/** What a provider gets when it publishes free places of the facility: the new vacancy's ID, or the error code. */
async function publishPlaces(facilityId: string, token: string): Promise<string> {
  const { body } = await postGraphQL(
    vacancy.url,
    'mutation($id: ID!, $input: VacancyInput!) { addVacancy(facilityId: $id, input: $input) { id } }',
    { id: facilityId, input: vacancyInput },
    token,
  );
  return body.errors ? String(body.errors[0].extensions?.code) : 'published';
}

async function withdrawPlaces(ids: string[], token: string): Promise<string> {
  const { body } = await postGraphQL(vacancy.url, 'mutation($ids: [ID!]!) { removeVacancies(ids: $ids) }', { ids }, token);
  return body.errors ? String(body.errors[0].extensions?.code) : 'withdrawn';
}

/** Waits until the vacancy subgraph has applied everything the facility subgraph recorded. */
const eventsArrive = () => vacancy.background!.catchUp!();

async function registered(): Promise<string> {
  const body = await inFacility('register', { m: lueneburg, input: kitaInput }, await anna());
  expect(body.errors).toBeUndefined();
  return body.data.registerFacility.id;
}

// One municipality's three subgraphs, wired as deployed: the vacancy subgraph follows the
// facility subgraph's events (members) and the reservation subgraph's (places taken).
beforeAll(async () => {
  const common = { municipality: lueneburg, port: 0, verifier: testVerifier, production: false, logger: silentLogger, auth: testAuth, poolMax: 3 };
  const peerUrl = (subgraph: string) => ({ facility: facility?.url, vacancy: vacancy?.url, reservation: reservation?.url })[subgraph];
  facility = await startSubgraphInstance(facilityModule, { ...common, databaseUrl: await databases.create(lueneburg, 'facility') });
  vacancy = await startSubgraphInstance(vacancyModule, { ...common, databaseUrl: await databases.create(lueneburg, 'vacancy'), peerUrl });
  reservation = await startSubgraphInstance(reservationModule, { ...common, databaseUrl: await databases.create(lueneburg, 'reservation'), peerUrl });
});

afterAll(async () => {
  await reservation?.close();
  await vacancy?.close();
  await facility?.close();
  await databases.drop();
});

describe('the provider who registers a facility', () => {
  it('publishes its free places with the same login once the facility event has reached the vacancy subgraph; another provider cannot', async () => {
    const id = await registered();
    await eventsArrive();

    expect(await publishPlaces(id, await anna())).toBe('published');
    expect(await publishPlaces(id, await carla())).toBe('FORBIDDEN');
  });
});

describe('a colleague the owner adds', () => {
  it('publishes and withdraws free places, and no longer once removed', async () => {
    const id = await registered();
    await eventsArrive();
    expect(await publishPlaces(id, await bernd())).toBe('FORBIDDEN');

    expect((await inFacility('add', { id, subject: 'provider-bernd' }, await anna())).errors).toBeUndefined();
    await eventsArrive();
    const { body } = await postGraphQL(
      vacancy.url,
      'mutation($id: ID!, $input: VacancyInput!) { addVacancy(facilityId: $id, input: $input) { id } }',
      { id, input: vacancyInput },
      await bernd(),
    );
    expect(body.errors).toBeUndefined();
    const placesByBernd = body.data.addVacancy.id;

    expect((await inFacility('remove', { id, subject: 'provider-bernd' }, await anna())).errors).toBeUndefined();
    await eventsArrive();
    expect(await publishPlaces(id, await bernd())).toBe('FORBIDDEN');
    expect(await withdrawPlaces([placesByBernd], await bernd())).toBe('FORBIDDEN');
    expect(await withdrawPlaces([placesByBernd], await anna())).toBe('withdrawn');
  });
});

describe('the office', () => {
  it('of the municipality gives a provider a facility; the office of another municipality cannot', async () => {
    const id = await registered();

    expect((await inFacility('add', { id, subject: 'provider-carla' }, await otherOffice())).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    await eventsArrive();
    expect(await publishPlaces(id, await carla())).toBe('FORBIDDEN');

    expect((await inFacility('add', { id, subject: 'provider-carla' }, await office())).errors).toBeUndefined();
    await eventsArrive();
    expect(await publishPlaces(id, await carla())).toBe('published');
  });
});

describe('the facility_member projection', () => {
  const membersOf = async (localId: string) =>
    (await vacancy.database.orm.em.fork().find(FacilityMemberEntity, { facilityId: localId }, { orderBy: { subject: 'asc' } })).map((row) => row.subject);

  it('applies every membership event once, whatever is delivered again or late', async () => {
    const id = await registered();
    const localId = id.split(':')[1];
    await inFacility('add', { id, subject: 'provider-bernd' }, await anna());
    await eventsArrive();
    expect(await membersOf(localId)).toEqual(['provider-anna', 'provider-bernd']);

    const recorded = await facility.database.orm.em.fork().find(OutboxEventEntity, { aggregateId: localId }, { orderBy: { seq: 'asc' } });
    const events: OutboxEvent[] = recorded.map(({ seq, type, aggregateId, payload }) => ({ seq, type, aggregateId, payload, occurredAt: '' }));
    expect(events.map((event) => event.type)).toEqual(['FacilityFactsChanged', 'FacilityMembersChanged', 'FacilityMembersChanged']);
    // The whole stream again, then the older membership snapshot alone: nothing moves back.
    await vacancy.database.orm.em.fork().transactional((em) => applyFacilityMemberEvents(em as EntityManager, events));
    await vacancy.database.orm.em.fork().transactional((em) => applyFacilityMemberEvents(em as EntityManager, [events[1]]));

    expect(await membersOf(localId)).toEqual(['provider-anna', 'provider-bernd']);
  });
});
