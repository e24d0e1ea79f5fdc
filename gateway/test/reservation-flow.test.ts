import { randomUUID } from 'node:crypto';
import { today } from '@kita/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  city,
  familyInput,
  gatewayClient,
  kitaProfile,
  landkreis,
  loginAccount,
  publishFacility,
  reservationMutations,
  shiftDays,
  shiftMonths,
  startTestLogin,
  startTestStack,
  type TestLogin,
  type TestStack,
  tagespflegeProfile,
} from './support.js';

// The Done-means story of the reservation issue, in one piece, through the real gateway and real
// instances of Hansestadt and Landkreis Lüneburg: a parent reserves three ranked facilities in
// both in one flow and sees one status view; the city office runs and confirms an allocation;
// the parent accepts; the other choices are withdrawn in both municipalities; the facility's free
// places drop by one; demand statistics count the child once throughout.
// Everyone logs in at a real OpenID provider (authorization code with PKCE); the instances sign
// their service requests with their own municipality's key: no shared secret anywhere.
let stack: TestStack;
let login: TestLogin;
const { call, ok } = gatewayClient(() => stack.gateway.url);

const accounts = [
  loginAccount('office-city', 'office', [city]),
  loginAccount('office-landkreis', 'office', [landkreis]),
  loginAccount('provider-lueneburg', 'provider'),
  loginAccount('analyst-region', 'analyst', [city, landkreis]),
  loginAccount('parent-schroeder', 'parent'),
  loginAccount('parent-yilmaz', 'parent'),
];
const officeCity = () => login.tokenOf('office-city');
const officeLandkreis = () => login.tokenOf('office-landkreis');
const provider = () => login.tokenOf('provider-lueneburg');
const analyst = () => login.tokenOf('analyst-region');
const mila = () => login.tokenOf('parent-schroeder');
const noah = () => login.tokenOf('parent-yilmaz');

const wishedStart = shiftMonths(4);
const facilities: Record<'amSande' | 'bockelsberg' | 'kruemelkiste', string> = {} as never;
const milaChoices: Record<string, string> = {};

const statusView = `{ myReservationParts { municipality applicationKey choices { id rank status offerDeadline facility { id name } history { toStatus actorRole description } } } }`;
const demand = `{ demandStatistics { municipality district ageGroup children waiting placed openChoices } }`;
const preview = `mutation($m: String!) { previewAllocation(municipality: $m) { id status childCount matchedCount blockingPairs proposals { rank facility { id } reservation { id } } } }`;
const confirm = `mutation($id: ID!, $deadline: LocalDate!) { confirmAllocation(runId: $id, deadline: $deadline) { id status offerDeadline proposals { reservation { id status offerDeadline } } } }`;
const acceptOffer = `mutation($id: ID!) { acceptOffer(id: $id) { id status } }`;
const freePlaces = async (id: string) => (await ok('query($id: ID!) { facility(id: $id) { freePlaces } }', { id })).freePlaces as number;

/** Every consumer once: reservation instances (peers' ChildPlaced, facility facts, free places), vacancies, facility projections. */
async function catchUp(): Promise<void> {
  for (const subgraph of ['reservation', 'vacancy', 'facility', 'reservation'] as const) {
    for (const municipality of [city, landkreis]) await stack.instance(municipality, subgraph).background?.catchUp?.();
  }
}

/** The parent's one view: every choice of every part, by rank. */
async function choicesOf(token: string): Promise<any[]> {
  const parts = await ok(statusView, {}, token);
  return parts
    .flatMap((part: any) => part.choices.map((choice: any) => ({ ...choice, municipality: part.municipality, applicationKey: part.applicationKey })))
    .sort((a: any, b: any) => a.rank - b.rank);
}

const total = (buckets: any[], field: 'children' | 'waiting' | 'placed') => buckets.reduce((sum, bucket) => sum + bucket[field], 0);

beforeAll(async () => {
  login = await startTestLogin(accounts);
  stack = await startTestStack({
    municipalities: [city, landkreis],
    pseudonymKey: 'reservation-flow-test-pseudonym-key-0123456789',
    auth: login.auth,
    verifier: login.verifier,
  });
  const cityTokens = { provider: await provider(), office: await officeCity() };
  facilities.amSande = await publishFacility(ok, city, kitaProfile('Kita Am Sande'), cityTokens);
  facilities.bockelsberg = await publishFacility(ok, city, kitaProfile('Kita Bockelsberg'), cityTokens);
  facilities.kruemelkiste = await publishFacility(ok, landkreis, tagespflegeProfile, { provider: await provider(), office: await officeLandkreis() });
  // One free Krippe place at Kita Am Sande from today; none at Bockelsberg.
  const vacancy = { places: 1, ageRange: { fromMonths: 0, toMonths: 36 }, hoursBand: 'FULL_DAY', availableFrom: today() };
  await ok(
    'mutation($id: ID!, $input: VacancyInput!) { addVacancy(facilityId: $id, input: $input) { id } }',
    { id: facilities.amSande, input: vacancy },
    await officeCity(),
  );
  await catchUp();
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await login?.close();
});

describe('from Vormerkung to contract, across Hansestadt and Landkreis Lüneburg', () => {
  it('takes three ranked choices in both municipalities in one flow and shows them as one reservation', async () => {
    const applicationKey = randomUUID();
    const family = { ...familyInput('Mila', 'Schröder', { wishedStart, ageMonths: 26 }), applicationKey };
    // Rank 1 and 3 in the city, rank 2 the Tagespflege in the Landkreis: one parent, one flow.
    await ok(
      reservationMutations.saveDraft,
      {
        m: city,
        input: {
          ...family,
          choices: [
            { facilityId: facilities.amSande, rank: 1 },
            { facilityId: facilities.bockelsberg, rank: 3 },
          ],
        },
      },
      await mila(),
    );
    await ok(reservationMutations.saveDraft, { m: landkreis, input: { ...family, choices: [{ facilityId: facilities.kruemelkiste, rank: 2 }] } }, await mila());
    for (const m of [city, landkreis]) await ok(reservationMutations.submit, { m, key: applicationKey, idem: randomUUID() }, await mila());

    const view = await choicesOf(await mila());
    expect(view.map((choice) => [choice.rank, choice.facility.name, choice.municipality, choice.status])).toEqual([
      [1, 'Kita Am Sande', city, 'SUBMITTED'],
      [2, 'Kindertagespflege Krümelkiste', landkreis, 'SUBMITTED'],
      [3, 'Kita Bockelsberg', city, 'SUBMITTED'],
    ]);
    expect(new Set(view.map((choice) => choice.applicationKey))).toEqual(new Set([applicationKey]));
    for (const choice of view) milaChoices[choice.facility.id] = choice.id;

    // A second city family wants the same place, later and with a younger child.
    const other = { ...familyInput('Noah', 'Yılmaz', { wishedStart, ageMonths: 14 }), applicationKey: randomUUID() };
    await ok(reservationMutations.saveDraft, { m: city, input: { ...other, choices: [{ facilityId: facilities.amSande, rank: 1 }] } }, await noah());
    await ok(reservationMutations.submit, { m: city, key: other.applicationKey, idem: randomUUID() }, await noah());
  });

  it('counts Mila once in demand statistics, though she has three choices in two municipalities', async () => {
    const buckets = await ok(demand, {}, await analyst());

    expect(total(buckets, 'children')).toBe(2);
    expect(buckets.find((bucket: any) => bucket.municipality === landkreis)).toMatchObject({ district: 'Adendorf', children: 0, openChoices: 1 });
    expect(buckets.find((bucket: any) => bucket.municipality === city)).toMatchObject({
      district: 'Kaltenmoor',
      ageGroup: 'KRIPPE',
      children: 2,
      waiting: 2,
      openChoices: 3,
    });
  });

  it('lets the city office run and confirm an allocation: the one free place goes to Mila, with a deadline', async () => {
    const run = await ok(preview, { m: city }, await officeCity());
    expect(run).toMatchObject({ status: 'PREVIEW', childCount: 2, matchedCount: 1, blockingPairs: 0 });
    expect(run.proposals).toEqual([{ rank: 1, facility: { id: facilities.amSande }, reservation: { id: milaChoices[facilities.amSande] } }]);

    const deadline = shiftDays(14);
    const confirmed = await ok(confirm, { id: run.id, deadline }, await officeCity());
    expect(confirmed).toMatchObject({
      status: 'CONFIRMED',
      offerDeadline: deadline,
      proposals: [{ reservation: { id: milaChoices[facilities.amSande], status: 'OFFERED', offerDeadline: deadline } }],
    });

    const offered = (await choicesOf(await mila())).find((choice) => choice.rank === 1);
    expect(offered).toMatchObject({ status: 'OFFERED', offerDeadline: deadline });
  });

  it('withdraws the other choices in both municipalities when the parent accepts, and takes the free place', async () => {
    expect(await freePlaces(facilities.amSande)).toBe(1);

    expect(await ok(acceptOffer, { id: milaChoices[facilities.amSande] }, await mila())).toEqual({ id: milaChoices[facilities.amSande], status: 'ACCEPTED' });
    await catchUp();

    const view = await choicesOf(await mila());
    expect(view.map((choice) => [choice.rank, choice.municipality, choice.status])).toEqual([
      [1, city, 'ACCEPTED'],
      [2, landkreis, 'WITHDRAWN'],
      [3, city, 'WITHDRAWN'],
    ]);
    for (const choice of view.slice(1)) {
      expect(choice.history.at(-1)).toEqual({
        toStatus: 'WITHDRAWN',
        actorRole: 'SYSTEM',
        description: 'Withdrawn automatically: a place was accepted elsewhere.',
      });
    }
    expect(await freePlaces(facilities.amSande)).toBe(0);
  });

  it('still counts Mila once, now as placed where her place is', async () => {
    const buckets = await ok(demand, {}, await analyst());

    expect(total(buckets, 'children')).toBe(2);
    expect(total(buckets, 'placed')).toBe(1);
    expect(buckets.find((bucket: any) => bucket.municipality === city)).toMatchObject({
      district: 'Kaltenmoor',
      children: 2,
      waiting: 1,
      placed: 1,
      openChoices: 1,
    });
    expect(buckets.find((bucket: any) => bucket.municipality === landkreis)).toBeUndefined();
    // The statistics never carry a person.
    const text = JSON.stringify(await call(demand, {}, await analyst()));
    for (const value of ['Mila', 'Schröder', 'Noah', 'parent-schroeder']) expect(text).not.toContain(value);
  });
});
