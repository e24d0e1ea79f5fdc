import { ReservationEntity } from '@kita/reservation';
import { type SubgraphServer } from '@kita/shared';
import { TestDatabases } from '@kita/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientOf, insertFact, landkreis, lueneburg, mutations, shiftDays, snapshot, startReservation, submittedPart, tokens } from './support.js';

// The parent answers an offer themselves: acceptOffer / declineOffer on their own choice.
const databases = new TestDatabases();
let server: SubgraphServer;
let client: ReturnType<typeof clientOf>;
let kita: string;
let other: string;

const acceptOffer = `mutation($id: ID!) { acceptOffer(id: $id) { id status } }`;
const declineOffer = `mutation($id: ID!, $reason: String) { declineOffer(id: $id, reason: $reason) { id status } }`;
const historyQuery = `query($id: ID!) { reservation(id: $id) { id status history { fromStatus toStatus actorRole actorSubject reason description } } }`;

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

const local = (id: string) => id.split(':')[1];

async function outboxCount(): Promise<number> {
  const [row] = await server.database.orm.em.fork().getConnection().execute(`select count(*)::int as n from outbox_event where type = 'ChildPlaced'`);
  return row.n;
}

/** Everything a refused call must leave alone: the rows and the outbox. */
async function state() {
  return { rows: await snapshot(server), events: await outboxCount() };
}

async function offer(id: string): Promise<void> {
  const office = await tokens.office();
  await client.ok(mutations.startReview, { id }, office);
  await client.ok(mutations.makeOffer, { id, deadline: shiftDays(14) }, office);
}

/** A part with two choices, the first OFFERED; returns both IDs. */
async function offeredPart(parent = 'parent-a'): Promise<{ id: string; second: string }> {
  const part = await submittedPart(
    server,
    [
      { facilityId: kita, rank: 1 },
      { facilityId: other, rank: 2 },
    ],
    { parent },
  );
  const [first, second] = part.choices.map((choice: any) => choice.id);
  await offer(first);
  return { id: first, second };
}

describe('the parent accepts an offer', () => {
  it('moves OFFERED → ACCEPTED as the parent, records ChildPlaced and withdraws the child’s other choices', async () => {
    const { id, second } = await offeredPart();
    const events = await outboxCount();
    expect(await client.ok(acceptOffer, { id }, await tokens.parent())).toEqual({ id, status: 'ACCEPTED' });

    const { history } = await client.ok(historyQuery, { id }, await tokens.office());
    expect(history.at(-1)).toMatchObject({ fromStatus: 'OFFERED', toStatus: 'ACCEPTED', actorRole: 'PARENT', actorSubject: 'parent-a' });
    const asParent = await client.ok(historyQuery, { id }, await tokens.parent());
    expect(asParent.history.at(-1).description).toBe('You accepted the offer: a binding commitment (Zusage). A contract follows.');

    expect(await outboxCount()).toBe(events + 1);
    const [event] = await server.database.orm.em
      .fork()
      .getConnection()
      .execute(`select payload from outbox_event where type = 'ChildPlaced' order by seq desc limit 1`);
    expect(event.payload).toMatchObject({ reservationId: local(id) });

    const sibling = await client.ok(historyQuery, { id: second }, await tokens.parent());
    expect(sibling.status).toBe('WITHDRAWN');
    expect(sibling.history.at(-1)).toMatchObject({
      toStatus: 'WITHDRAWN',
      actorRole: 'SYSTEM',
      description: 'Withdrawn automatically: a place was accepted elsewhere.',
    });
  });

  it('accepts on the deadline day itself', async () => {
    const { id } = await offeredPart();
    await server.database.orm.em.fork().nativeUpdate(ReservationEntity, { id: local(id) }, { offerDeadline: shiftDays(0) });
    expect(await client.ok(acceptOffer, { id }, await tokens.parent())).toEqual({ id, status: 'ACCEPTED' });
  });

  it('refuses after the deadline with INVALID_TRANSITION in plain words, writing nothing', async () => {
    const { id } = await offeredPart();
    const deadline = shiftDays(-1);
    await server.database.orm.em.fork().nativeUpdate(ReservationEntity, { id: local(id) }, { offerDeadline: deadline });
    const before = await state();
    const error = await client.error(acceptOffer, { id }, await tokens.parent());
    expect(error.extensions).toMatchObject({ code: 'INVALID_TRANSITION', from: 'OFFERED', to: 'ACCEPTED' });
    expect(error.message).toContain(`The offer expired on ${deadline}`);
    expect(await state()).toEqual(before);
  });

  it.each([
    ['SUBMITTED', async (_id: string) => {}],
    ['IN_REVIEW', async (id: string) => void (await client.ok(mutations.startReview, { id }, await tokens.office()))],
  ])('refuses a %s choice (no offer) with INVALID_TRANSITION, writing nothing', async (status, prepare) => {
    const part = await submittedPart(server, [{ facilityId: kita, rank: 1 }]);
    const id = part.choices[0].id;
    await prepare(id);
    const before = await state();
    expect((await client.error(acceptOffer, { id }, await tokens.parent())).extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      from: status,
      to: 'ACCEPTED',
    });
    expect((await client.error(declineOffer, { id }, await tokens.parent())).extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      from: status,
      to: 'DECLINED',
    });
    expect(await state()).toEqual(before);
  });

  it('refuses a second answer once accepted', async () => {
    const { id } = await offeredPart();
    await client.ok(acceptOffer, { id }, await tokens.parent());
    const before = await state();
    expect((await client.error(acceptOffer, { id }, await tokens.parent())).extensions).toMatchObject({ code: 'INVALID_TRANSITION', from: 'ACCEPTED' });
    expect((await client.error(declineOffer, { id }, await tokens.parent())).extensions).toMatchObject({ code: 'INVALID_TRANSITION', from: 'ACCEPTED' });
    expect(await state()).toEqual(before);
  });
});

describe('the parent declines an offer', () => {
  it('moves OFFERED → DECLINED as the parent, with an optional reason', async () => {
    const { id, second } = await offeredPart();
    const events = await outboxCount();
    expect(await client.ok(declineOffer, { id, reason: 'Wir haben einen Platz näher am Wohnort' }, await tokens.parent())).toEqual({ id, status: 'DECLINED' });
    const { history } = await client.ok(historyQuery, { id }, await tokens.office());
    expect(history.at(-1)).toMatchObject({
      fromStatus: 'OFFERED',
      toStatus: 'DECLINED',
      actorRole: 'PARENT',
      actorSubject: 'parent-a',
      reason: 'Wir haben einen Platz näher am Wohnort',
      description: 'You declined the offer.',
    });
    // A decline places nobody: no event, the other choices stay.
    expect(await outboxCount()).toBe(events);
    expect((await client.ok(historyQuery, { id: second }, await tokens.parent())).status).toBe('SUBMITTED');

    const next = await offeredPart();
    expect(await client.ok(declineOffer, { id: next.id }, await tokens.parent())).toEqual({ id: next.id, status: 'DECLINED' });
    expect((await client.ok(historyQuery, { id: next.id }, await tokens.parent())).history.at(-1).reason).toBeNull();
  });

  it('refuses a reason that is too short, writing nothing', async () => {
    const { id } = await offeredPart();
    const before = await state();
    expect((await client.error(declineOffer, { id, reason: 'no' }, await tokens.parent())).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'reason',
    });
    expect(await state()).toEqual(before);
  });
});

describe('only the owning parent answers', () => {
  it.each([
    ['acceptOffer', acceptOffer],
    ['declineOffer', declineOffer],
  ])('%s: anonymous UNAUTHENTICATED, other parents NOT_FOUND, provider/office/analyst FORBIDDEN; nothing is written', async (_name, mutation) => {
    const { id } = await offeredPart();
    const before = await state();
    for (const [token, code] of [
      [undefined, 'UNAUTHENTICATED'],
      [await tokens.parent('parent-other'), 'NOT_FOUND'],
      [await tokens.provider(), 'FORBIDDEN'],
      [await tokens.office(), 'FORBIDDEN'],
      [await tokens.office(landkreis), 'FORBIDDEN'],
      [await tokens.analyst(lueneburg), 'FORBIDDEN'],
    ] as const) {
      expect((await client.error(mutation, { id }, token)).extensions?.code, String(code)).toBe(code);
    }
    // Another parent learns nothing: the same answer as for an ID that does not exist.
    const missing = await client.error(mutation, { id: `${lueneburg}:01890000-0000-7000-8000-000000000000` }, await tokens.parent('parent-other'));
    const hidden = await client.error(mutation, { id }, await tokens.parent('parent-other'));
    expect(hidden.message).toBe(missing.message);
    expect(hidden.extensions).toEqual(missing.extensions);
    expect((await client.error(mutation, { id: `${landkreis}:${local(id)}` }, await tokens.parent())).extensions?.code).toBe('WRONG_MUNICIPALITY');
    expect(await state()).toEqual(before);
    expect((await client.ok(historyQuery, { id }, await tokens.parent())).status).toBe('OFFERED');
  });

  it('leaves the office its records of answers given on paper', async () => {
    const { id } = await offeredPart();
    expect(await client.ok(mutations.accept, { id }, await tokens.office())).toEqual({ id, status: 'ACCEPTED' });
    const { history } = await client.ok(historyQuery, { id }, await tokens.parent());
    expect(history.at(-1)).toMatchObject({ actorRole: 'OFFICE', description: 'The offer was accepted: a binding commitment (Zusage). A contract follows.' });
  });
});
