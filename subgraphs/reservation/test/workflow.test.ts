import { ReservationEntity } from '@kita/reservation';
import { type SubgraphServer } from '@kita/shared';
import { TestDatabases } from '@kita/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientOf, insertFact, landkreis, lueneburg, mutations, shiftDays, snapshot, startReservation, submittedPart, tokens } from './support.js';

const databases = new TestDatabases();
let server: SubgraphServer;
let client: ReturnType<typeof clientOf>;
let kita: string;
let other: string;

beforeAll(async () => {
  server = await startReservation(databases, lueneburg);
  client = clientOf(server);
  kita = await insertFact(server, { members: ['provider-anna'] });
  other = await insertFact(server);
});

afterAll(async () => {
  await server?.close();
  await databases.drop();
});

const historyQuery = `query($id: ID!) { reservation(id: $id) { id status offerDeadline history { fromStatus toStatus actorRole actorSubject reason at description } } }`;

async function choice(parent = 'parent-a'): Promise<string> {
  const part = await submittedPart(server, [{ facilityId: kita, rank: 1 }], { parent });
  return part.choices[0].id;
}

async function offered(parent = 'parent-a'): Promise<string> {
  const id = await choice(parent);
  await client.ok(mutations.startReview, { id }, await tokens.office());
  await client.ok(mutations.makeOffer, { id, deadline: shiftDays(14) }, await tokens.office());
  return id;
}

describe('the office works a reservation', () => {
  it('goes SUBMITTED → IN_REVIEW → OFFERED (deadline) → ACCEPTED, each step with who, when and why in plain words', async () => {
    const id = await choice();
    const office = await tokens.office();
    expect(await client.ok(mutations.startReview, { id }, office)).toMatchObject({ status: 'IN_REVIEW' });
    const deadline = shiftDays(21);
    expect(await client.ok(mutations.makeOffer, { id, deadline }, office)).toEqual({ id, status: 'OFFERED', offerDeadline: deadline });
    expect(await client.ok(mutations.accept, { id }, office)).toMatchObject({ status: 'ACCEPTED' });

    const asOffice = await client.ok(historyQuery, { id }, office);
    expect(asOffice.history.map((step: any) => [step.fromStatus, step.toStatus, step.actorRole, step.actorSubject])).toEqual([
      [null, 'DRAFT', 'PARENT', 'parent-a'],
      ['DRAFT', 'SUBMITTED', 'PARENT', 'parent-a'],
      ['SUBMITTED', 'IN_REVIEW', 'OFFICE', 'office-lueneburg'],
      ['IN_REVIEW', 'OFFERED', 'OFFICE', 'office-lueneburg'],
      ['OFFERED', 'ACCEPTED', 'OFFICE', 'office-lueneburg'],
    ]);
    for (const step of asOffice.history) expect(Date.parse(step.at)).toBeGreaterThan(Date.now() - 60_000);
    // The parent sees the same steps in plain words, without the accounts of who took them.
    const asParent = await client.ok(historyQuery, { id }, await tokens.parent());
    expect(asParent.history.map((step: any) => step.actorSubject)).toEqual([null, null, null, null, null]);
    expect(asParent.history.map((step: any) => step.description)).toEqual([
      'Saved as a draft; not yet released for processing.',
      'Submitted: released for processing. The office will review it.',
      'The office is reviewing the reservation.',
      `A place is offered. It must be accepted by ${deadline}, or the offer lapses.`,
      'The offer was accepted: a binding commitment (Zusage). A contract follows.',
    ]);
  });

  it('records a declined offer with its reason', async () => {
    const id = await offered();
    expect((await client.error(mutations.decline, { id, reason: '' }, await tokens.office())).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'reason',
    });
    expect(await client.ok(mutations.decline, { id, reason: 'Familie hat einen Platz in Hamburg' }, await tokens.office())).toMatchObject({
      status: 'DECLINED',
    });
    const { history } = await client.ok(historyQuery, { id }, await tokens.parent());
    expect(history.at(-1)).toMatchObject({
      fromStatus: 'OFFERED',
      toStatus: 'DECLINED',
      actorRole: 'OFFICE',
      reason: 'Familie hat einen Platz in Hamburg',
      description: 'The offer was declined.',
    });
  });

  it.each([
    [13, 'BAD_USER_INPUT'],
    [29, 'BAD_USER_INPUT'],
    [14, null],
    [28, null],
  ])('accepts an offer deadline %i days ahead only within 14 to 28 days', async (days, code) => {
    const id = await choice();
    await client.ok(mutations.startReview, { id }, await tokens.office());
    const body = await client.call(mutations.makeOffer, { id, deadline: shiftDays(days) }, await tokens.office());
    if (code) expect(body.errors?.[0].extensions).toMatchObject({ code, argument: 'deadline' });
    else expect(body.errors).toBeUndefined();
  });

  it('honours a configured deadline window', async () => {
    const strict = await startReservation(databases, landkreis, { settings: { offerDeadlineDays: { min: 7, max: 10 } } });
    try {
      const facility = await insertFact(strict, { kind: 'KINDERTAGESPFLEGE', groups: [{ ageFromMonths: 0, ageToMonths: 36 }] });
      const part = await submittedPart(strict, [{ facilityId: facility, rank: 1 }], { residence: landkreis });
      const id = part.choices[0].id;
      const strictClient = clientOf(strict);
      const office = await tokens.office(landkreis);
      await strictClient.ok(mutations.startReview, { id }, office);
      expect((await strictClient.error(mutations.makeOffer, { id, deadline: shiftDays(14) }, office)).message).toContain('7 to 10 days ahead');
      expect(await strictClient.ok(mutations.makeOffer, { id, deadline: shiftDays(10) }, office)).toMatchObject({ status: 'OFFERED' });
    } finally {
      await strict.close();
    }
  });

  it.each([
    [
      'startReview twice',
      async (id: string, office: string) => {
        await client.ok(mutations.startReview, { id }, office);
        return client.call(mutations.startReview, { id }, office);
      },
      { from: 'IN_REVIEW', to: 'IN_REVIEW' },
    ],
    [
      'an offer before review',
      async (id: string, office: string) => client.call(mutations.makeOffer, { id, deadline: shiftDays(14) }, office),
      { from: 'SUBMITTED', to: 'OFFERED' },
    ],
    ['an acceptance without offer', async (id: string, office: string) => client.call(mutations.accept, { id }, office), { from: 'SUBMITTED', to: 'ACCEPTED' }],
  ])('refuses %s with INVALID_TRANSITION, changing nothing', async (_case, step, details) => {
    const id = await choice();
    const office = await tokens.office();
    const body = await step(id, office);
    expect(body.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', ...details });
  });

  it('is the office’s alone: parents, providers, analysts and other offices are refused, and nothing changes', async () => {
    const id = await choice();
    const before = await snapshot(server);
    for (const [token, code] of [
      [undefined, 'UNAUTHENTICATED'],
      [await tokens.parent(), 'FORBIDDEN'],
      [await tokens.provider(), 'FORBIDDEN'],
      [await tokens.analyst(lueneburg), 'FORBIDDEN'],
      [await tokens.office(landkreis), 'FORBIDDEN'],
    ] as const) {
      expect((await client.error(mutations.startReview, { id }, token)).extensions?.code).toBe(code);
    }
    expect((await client.error(mutations.startReview, { id: `${landkreis}:${id.split(':')[1]}` }, await tokens.office())).extensions?.code).toBe(
      'WRONG_MUNICIPALITY',
    );
    expect(await snapshot(server)).toEqual(before);
  });
});

describe('the parent withdraws', () => {
  it.each(['SUBMITTED', 'IN_REVIEW', 'OFFERED'])('a %s choice at any time before acceptance, with an optional reason', async (status) => {
    const id = await choice();
    if (status !== 'SUBMITTED') await client.ok(mutations.startReview, { id }, await tokens.office());
    if (status === 'OFFERED') await client.ok(mutations.makeOffer, { id, deadline: shiftDays(14) }, await tokens.office());
    expect(await client.ok(mutations.withdraw, { id, reason: 'Wir ziehen um' }, await tokens.parent())).toEqual({ id, status: 'WITHDRAWN' });
    const { history } = await client.ok(historyQuery, { id }, await tokens.parent());
    expect(history.at(-1)).toMatchObject({
      fromStatus: status,
      toStatus: 'WITHDRAWN',
      actorRole: 'PARENT',
      reason: 'Wir ziehen um',
      description: 'Withdrawn by the family.',
    });
  });

  it('but not after acceptance, and never for another family', async () => {
    const id = await offered();
    expect((await client.error(mutations.withdraw, { id }, await tokens.parent('parent-other'))).extensions?.code).toBe('NOT_FOUND');
    expect((await client.error(mutations.withdraw, { id }, await tokens.office())).extensions?.code).toBe('FORBIDDEN');
    await client.ok(mutations.accept, { id }, await tokens.office());
    expect((await client.error(mutations.withdraw, { id }, await tokens.parent())).extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      from: 'ACCEPTED',
      to: 'WITHDRAWN',
    });
  });

  it('withdraws one choice and leaves the others of the part alone', async () => {
    const part = await submittedPart(server, [
      { facilityId: kita, rank: 1 },
      { facilityId: other, rank: 2 },
    ]);
    await client.ok(mutations.withdraw, { id: part.choices[0].id }, await tokens.parent());
    const rows = await server.database.orm.em.fork().find(ReservationEntity, { partId: part.id.split(':')[1] }, { orderBy: { rank: 'asc' } });
    expect(rows.map((row) => row.status)).toEqual(['WITHDRAWN', 'SUBMITTED']);
  });
});

describe('an offer past its deadline', () => {
  it('lapses by the background job, recorded as the system, and can no longer be accepted', async () => {
    const id = await offered();
    const current = await offered();
    // Time passes: the deadline was yesterday.
    await server.database.orm.em.fork().nativeUpdate(ReservationEntity, { id: id.split(':')[1] }, { offerDeadline: shiftDays(-1) });
    expect((await client.error(mutations.accept, { id }, await tokens.office())).extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      from: 'OFFERED',
      to: 'ACCEPTED',
    });
    await server.background!.catchUp!();
    const { status, history } = await client.ok(historyQuery, { id }, await tokens.office());
    expect(status).toBe('LAPSED');
    expect(history.at(-1)).toMatchObject({ fromStatus: 'OFFERED', toStatus: 'LAPSED', actorRole: 'SYSTEM', actorSubject: 'system' });
    expect(history.at(-1).description).toBe(`The offer lapsed: it was not accepted by ${shiftDays(-1)}. The place goes to the next family.`);
    // An offer whose deadline is today or later stays.
    expect((await client.ok(historyQuery, { id: current }, await tokens.office())).status).toBe('OFFERED');
    // Running again changes nothing.
    await server.background!.catchUp!();
    expect((await client.ok(historyQuery, { id }, await tokens.office())).history).toHaveLength(history.length);
  });
});
