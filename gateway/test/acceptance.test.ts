import { randomUUID } from 'node:crypto';
import { subgraphNames } from '@kita/dev';
import { parseRegistry } from '@kita/registry';
import { createReservationModule } from '@kita/reservation';
import { type SubgraphServer, silentLogger, startSubgraphInstance, today } from '@kita/shared';
import { testAuth, testVerifier, tokenFor } from '@kita/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  city,
  familyInput,
  gatewayClient,
  kitaProfile,
  landkreis,
  publishFacility,
  shiftDays,
  shiftMonths,
  startTestStack,
  type TestStack,
  tagespflegeProfile,
} from './support.js';

// When the parent accepts an offer, the child's other open choices are withdrawn in
// every municipality (here at once, elsewhere through `ChildPlaced` events), and the vacancy
// subgraph takes the place; nothing is lost when the other municipality was down meanwhile.
const pseudonymKey = 'acceptance-test-pseudonym-key-0123456789abcdef';
const restarted: SubgraphServer[] = [];
let stack: TestStack;
const { ok } = gatewayClient(() => stack.gateway.url);

const officeCity = () => tokenFor({ role: 'office', subject: 'office-city', municipalities: [city] });
const officeLandkreis = () => tokenFor({ role: 'office', subject: 'office-landkreis', municipalities: [landkreis] });
const provider = () => tokenFor({ role: 'provider', subject: 'provider' });

async function published(municipality: string, input: object, office: string): Promise<string> {
  return publishFacility(ok, municipality, input, { provider: await provider(), office });
}

const facilities: Record<'a' | 'b' | 'tagespflege', string> = {} as never;
const wishedStart = shiftMonths(4);
const familyOf = (firstName: string) => familyInput(firstName, 'Schröder', { wishedStart });
const parentToken = () => tokenFor({ role: 'parent', subject: 'parent-schroeder' });

const saveDraft = `mutation($m: String!, $input: ReservationDraftInput!) { saveReservationDraft(municipality: $m, input: $input) { id choices { id rank status } } }`;
const submit = `mutation($m: String!, $key: ID!, $idem: String!) { submitReservation(municipality: $m, applicationKey: $key, idempotencyKey: $idem) { id } }`;
const partsQuery = `{ myReservationParts { municipality applicationKey choices { id rank status facility { id } history { toStatus actorRole description } } } }`;
const search = `query($m: [String!], $filter: FacilityFilter) { facilities(municipalities: $m, filter: $filter, first: 100) { edges { node { id } } } }`;

/** A child's reservation: city choices (ranks 1, 2…) and the Landkreis's Tagespflege, submitted; the IDs of its choices by facility. */
async function reservationFor(firstName: string, cityFacilities: string[]): Promise<Record<string, string>> {
  const parent = await parentToken();
  const applicationKey = randomUUID();
  const family = { ...familyOf(firstName), applicationKey };
  const cityPart = await ok(
    saveDraft,
    { m: city, input: { ...family, choices: cityFacilities.map((facilityId, index) => ({ facilityId, rank: index + 1 })) } },
    parent,
  );
  const landkreisPart = await ok(
    saveDraft,
    { m: landkreis, input: { ...family, choices: [{ facilityId: facilities.tagespflege, rank: cityFacilities.length + 1 }] } },
    parent,
  );
  for (const municipality of [city, landkreis]) await ok(submit, { m: municipality, key: applicationKey, idem: randomUUID() }, parent);
  const ids: Record<string, string> = {};
  cityPart.choices.forEach((choice: any, index: number) => (ids[cityFacilities[index]] = choice.id));
  ids[facilities.tagespflege] = landkreisPart.choices[0].id;
  return ids;
}

async function accept(id: string): Promise<void> {
  const office = await officeCity();
  await ok('mutation($id: ID!) { startReview(id: $id) { id } }', { id }, office);
  await ok('mutation($id: ID!, $deadline: LocalDate!) { makeOffer(id: $id, deadline: $deadline) { id } }', { id, deadline: shiftDays(14) }, office);
  // The parent accepts the offer themselves (the office's recordAcceptance takes the same path).
  await ok('mutation($id: ID!) { acceptOffer(id: $id) { id status } }', { id }, await parentToken());
}

/** The parent's choices by ID: status and the last step. */
async function choices(): Promise<Map<string, any>> {
  const parts = await ok(partsQuery, {}, await parentToken());
  return new Map(parts.flatMap((part: any) => part.choices).map((choice: any) => [choice.id, choice]));
}

const reservationOf = (municipality: string) =>
  restarted.find((instance) => instance.municipality === municipality) ?? stack.instance(municipality, 'reservation');
/** Every consumer: the reservation instances (peers' ChildPlaced, facility facts), then vacancies, then the facility projection. */
async function catchUp(): Promise<void> {
  const municipalities = [city, landkreis];
  for (const municipality of municipalities) await reservationOf(municipality).background?.catchUp?.();
  for (const municipality of municipalities) await stack.instance(municipality, 'vacancy').background?.catchUp?.();
  for (const municipality of municipalities) await stack.instance(municipality, 'facility').background?.catchUp?.();
}

const freePlaces = async (id: string) => (await ok('query($id: ID!) { facility(id: $id) { freePlaces } }', { id })).freePlaces;
const withFreePlaces = async () =>
  (
    (await ok(search, { m: [city], filter: { onlyWithFreePlaces: true, wishedStart, childBirthDate: shiftMonths(-24, wishedStart), hoursPerWeek: 40 } }))
      .edges as any[]
  ).map((edge) => edge.node.id);

beforeAll(async () => {
  stack = await startTestStack({ municipalities: [city, landkreis], pseudonymKey });
  facilities.a = await published(city, kitaProfile('Kita Am Sande'), await officeCity());
  facilities.b = await published(city, kitaProfile('Kita Bockelsberg'), await officeCity());
  facilities.tagespflege = await published(landkreis, tagespflegeProfile, await officeLandkreis());
  // Two places at Kita Am Sande, from today, for every age and hours band.
  await ok(
    `mutation($id: ID!) { addVacancy(facilityId: $id, input: { places: 2, ageRange: { fromMonths: 0, toMonths: 72 }, hoursBand: FULL_DAY, availableFrom: "${today()}" }) { id } }`,
    { id: facilities.a },
    await officeCity(),
  );
  await catchUp();
}, 120_000);

afterAll(async () => {
  for (const instance of restarted) await instance.close();
  await stack?.close();
});

describe('an accepted place', () => {
  let mila: Record<string, string>;

  it('withdraws the child’s other choices in both municipalities and takes one free place', async () => {
    mila = await reservationFor('Mila', [facilities.a, facilities.b]);
    expect(await freePlaces(facilities.a)).toBe(2);
    expect(await withFreePlaces()).toContain(facilities.a);

    await accept(mila[facilities.a]);
    // Here at once, in the transaction of the acceptance.
    let view = await choices();
    expect(view.get(mila[facilities.a]).status).toBe('ACCEPTED');
    expect(view.get(mila[facilities.b]).status).toBe('WITHDRAWN');

    await catchUp();
    view = await choices();
    for (const id of [mila[facilities.b], mila[facilities.tagespflege]]) {
      const choice = view.get(id);
      expect(choice.status).toBe('WITHDRAWN');
      expect(choice.history.at(-1)).toEqual({
        toStatus: 'WITHDRAWN',
        actorRole: 'SYSTEM',
        description: 'Withdrawn automatically: a place was accepted elsewhere.',
      });
    }
    expect(view.get(mila[facilities.a]).status).toBe('ACCEPTED');
    expect(await freePlaces(facilities.a)).toBe(1);
    expect(await withFreePlaces()).toContain(facilities.a);
  });

  it('changes nothing when the events are delivered again', async () => {
    const before = await choices();
    // Both consumers start their streams again from the beginning.
    await stack.instance(city, 'vacancy').database.orm.em.fork().getConnection().execute(`update event_cursor set position = 0 where source = 'reservation'`);
    await reservationOf(landkreis).database.orm.em.fork().getConnection().execute(`update event_cursor set position = 0 where source = 'reservation@${city}'`);
    await catchUp();
    expect(await freePlaces(facilities.a)).toBe(1);
    expect(await choices()).toEqual(before);
  });

  it('loses nothing when the other municipality’s reservation instance was down at the acceptance', async () => {
    const ella = await reservationFor('Ella', [facilities.a]);
    const old = stack.instance(landkreis, 'reservation');
    const databaseUrl = old.database.orm.config.get('clientUrl') as string;
    await old.close();

    await accept(ella[facilities.a]);

    const back = await startSubgraphInstance(createReservationModule({}, { pseudonymKey }), {
      municipality: landkreis,
      databaseUrl,
      port: 0,
      verifier: testVerifier,
      auth: testAuth,
      production: false,
      logger: silentLogger,
      peerUrl: (subgraph) => (subgraph === 'reservation' ? back.url : stack.instance(landkreis, subgraph).url),
      peers: (subgraph) => [{ municipality: city, url: stack.instance(city, subgraph).url }],
    });
    restarted.push(back);
    await stack.gateway.reload(
      parseRegistry(
        {
          municipalities: stack.entries.map((entry) =>
            entry.key === landkreis ? { ...entry, subgraphs: { ...entry.subgraphs, reservation: back.url } } : entry,
          ),
        },
        { subgraphs: [...subgraphNames] },
      ),
    );
    await back.background?.catchUp?.();
    // (The city's reservation instance still knows the Landkreis by its old address; only the city's vacancies and projection matter here.)
    await stack.instance(city, 'vacancy').background?.catchUp?.();
    await stack.instance(city, 'facility').background?.catchUp?.();

    const view = await choices();
    expect(view.get(ella[facilities.a]).status).toBe('ACCEPTED');
    expect(view.get(ella[facilities.tagespflege]).status).toBe('WITHDRAWN');
    expect(view.get(ella[facilities.tagespflege]).history.at(-1).actorRole).toBe('SYSTEM');
    // The last place is taken: the vacancy is gone, and so is the facility from the free-places search.
    expect(await freePlaces(facilities.a)).toBe(0);
    expect(await withFreePlaces()).not.toContain(facilities.a);
  });
});
