import { randomUUID } from 'node:crypto';
import { today } from '@kita/shared';
import { tokenFor } from '@kita/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  city,
  familyInput,
  gatewayClient,
  kitaProfile,
  publishFacility,
  reservationMutations,
  shiftDays,
  shiftMonths,
  startTestStack,
  type TestStack,
} from './support.js';

// What an allocation run of Hansestadt Lüneburg works with, through the real gateway: the free
// places the providers publish in the vacancy subgraph (reaching the reservation subgraph as
// events), the places already offered, and the siblings families state.
let stack: TestStack;
const { ok } = gatewayClient(() => stack.gateway.url);

const office = () => tokenFor({ role: 'office', subject: 'office-city', municipalities: [city] });
const provider = () => tokenFor({ role: 'provider', subject: 'provider-city' });
const parent = (subject: string) => tokenFor({ role: 'parent', subject });

// Plenty of group capacity (15 Krippe places): what a run gives must come from the free places.
const published = async (name: string) => publishFacility(ok, city, kitaProfile(name), { provider: await provider(), office: await office() });

/** Free Krippe places, full day, from `availableFrom` on. */
async function addVacancy(facilityId: string, places: number, availableFrom: string): Promise<void> {
  const input = { places, ageRange: { fromMonths: 0, toMonths: 36 }, hoursBand: 'FULL_DAY', availableFrom };
  await ok('mutation($id: ID!, $input: VacancyInput!) { addVacancy(facilityId: $id, input: $input) { id } }', { id: facilityId, input }, await office());
}

const wishedStart = shiftMonths(4);

/** A child of two at the wished start reserves `choices` in rank order and submits; its choices' IDs by facility. */
async function reserve(
  subject: string,
  choices: string[],
  options: { ageMonths?: number; siblingFacilityIds?: string[] } = {},
): Promise<Record<string, string>> {
  const applicationKey = randomUUID();
  const input = {
    ...familyInput('Mila', subject, { wishedStart, ageMonths: options.ageMonths }),
    applicationKey,
    choices: choices.map((facilityId, index) => ({ facilityId, rank: index + 1 })),
    ...(options.siblingFacilityIds ? { siblingFacilityIds: options.siblingFacilityIds } : {}),
  };
  await ok(reservationMutations.saveDraft, { m: city, input }, await parent(subject));
  const part = await ok(reservationMutations.submit, { m: city, key: applicationKey, idem: randomUUID() }, await parent(subject));
  return Object.fromEntries(part.choices.map((choice: any) => [choice.facility.id, choice.id]));
}

const runFields = `id priorities matchedCount blockingPairs proposals { facility { id } reservation { id } }`;
const preview = async () => ok(`mutation($m: String!) { previewAllocation(municipality: $m) { ${runFields} } }`, { m: city }, await office());
const confirm = async (id: string) =>
  ok(
    `mutation($id: ID!, $deadline: LocalDate!) { confirmAllocation(runId: $id, deadline: $deadline) { id status } }`,
    { id, deadline: shiftDays(21) },
    await office(),
  );
const discard = async (id: string) => ok(`mutation($id: ID!) { discardAllocation(runId: $id) { id } }`, { id }, await office());
const offersAt = (run: any, facilityId: string) => run.proposals.filter((proposal: any) => proposal.facility.id === facilityId);

/** Every consumer in the order events flow: ChildPlaced to the vacancy subgraph, its vacancy events back to the reservation subgraph. */
async function catchUp(): Promise<void> {
  await stack.instance(city, 'reservation').background!.catchUp!();
  await stack.instance(city, 'vacancy').background!.catchUp!();
  await stack.instance(city, 'reservation').background!.catchUp!();
}

beforeAll(async () => {
  stack = await startTestStack({ municipalities: [city] });
}, 120_000);

afterAll(async () => {
  await stack?.close();
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

    const run = await preview();
    expect(run).toMatchObject({ matchedCount: 2, blockingPairs: 0 });
    expect(offersAt(run, facilities.sande)).toHaveLength(2);
    expect(offersAt(run, facilities.bockelsberg)).toHaveLength(0);
    await discard(run.id);
  });

  it('follow the vacancy subgraph: a place free by the start counts as soon as it is published', async () => {
    await addVacancy(facilities.bockelsberg, 1, wishedStart);
    await catchUp();
    const run = await preview();
    expect(run.matchedCount).toBe(3);
    expect(offersAt(run, facilities.sande)).toHaveLength(2);
    expect(offersAt(run, facilities.bockelsberg)).toHaveLength(1);
    expect((await confirm(run.id)).status).toBe('CONFIRMED');
  });

  it('leave out places already offered, and count an accepted place once when the vacancy subgraph takes it', async () => {
    await reserve('free-places-late', [facilities.sande, facilities.bockelsberg]);
    await catchUp();
    // All three places free by the start are offered: nothing left for anyone.
    expect((await preview()).matchedCount).toBe(0);

    // An offer at Am Sande is accepted: the vacancy subgraph takes the place (ChildPlaced), and the
    // reservation subgraph learns the smaller vacancy; the place must not be taken twice.
    const offered = await ok(
      `query($m: String!) { reservationQueue(municipality: $m, status: [OFFERED]) { edges { node { id facility { id } } } } }`,
      { m: city },
      await office(),
    );
    const atSande = offered.edges.map((edge: any) => edge.node).find((node: any) => node.facility.id === facilities.sande);
    const subject = children.findIndex((ids) => ids[facilities.sande] === atSande.id);
    await ok('mutation($id: ID!) { acceptOffer(id: $id) { status } }', { id: atSande.id }, await parent(`free-places-${subject}`));
    await catchUp();
    // Am Sande: 1 free (2 less the accepted one), offered; Bockelsberg: 1 free by the start, offered, and 1 later.
    const [{ places }] = await stack.instance(city, 'reservation').database.orm.em.fork().execute('select sum(places)::int as places from free_place');
    expect(places).toBe(3);
    expect((await preview()).matchedCount).toBe(0);

    // A new place at Am Sande goes to a waiting child.
    await addVacancy(facilities.sande, 1, today());
    await catchUp();
    const after = await preview();
    expect(after.matchedCount).toBe(1);
    expect(offersAt(after, facilities.sande)).toHaveLength(1);
  });
});

describe('siblings in an allocation run', () => {
  it('give the one free place to the child whose sibling attends the facility, over an older child who waited longer', async () => {
    const kreideberg = await published('Kita Kreideberg');
    const oedeme = await published('Kita Oedeme');
    await addVacancy(kreideberg, 1, today());
    await catchUp();
    // Both live in the city and have the legal claim; the first is older and submitted first.
    const older = await reserve('sibling-older', [kreideberg], { ageMonths: 30 });
    const withSibling = await reserve('sibling-younger', [kreideberg], { ageMonths: 20, siblingFacilityIds: [kreideberg, oedeme] });

    const run = await preview();
    expect(run.priorities[0]).toBe('SIBLING');
    expect(offersAt(run, kreideberg).map((proposal: any) => proposal.reservation.id)).toEqual([withSibling[kreideberg]]);
    expect(run.proposals.map((proposal: any) => proposal.reservation.id)).not.toContain(older[kreideberg]);
    expect(run.blockingPairs).toBe(0);
    await discard(run.id);
  });

  it('count only at the facility the sibling attends', async () => {
    const rotesFeld = await published('Kita Rotes Feld');
    const elsewhere = await published('Kita Weststadt');
    await addVacancy(rotesFeld, 1, today());
    await catchUp();
    const older = await reserve('sibling-elsewhere-older', [rotesFeld], { ageMonths: 30 });
    await reserve('sibling-elsewhere-younger', [rotesFeld], { ageMonths: 20, siblingFacilityIds: [elsewhere] });

    const run = await preview();
    expect(offersAt(run, rotesFeld).map((proposal: any) => proposal.reservation.id)).toEqual([older[rotesFeld]]);
    await discard(run.id);
  });
});
