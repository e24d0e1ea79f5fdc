import { randomUUID } from 'node:crypto';
import { tokenFor } from '@kita/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  city,
  familyInput,
  gatewayClient,
  kitaProfile,
  landkreis,
  publishFacility,
  reservationMutations,
  shiftDays,
  shiftMonths,
  startTestStack,
  type TestStack,
  tagespflegeProfile,
} from './support.js';

// Issue 14 through the real gateway, Hansestadt (03355022) and Landkreis Lüneburg (03355): the city
// office files a family's paper Vormerkung and the family takes it over in its account; a child
// waiting in both municipalities shows in the city office's duplicate review with the Landkreis
// choice and no names; every role against both.
let stack: TestStack;
const { call: gateway, ok } = gatewayClient(() => stack.gateway.url);

const officeCity = () => tokenFor({ role: 'office', subject: 'office-city', municipalities: [city] });
const officeLandkreis = () => tokenFor({ role: 'office', subject: 'office-landkreis', municipalities: [landkreis] });
const providerCity = () => tokenFor({ role: 'provider', subject: 'provider-city' });
const providerLandkreis = () => tokenFor({ role: 'provider', subject: 'provider-landkreis' });
const wishedStart = shiftMonths(4);
let kita: string;
let tagespflege: string;

const file = `mutation($m: String!, $input: OfficeFilingInput!) { fileReservationForFamily(municipality: $m, input: $input) {
  takeoverCode part { id filingChannel childPseudonym choices { id status history { toStatus actorRole actorSubject description } } } } }`;
const takeOver = `mutation($m: String!, $code: String!) { takeOverReservation(municipality: $m, code: $code) { id } }`;
const duplicates = `query($p: [String!]!) { duplicateChoices(pseudonyms: $p) { pseudonym municipality kind rank status wishedStart submittedAt statusSince } }`;

beforeAll(async () => {
  stack = await startTestStack({ municipalities: [city, landkreis] });
  kita = await publishFacility(ok, city, kitaProfile('Kita Am Sande'), { provider: await providerCity(), office: await officeCity() });
  tagespflege = await publishFacility(ok, landkreis, tagespflegeProfile, { provider: await providerLandkreis(), office: await officeLandkreis() });
  for (const municipality of [city, landkreis]) await stack.instance(municipality, 'reservation').background!.catchUp!();
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

describe('a Vormerkung the city office files on paper', () => {
  let code: string;
  let partId: string;

  it('is saved and submitted at once for the office of the municipality only, with the channel and the filer in the history', async () => {
    const input = {
      ...familyInput('Jonas', 'Nowak', { wishedStart }),
      applicationKey: randomUUID(),
      choices: [{ facilityId: kita, rank: 1 }],
      channel: 'PAPER',
      consentNoted: true,
      idempotencyKey: randomUUID(),
    };
    for (const [token, errorCode] of [
      [undefined, 'UNAUTHENTICATED'],
      [await tokenFor({ role: 'parent', subject: 'parent-nowak' }), 'FORBIDDEN'],
      [await providerCity(), 'FORBIDDEN'],
      [await tokenFor({ role: 'analyst', subject: 'analyst', municipalities: [city] }), 'FORBIDDEN'],
      [await officeLandkreis(), 'FORBIDDEN'],
    ] as const) {
      const { body } = await gateway(file, { m: city, input }, token);
      expect(body.errors?.map((error) => error.extensions?.code)).toEqual([errorCode]);
    }
    const refused = await gateway(file, { m: city, input: { ...input, consentNoted: false } }, await officeCity());
    expect(refused.body.errors?.map((error) => [error.extensions?.code, error.extensions?.argument])).toEqual([['BAD_USER_INPUT', 'input.consentNoted']]);

    const filing = await ok(file, { m: city, input }, await officeCity());
    expect(filing.part.filingChannel).toBe('PAPER');
    expect(filing.part.choices[0].status).toBe('SUBMITTED');
    expect(filing.part.choices[0].history.map((step: any) => [step.toStatus, step.actorRole, step.actorSubject])).toEqual([
      ['DRAFT', 'OFFICE', 'office-city'],
      ['SUBMITTED', 'OFFICE', 'office-city'],
    ]);
    expect(filing.part.choices[0].history[1].description).toContain('paper form');
    code = filing.takeoverCode;
    partId = filing.part.id;
  });

  it('is taken over once by the family with its code, and then answered by the family', async () => {
    const parent = await tokenFor({ role: 'parent', subject: 'parent-nowak' });
    const wrong = await gateway(takeOver, { m: city, code: 'AAAA-BBBB-CCCC' }, parent);
    expect(wrong.body.errors?.map((error) => error.extensions?.code)).toEqual(['TAKEOVER_CODE_INVALID']);
    expect(JSON.stringify(wrong.body)).not.toContain('AAAA');
    expect((await ok(takeOver, { m: city, code }, parent)).id).toBe(partId);
    const used = await gateway(takeOver, { m: city, code }, await tokenFor({ role: 'parent', subject: 'parent-other' }));
    expect(used.body.errors?.map((error) => error.extensions?.code)).toEqual(['TAKEOVER_CODE_INVALID']);

    const parts = await ok('{ myReservationParts { id child { firstName } choices { id status } } }', {}, parent);
    expect(parts).toMatchObject([{ id: partId, child: { firstName: 'Jonas' }, choices: [{ status: 'SUBMITTED' }] }]);
    const choice = parts[0].choices[0].id;
    await ok('mutation($id: ID!) { startReview(id: $id) { id } }', { id: choice }, await officeCity());
    await ok('mutation($id: ID!, $d: LocalDate!) { makeOffer(id: $id, deadline: $d) { id } }', { id: choice, d: shiftDays(14) }, await officeCity());
    expect((await ok('mutation($id: ID!) { declineOffer(id: $id) { status } }', { id: choice }, parent)).status).toBe('DECLINED');
  });
});

describe('duplicate review across the federation', () => {
  let pseudonym: string;

  beforeAll(async () => {
    // Mila waits in the city (a Kita) and in the Landkreis (a Tagespflege), one reservation, no acceptance.
    const parent = await tokenFor({ role: 'parent', subject: 'parent-schroeder' });
    const applicationKey = randomUUID();
    const family = familyInput('Mila', 'Schröder', { wishedStart });
    for (const [m, facilityId, rank] of [
      [city, kita, 1],
      [landkreis, tagespflege, 2],
    ] as const) {
      await ok(reservationMutations.saveDraft, { m, input: { ...family, applicationKey, choices: [{ facilityId, rank }] } }, parent);
      await ok(reservationMutations.submit, { m, key: applicationKey, idem: randomUUID() }, parent);
    }
    const queue = await ok(
      `query($m: String!) { reservationQueue(municipality: $m) { edges { node { part { child { firstName } childPseudonym } } } } }`,
      { m: city },
      await officeCity(),
    );
    pseudonym = queue.edges.find((edge: any) => edge.node.part.child.firstName === 'Mila').node.part.childPseudonym;
  });

  it('shows the city office the child’s Landkreis choice beside its own, with no names', async () => {
    const { body } = await gateway(duplicates, { p: [pseudonym] }, await officeCity());
    expect(body.errors).toBeUndefined();
    const choices = body.data!.duplicateChoices as any[];
    expect(choices.map(({ municipality, kind, rank, status, wishedStart: start }) => ({ municipality, kind, rank, status, start }))).toEqual([
      { municipality: city, kind: 'KINDERTAGESSTAETTE', rank: 1, status: 'SUBMITTED', start: wishedStart },
      { municipality: landkreis, kind: 'KINDERTAGESPFLEGE', rank: 2, status: 'SUBMITTED', start: wishedStart },
    ]);
    expect(choices.every((choice) => choice.pseudonym === pseudonym && choice.submittedAt && choice.statusSince)).toBe(true);
    for (const value of ['Mila', 'Schröder', 'Katarzyna', 'k.schroeder', 'Bockelmann', 'Krümelkiste', 'Am Sande', shiftMonths(-24, wishedStart)]) {
      expect(JSON.stringify(body)).not.toContain(value);
    }
    // The Landkreis office sees the same from its side.
    expect((await ok(duplicates, { p: [pseudonym] }, await officeLandkreis())).map((choice: any) => choice.municipality)).toEqual([city, landkreis]);
  });

  it('refuses every other role through the gateway, and bad pseudonyms without echoing them', async () => {
    for (const [token, code] of [
      [undefined, 'UNAUTHENTICATED'],
      [await tokenFor({ role: 'parent', subject: 'parent-schroeder' }), 'FORBIDDEN'],
      [await providerCity(), 'FORBIDDEN'],
      [await tokenFor({ role: 'analyst', subject: 'analyst', municipalities: [city, landkreis] }), 'FORBIDDEN'],
    ] as const) {
      const { body } = await gateway(duplicates, { p: [pseudonym] }, token);
      expect(body.data?.duplicateChoices ?? null).toBeNull();
      expect(new Set(body.errors?.map((error) => error.extensions?.code))).toEqual(new Set([code]));
      expect(JSON.stringify(body)).not.toContain(pseudonym);
    }
    const { body } = await gateway(duplicates, { p: ['Mila Schröder'] }, await officeCity());
    expect(new Set(body.errors?.map((error) => error.extensions?.code))).toEqual(new Set(['BAD_USER_INPUT']));
    expect(JSON.stringify(body)).not.toContain('Mila');
  });
});
