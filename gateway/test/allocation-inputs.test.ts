import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '@kita/dev';
import { addDays, dropDatabases, externalPostgres, listDatabases, silentLogger, today } from '@kita/shared';
import { dataOf, postgresUrl, testAuth, testVerifier, tokenFor } from '@kita/shared/testing';

// What an allocation run of Hansestadt Lüneburg (03355022) works with, through the real gateway:
// the free places the providers publish in the vacancy subgraph (reaching the reservation
// subgraph as events), the places already offered, and the siblings families state.
const city = '03355022';
const prefix = `t${randomBytes(4).toString('hex')}`;
let stack: Stack;

const shiftMonths = (months: number, day = today()) => {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1 + months, Math.min(date, 28))).toISOString().slice(0, 10);
};
const ok = (query: string, variables: Record<string, unknown>, token?: string): Promise<any> => dataOf(stack.gateway.url, query, variables, token);

const office = () => tokenFor({ role: 'office', subject: 'office-city', municipalities: [city] });
const provider = () => tokenFor({ role: 'provider', subject: 'provider-city' });
const parent = (subject: string) => tokenFor({ role: 'parent', subject });

const kita = (name: string) => ({
  kind: 'KINDERTAGESSTAETTE',
  name,
  carrier: 'AWO Lüneburg',
  carrierType: 'WELFARE',
  address: { street: 'Stresemannstraße 10', postalCode: '21337', city: 'Lüneburg', district: 'Kaltenmoor' },
  location: { latitude: 53.2384, longitude: 10.4328 },
  // Plenty of capacity: what a run gives must come from the free places, not from here.
  groups: [{ name: 'Krippe', ageRange: { fromMonths: 12, toMonths: 36 }, hoursBand: 'FULL_DAY', capacity: 15 }],
});

async function published(name: string): Promise<string> {
  const { id } = await ok('mutation($m: String!, $input: FacilityProfileInput!) { registerFacility(municipality: $m, input: $input) { id } }', { m: city, input: kita(name) }, await provider());
  await ok('mutation($id: ID!) { submitFacility(id: $id) { id } }', { id }, await provider());
  await ok('mutation($id: ID!) { publishFacility(id: $id) { id } }', { id }, await office());
  return id;
}

/** Free Krippe places, full day, from `availableFrom` on. */
async function addVacancy(facilityId: string, places: number, availableFrom: string): Promise<void> {
  const input = { places, ageRange: { fromMonths: 0, toMonths: 36 }, hoursBand: 'FULL_DAY', availableFrom };
  await ok('mutation($id: ID!, $input: VacancyInput!) { addVacancy(facilityId: $id, input: $input) { id } }', { id: facilityId, input }, await office());
}

const wishedStart = shiftMonths(4);
const saveDraft = `mutation($m: String!, $input: ReservationDraftInput!) { saveReservationDraft(municipality: $m, input: $input) { id } }`;
const submit = `mutation($m: String!, $key: ID!, $idem: String!) { submitReservation(municipality: $m, applicationKey: $key, idempotencyKey: $idem) { id choices { id facility { id } } } }`;

/** A child of two at the wished start, living in the city, reserving `choices` in rank order; its choices' IDs by facility. */
async function reserve(subject: string, choices: string[], options: { birthDate?: string; siblingFacilityIds?: string[] } = {}): Promise<Record<string, string>> {
  const applicationKey = randomUUID();
  const input = {
    applicationKey,
    child: { firstName: 'Mila', lastName: subject, birthDate: options.birthDate ?? shiftMonths(-24, wishedStart) },
    guardians: [
      {
        firstName: 'Katarzyna',
        lastName: subject,
        email: 'k@example.org',
        phone: null,
        address: { street: 'Bockelmannstraße 7', postalCode: '21337', city: 'Lüneburg', residenceMunicipality: city },
      },
    ],
    wishedStart,
    hoursPerWeek: 40,
    kindsOfCare: ['KINDERTAGESSTAETTE'],
    choices: choices.map((facilityId, index) => ({ facilityId, rank: index + 1 })),
    ...(options.siblingFacilityIds ? { siblingFacilityIds: options.siblingFacilityIds } : {}),
  };
  await ok(saveDraft, { m: city, input }, await parent(subject));
  const part = await ok(submit, { m: city, key: applicationKey, idem: randomUUID() }, await parent(subject));
  return Object.fromEntries(part.choices.map((choice: any) => [choice.facility.id, choice.id]));
}

const runFields = `id matchedCount blockingPairs proposals { facility { id } reservation { id } }`;
const preview = async () => ok(`mutation($m: String!) { previewAllocation(municipality: $m) { ${runFields} } }`, { m: city }, await office());
const confirm = async (id: string) =>
  ok(`mutation($id: ID!, $deadline: LocalDate!) { confirmAllocation(runId: $id, deadline: $deadline) { id status } }`, { id, deadline: addDays(today(), 21) }, await office());
const discard = async (id: string) => ok(`mutation($id: ID!) { discardAllocation(runId: $id) { id } }`, { id }, await office());
const offersAt = (run: any, facilityId: string) => run.proposals.filter((proposal: any) => proposal.facility.id === facilityId).length;

/** Every consumer in the order events flow: ChildPlaced to the vacancy subgraph, its vacancy events back to the reservation subgraph. */
async function catchUp(): Promise<void> {
  await stack.instance(city, 'reservation').background!.catchUp!();
  await stack.instance(city, 'vacancy').background!.catchUp!();
  await stack.instance(city, 'reservation').background!.catchUp!();
}

beforeAll(async () => {
  stack = await startStack({
    postgres: externalPostgres(postgresUrl()),
    databasePrefix: prefix,
    municipalities: [city],
    verifier: testVerifier,
    auth: testAuth,
    gatewayPort: 0,
    subgraphPort: 0,
    seed: false,
    tenancy: { timeoutMs: 5000 },
    development: true,
    logger: silentLogger,
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await dropDatabases(postgresUrl(), await listDatabases(postgresUrl(), prefix));
});

describe('the places an allocation run gives', () => {
  const facilities: Record<'sande' | 'bockelsberg', string> = {} as never;
  const children: Array<Record<string, string>> = [];

  it('are the free places published in the vacancy subgraph, by the day each child starts', async () => {
    facilities.sande = await published('Kita Am Sande');
    facilities.bockelsberg = await published('Kita Bockelsberg');
    // Two places at Am Sande from today; one at Bockelsberg only from a month after the children's start.
    await addVacancy(facilities.sande, 2, today());
    await addVacancy(facilities.bockelsberg, 1, shiftMonths(1, wishedStart));
    // The facility facts (for the submission rules) and the free places reach the reservation subgraph.
    await catchUp();
    for (let at = 0; at < 5; at++) children.push(await reserve(`free-places-${at}`, [facilities.sande, facilities.bockelsberg]));
    await catchUp();

    const run = await preview();
    expect(run).toMatchObject({ matchedCount: 2, blockingPairs: 0 });
    expect(offersAt(run, facilities.sande)).toBe(2);
    expect(offersAt(run, facilities.bockelsberg)).toBe(0);
    await discard(run.id);
  });

  it('follow the vacancy subgraph: a place free by the start counts as soon as it is published', async () => {
    await addVacancy(facilities.bockelsberg, 1, wishedStart);
    await catchUp();
    const run = await preview();
    expect(run.matchedCount).toBe(3);
    expect(offersAt(run, facilities.sande)).toBe(2);
    expect(offersAt(run, facilities.bockelsberg)).toBe(1);
    expect((await confirm(run.id)).status).toBe('CONFIRMED');
  });

  it('leave out places already offered, and count an accepted place once when the vacancy subgraph takes it', async () => {
    await reserve('free-places-late', [facilities.sande, facilities.bockelsberg]);
    await catchUp();
    // All three free places are offered: nothing left for anyone.
    expect((await preview()).matchedCount).toBe(0);

    // An offer at Am Sande is accepted: the vacancy subgraph takes the place (ChildPlaced), and the
    // reservation subgraph learns the smaller vacancy; the place must not be taken twice.
    const offered = await ok(
      `query($m: String!) { reservationQueue(municipality: $m, status: [OFFERED]) { edges { node { id facility { id } part { id } } } } }`,
      { m: city },
      await office(),
    );
    const atSande = offered.edges.map((edge: any) => edge.node).find((node: any) => node.facility.id === facilities.sande);
    const subject = children.findIndex((ids) => ids[facilities.sande] === atSande.id);
    await ok('mutation($id: ID!) { acceptOffer(id: $id) { status } }', { id: atSande.id }, await parent(`free-places-${subject}`));
    await catchUp();
    // Am Sande: 1 free (2 less the accepted one), of which 1 is offered; Bockelsberg: 1 free by the start, offered.
    const [{ places }] = await stack.instance(city, 'reservation').database.orm.em.fork().execute('select sum(places)::int as places from free_place');
    expect(places).toBe(3);
    expect((await preview()).matchedCount).toBe(0);

    // A new place at Am Sande goes to a waiting child.
    await addVacancy(facilities.sande, 1, today());
    await catchUp();
    const after = await preview();
    expect(after.matchedCount).toBe(1);
    expect(offersAt(after, facilities.sande)).toBe(1);
  });
});
