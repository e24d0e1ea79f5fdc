import { randomUUID } from 'node:crypto';
import { childPseudonym, developmentPseudonymKey, ReservationEntity, ReservationPartEntity } from '@kita/reservation';
import type { SubgraphServer } from '@kita/shared';
import { TestDatabases } from '@kita/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientOf, draftInput, insertFact, landkreis, lueneburg, mutations, shiftDays, shiftMonths, snapshot, startReservation, tokens } from './support.js';

const databases = new TestDatabases();
let server: SubgraphServer;
let client: ReturnType<typeof clientOf>;
let kita: string;
let krippe: string;
let tagespflege: string;

beforeAll(async () => {
  server = await startReservation(databases, lueneburg, { settings: { maxChoices: 3 } });
  client = clientOf(server);
  kita = await insertFact(server, {
    groups: [
      { ageFromMonths: 12, ageToMonths: 36 },
      { ageFromMonths: 36, ageToMonths: 72 },
    ],
    members: ['provider-anna'],
  });
  krippe = await insertFact(server, { groups: [{ ageFromMonths: 0, ageToMonths: 36 }] });
  tagespflege = await insertFact(server, { kind: 'KINDERTAGESPFLEGE', groups: [{ ageFromMonths: 0, ageToMonths: 36 }] });
});

afterAll(async () => {
  await server?.close();
  await databases.drop();
});

const save = async (input: object, token?: string) => client.ok(mutations.save, { municipality: lueneburg, input }, token ?? (await tokens.parent()));
const submit = async (applicationKey: string, idempotencyKey = randomUUID(), token?: string) =>
  client.call(mutations.submit, { municipality: lueneburg, applicationKey, idempotencyKey }, token ?? (await tokens.parent()));

describe('saving a draft', () => {
  it('stores the child, guardians, wishes and ranked choices as DRAFT, with the legal claim in plain words', async () => {
    const input = draftInput([
      { facilityId: kita, rank: 2 },
      { facilityId: tagespflege, rank: 1 },
    ]);
    const part = await save(input);
    expect(part).toMatchObject({
      municipality: lueneburg,
      applicationKey: input.applicationKey,
      submittedAt: null,
      hoursPerWeek: 35,
      hoursBand: 'THREE_QUARTER',
      child: { firstName: 'Mila', lastName: 'Schröder', birthDate: input.child.birthDate },
      guardians: [{ firstName: 'Katarzyna', email: 'k.schroeder@example.org', address: { residenceMunicipality: lueneburg } }],
      legalClaim: { kind: 'ONE_TO_THREE' },
    });
    expect(part.legalClaim.description).toContain('a place in a Kita or in Kindertagespflege');
    expect(part.choices.map((choice: any) => [choice.rank, choice.facility.id, choice.status])).toEqual([
      [1, tagespflege, 'DRAFT'],
      [2, kita, 'DRAFT'],
    ]);
    expect(part.choices[0].history).toEqual([
      expect.objectContaining({ fromStatus: null, toStatus: 'DRAFT', actorRole: 'PARENT', description: expect.stringContaining('draft') }),
    ]);
    // The parent is not the office: no pseudonym, no actor accounts.
    expect(part.childPseudonym).toBeNull();
    expect(part.choices[0].history[0].actorSubject).toBeNull();
  });

  it('is an upsert by applicationKey: saving again replaces the data and the choices, keeping kept choices', async () => {
    const input = draftInput([
      { facilityId: kita, rank: 1 },
      { facilityId: krippe, rank: 2 },
    ]);
    const first = await save(input);
    const kept = first.choices.find((choice: any) => choice.facility.id === kita).id;
    const second = await save({
      ...input,
      hoursPerWeek: 20,
      choices: [
        { facilityId: kita, rank: 3 },
        { facilityId: tagespflege, rank: 4 },
      ],
    });
    expect(second.id).toBe(first.id);
    expect(second.hoursBand).toBe('HALF_DAY');
    expect(second.choices.map((choice: any) => [choice.rank, choice.facility.id])).toEqual([
      [3, kita],
      [4, tagespflege],
    ]);
    expect(second.choices[0].id).toBe(kept);
    const em = server.database.orm.em.fork();
    expect(await em.count(ReservationPartEntity, { applicationKey: input.applicationKey })).toBe(1);
    expect(await em.count(ReservationEntity, { partId: first.id.split(':')[1] })).toBe(2);
  });

  it('keeps the parts of different parents apart even with the same applicationKey', async () => {
    const input = draftInput([{ facilityId: kita, rank: 1 }]);
    const a = await save(input, await tokens.parent('parent-x'));
    const b = await save(input, await tokens.parent('parent-y'));
    expect(a.id).not.toBe(b.id);
  });

  it('computes the same pseudonym as any other municipality would, from names and birth date', async () => {
    const input = draftInput([{ facilityId: kita, rank: 1 }], { firstName: '  mila ', lastName: 'SCHRODER' });
    const part = await client.ok(mutations.save, { municipality: lueneburg, input }, await tokens.parent());
    const row = await server.database.orm.em.fork().findOneOrFail(ReservationPartEntity, { id: part.id.split(':')[1] });
    expect(row.childPseudonym).toBe(childPseudonym(developmentPseudonymKey, { firstName: 'Mila', lastName: 'Schröder', birthDate: input.child.birthDate }));
  });

  it.each([
    [
      'a choice of another municipality',
      (input: any) => ({ ...input, choices: [{ facilityId: `${landkreis}:${kita.split(':')[1]}`, rank: 1 }] }),
      'input.choices[0].facilityId',
    ],
    [
      'more choices than the municipality allows (3 here)',
      (input: any) => ({ ...input, choices: [1, 2, 3, 4].map((rank) => ({ facilityId: `${lueneburg}:${randomUUIDv7Like()}`, rank })) }),
      'input.choices',
    ],
    [
      'one facility twice',
      (input: any) => ({
        ...input,
        choices: [
          { facilityId: kita, rank: 1 },
          { facilityId: kita, rank: 2 },
        ],
      }),
      'input.choices[1].facilityId',
    ],
    [
      'one rank twice',
      (input: any) => ({
        ...input,
        choices: [
          { facilityId: kita, rank: 1 },
          { facilityId: krippe, rank: 1 },
        ],
      }),
      'input.choices[1].rank',
    ],
    ['a malformed birth date', (input: any) => ({ ...input, child: { ...input.child, birthDate: '14.03.2025' } }), 'input.child.birthDate'],
    ['a wished start in the past', (input: any) => ({ ...input, wishedStart: shiftDays(-1) }), 'input.wishedStart'],
    [
      'a wished start before birth',
      (input: any) => ({ ...input, child: { ...input.child, birthDate: shiftDays(200) }, wishedStart: shiftDays(100) }),
      'input.wishedStart',
    ],
    ['more than 45 hours', (input: any) => ({ ...input, hoursPerWeek: 46 }), 'input.hoursPerWeek'],
    ['no kind of care', (input: any) => ({ ...input, kindsOfCare: [] }), 'input.kindsOfCare'],
    ['no guardian', (input: any) => ({ ...input, guardians: [] }), 'input.guardians'],
    ['a guardian without contact', (input: any) => ({ ...input, guardians: [{ ...input.guardians[0], email: null, phone: ' ' }] }), 'input.guardians[0]'],
    [
      'an e-mail address that is none',
      (input: any) => ({ ...input, guardians: [{ ...input.guardians[0], email: 'k.schroeder(at)example.org' }] }),
      'input.guardians[0].email',
    ],
    [
      'a residence that is no municipality key',
      (input: any) => ({ ...input, guardians: [{ ...input.guardians[0], address: { ...input.guardians[0].address, residenceMunicipality: 'Lüneburg' } }] }),
      'input.guardians[0].address.residenceMunicipality',
    ],
    ['an applicationKey that is no UUID', (input: any) => ({ ...input, applicationKey: 'my-reservation' }), 'input.applicationKey'],
    [
      'a sibling at a facility of another municipality',
      (input: any) => ({ ...input, siblingFacilityIds: [kita, `${landkreis}:${kita.split(':')[1]}`] }),
      'input.siblingFacilityIds[1]',
    ],
    [
      'siblings at more than 5 facilities',
      (input: any) => ({ ...input, siblingFacilityIds: [1, 2, 3, 4, 5, 6].map(() => `${lueneburg}:${randomUUIDv7Like()}`) }),
      'input.siblingFacilityIds',
    ],
  ])('refuses %s with BAD_USER_INPUT naming the argument, storing nothing and echoing no personal data', async (_case, change, argument) => {
    const before = await snapshot(server);
    const input = change(draftInput([{ facilityId: kita, rank: 1 }]));
    const body = await client.call(mutations.save, { municipality: lueneburg, input }, await tokens.parent());
    expect(body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    const text = JSON.stringify(body);
    for (const value of ['Mila', 'Schröder', 'Katarzyna', 'k.schroeder', '14.03.2025', input.child.birthDate]) expect(text).not.toContain(value);
    expect(await snapshot(server)).toEqual(before);
  });

  it('is for parents only, of the municipality it was sent to', async () => {
    const input = draftInput([{ facilityId: kita, rank: 1 }]);
    expect((await client.error(mutations.save, { municipality: lueneburg, input })).extensions?.code).toBe('UNAUTHENTICATED');
    expect((await client.error(mutations.save, { municipality: lueneburg, input }, await tokens.office())).extensions?.code).toBe('FORBIDDEN');
    expect((await client.error(mutations.save, { municipality: lueneburg, input }, await tokens.provider())).extensions?.code).toBe('FORBIDDEN');
    expect((await client.error(mutations.save, { municipality: landkreis, input }, await tokens.parent())).extensions?.code).toBe('WRONG_MUNICIPALITY');
  });
});

/** A UUID v7-shaped local ID for facilities nobody knows. */
function randomUUIDv7Like(): string {
  const hex = randomUUID().replace(/-/g, '');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

describe('submitting', () => {
  it('checks the rules and moves every choice DRAFT → SUBMITTED in one step, recorded with who and when', async () => {
    const input = draftInput([
      { facilityId: kita, rank: 1 },
      { facilityId: tagespflege, rank: 2 },
    ]);
    await save(input);
    const body = await submit(input.applicationKey);
    expect(body.errors).toBeUndefined();
    const part = body.data!.submitReservation as any;
    expect(part.submittedAt).not.toBeNull();
    expect(part.choices.map((choice: any) => choice.status)).toEqual(['SUBMITTED', 'SUBMITTED']);
    expect(part.choices[0].history.map((step: any) => [step.fromStatus, step.toStatus, step.actorRole])).toEqual([
      [null, 'DRAFT', 'PARENT'],
      ['DRAFT', 'SUBMITTED', 'PARENT'],
    ]);
    expect(part.choices[0].history[1].description).toBe('Submitted: released for processing. The office will review it.');
    // A submitted part is no draft any more.
    const again = await client.error(mutations.save, { municipality: lueneburg, input }, await tokens.parent());
    expect(again.extensions).toMatchObject({ code: 'INVALID_TRANSITION', from: 'SUBMITTED', to: 'DRAFT' });
  });

  it('with the same idempotency key twice creates one submission and returns the first result, writing nothing', async () => {
    const input = draftInput([{ facilityId: kita, rank: 1 }]);
    await save(input);
    const key = randomUUID();
    const first = await submit(input.applicationKey, key);
    expect(first.errors).toBeUndefined();
    const before = await snapshot(server);
    const second = await submit(input.applicationKey, key);
    expect(second.errors).toBeUndefined();
    expect(second.data).toEqual(first.data);
    expect(await snapshot(server)).toEqual(before);
  });

  it('with a key seen before but another payload returns the first result, not a second reservation', async () => {
    const firstInput = draftInput([{ facilityId: kita, rank: 1 }]);
    const otherInput = draftInput([{ facilityId: krippe, rank: 1 }]);
    await save(firstInput);
    await save(otherInput);
    const key = randomUUID();
    const first = await submit(firstInput.applicationKey, key);
    const before = await snapshot(server);
    const second = await submit(otherInput.applicationKey, key);
    expect((second.data!.submitReservation as any).id).toBe((first.data!.submitReservation as any).id);
    expect(await snapshot(server)).toEqual(before);
    // The other draft is still a draft: it needs its own submission.
    const other = await submit(otherInput.applicationKey);
    expect(other.errors).toBeUndefined();
  });

  it('retried concurrently with one key, submits once', async () => {
    const input = draftInput([
      { facilityId: kita, rank: 1 },
      { facilityId: krippe, rank: 2 },
    ]);
    const part = await save(input);
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 5 }, () => submit(input.applicationKey, key)));
    for (const answer of answers) expect(answer.errors).toBeUndefined();
    expect(new Set(answers.map((answer) => (answer.data!.submitReservation as any).id))).toEqual(new Set([part.id]));
    const em = server.database.orm.em.fork();
    expect(await em.count(ReservationEntity, { partId: part.id.split(':')[1] })).toBe(2);
    const [{ count }] = await em.execute(
      'select count(*)::int as count from reservation_transition t join reservation r on r.id = t.reservation_id where r.part_id = ? and t.to_status = ?',
      [part.id.split(':')[1], 'SUBMITTED'],
    );
    expect(count).toBe(2);
  });

  it('refuses a facility that is not published here, naming the choice', async () => {
    const draftOnly = await insertFact(server, { status: 'SUBMITTED' });
    const input = draftInput([
      { facilityId: kita, rank: 1 },
      { facilityId: draftOnly, rank: 2 },
    ]);
    await save(input);
    const before = await snapshot(server);
    const error = (await submit(input.applicationKey)).errors![0];
    expect(error.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'choices',
      violations: [{ rule: 'FACILITY_NOT_PUBLISHED', facilityId: draftOnly, rank: 2 }],
    });
    expect(error.message).toContain(`Choice 2 (facility ${draftOnly})`);
    expect(await snapshot(server)).toEqual(before);
  });

  it("refuses a choice whose groups do not take the child's age at the wished start", async () => {
    const kindergarten = await insertFact(server, { groups: [{ ageFromMonths: 36, ageToMonths: 72 }] });
    const wishedStart = shiftMonths(2);
    // 35 months at the wished start: Krippe yes, Kindergarten not yet.
    const input = draftInput(
      [
        { facilityId: krippe, rank: 1 },
        { facilityId: kindergarten, rank: 2 },
      ],
      { wishedStart, birthDate: shiftDays(-1, shiftMonths(-35, wishedStart)) },
    );
    await save(input);
    const error = (await submit(input.applicationKey)).errors![0];
    expect(error.extensions?.violations).toEqual([expect.objectContaining({ rule: 'AGE', facilityId: kindergarten, rank: 2 })]);
    expect(error.message).toContain('36–72 months');
    expect(error.message).not.toContain(input.child.birthDate);
    // A month later the child is 3: the same facility fits.
    const older = draftInput([{ facilityId: kindergarten, rank: 1 }], { wishedStart, birthDate: shiftMonths(-36, wishedStart) });
    await save(older);
    expect((await submit(older.applicationKey)).errors).toBeUndefined();
  });

  it('refuses a facility of a kind of care the family did not ask for', async () => {
    const input = draftInput([{ facilityId: tagespflege, rank: 1 }], { kindsOfCare: ['KINDERTAGESSTAETTE'] });
    await save(input);
    const error = (await submit(input.applicationKey)).errors![0];
    expect(error.extensions?.violations).toEqual([expect.objectContaining({ rule: 'KIND_OF_CARE', facilityId: tagespflege })]);
  });

  it('admits only residents to places bound to residence, unless the office grants an exception, which is recorded', async () => {
    // A family from the Landkreis: the city's Kita is bound to residence, its Tagespflege is not.
    const input = draftInput(
      [
        { facilityId: kita, rank: 1 },
        { facilityId: tagespflege, rank: 2 },
      ],
      { residence: landkreis },
    );
    const draft = await save(input);
    const refused = (await submit(input.applicationKey)).errors![0];
    const kitaChoice = draft.choices.find((choice: any) => choice.facility.id === kita).id;
    expect(refused.extensions?.violations).toEqual([{ rule: 'RESIDENCE', reservationId: kitaChoice, facilityId: kita, rank: 1 }]);
    expect(refused.message).toContain('the office of the municipality can grant an exception');

    // Only the office of this municipality grants it, with a reason.
    const exception = { id: kitaChoice, reason: 'Umzug nach Lüneburg zum 1. des Monats nachgewiesen' };
    expect((await client.error(mutations.exception, exception, await tokens.parent())).extensions?.code).toBe('FORBIDDEN');
    expect((await client.error(mutations.exception, exception, await tokens.office(landkreis))).extensions?.code).toBe('FORBIDDEN');
    expect((await client.error(mutations.exception, { ...exception, reason: '' }, await tokens.office())).extensions?.argument).toBe('reason');
    expect(await client.ok(mutations.exception, exception, await tokens.office())).toMatchObject({ status: 'DRAFT', residenceException: true });

    const submitted = await submit(input.applicationKey);
    expect(submitted.errors).toBeUndefined();
    const choice = (submitted.data!.submitReservation as any).choices.find((c: any) => c.id === kitaChoice);
    expect(choice.history.map((step: any) => [step.fromStatus, step.toStatus, step.actorRole, step.reason])).toEqual([
      [null, 'DRAFT', 'PARENT', null],
      ['DRAFT', 'DRAFT', 'OFFICE', exception.reason],
      ['DRAFT', 'SUBMITTED', 'PARENT', null],
    ]);
    expect(choice.history[1].description).toContain('exception to the residence rule');
  });

  it('keeps the facilities siblings attend, each once, and refuses one that is no facility here, writing nothing', async () => {
    const unknown = `${lueneburg}:${randomUUIDv7Like()}`;
    const input = draftInput([{ facilityId: kita, rank: 1 }], { siblingFacilityIds: [krippe, tagespflege, krippe, unknown] });
    expect((await save(input)).siblingFacilities).toEqual([{ id: krippe }, { id: tagespflege }, { id: unknown }]);
    const before = await snapshot(server);
    const error = (await submit(input.applicationKey)).errors![0];
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'siblingFacilityIds', facilityIds: [unknown] });
    expect(error.message).toContain(unknown);
    expect(await snapshot(server)).toEqual(before);

    const saved = await save({ ...input, siblingFacilityIds: [krippe] });
    expect(saved.siblingFacilities).toEqual([{ id: krippe }]);
    const body = await submit(input.applicationKey);
    expect(body.errors).toBeUndefined();
    expect((body.data as any).submitReservation.siblingFacilities).toEqual([{ id: krippe }]);
    // Without the field, a draft names no sibling.
    expect((await save(draftInput([{ facilityId: kita, rank: 1 }]))).siblingFacilities).toEqual([]);
  });

  it('refuses to submit what was never saved, and a part twice', async () => {
    expect((await submit(randomUUID())).errors![0].extensions?.code).toBe('NOT_FOUND');
    const input = draftInput([{ facilityId: kita, rank: 1 }]);
    await save(input);
    expect((await submit(input.applicationKey)).errors).toBeUndefined();
    expect((await submit(input.applicationKey)).errors![0].extensions).toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it("never submits another parent's draft", async () => {
    const input = draftInput([{ facilityId: kita, rank: 1 }]);
    await save(input, await tokens.parent('parent-owner'));
    const body = await submit(input.applicationKey, randomUUID(), await tokens.parent('parent-stranger'));
    expect(body.errors![0].extensions?.code).toBe('NOT_FOUND');
  });
});
