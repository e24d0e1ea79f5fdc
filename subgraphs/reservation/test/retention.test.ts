import { ReservationEntity, ReservationPartEntity, ReservationTransitionEntity } from '@kita/reservation';
import { type SubgraphServer } from '@kita/shared';
import { TestDatabases } from '@kita/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientOf, draftInput, insertFact, lueneburg, mutations, partFields, startReservation, submittedPart, tokens } from './support.js';

const databases = new TestDatabases();
let server: SubgraphServer;
let client: ReturnType<typeof clientOf>;
let kita: string;
let other: string;
const retentionDays = 30;
const longAgo = () => new Date(Date.now() - (retentionDays + 1) * 24 * 60 * 60 * 1000);

beforeAll(async () => {
  server = await startReservation(databases, lueneburg, { settings: { retentionDays } });
  client = clientOf(server);
  kita = await insertFact(server);
  other = await insertFact(server);
});

afterAll(async () => {
  await server?.close();
  await databases.drop();
});

const em = () => server.database.orm.em.fork();
const local = (id: string) => id.split(':')[1];
const partQuery = `query($id: ID!) { reservation(id: $id) { childBirthDate part { ${partFields} } } }`;

/** Moves every step of a part's choices back in time, as if they closed `longAgo`. */
async function age(partId: string) {
  await em().nativeUpdate(ReservationEntity, { partId: local(partId) }, { statusChangedAt: longAgo() });
}

describe('the retention rule', () => {
  it('removes the personal data of a part whose every choice closed longer ago than the period, keeping pseudonym, year and statistics', async () => {
    const part = await submittedPart(
      server,
      [
        { facilityId: kita, rank: 1 },
        { facilityId: other, rank: 2 },
      ],
      { siblingFacilityIds: [other] },
    );
    expect(part.siblingFacilities).toEqual([{ id: other }]);
    const [first, second] = part.choices.map((choice: any) => choice.id);
    await client.ok(mutations.withdraw, { id: first, reason: 'Wir ziehen nach Hamburg, Elbchaussee 1' }, await tokens.parent());
    await client.ok(mutations.withdraw, { id: second }, await tokens.parent());
    const pseudonym = (await em().findOneOrFail(ReservationPartEntity, { id: local(part.id) })).childPseudonym;
    await age(part.id);
    await server.background!.catchUp!();

    const row = await em().findOneOrFail(ReservationPartEntity, { id: local(part.id) });
    expect(row).toMatchObject({
      childFirstName: null,
      childLastName: null,
      childBirthDate: null,
      guardians: [],
      siblingFacilityIds: [],
      childPseudonym: pseudonym,
    });
    expect(row.childBirthYear).toBe(Number(part.child.birthDate.slice(0, 4)));
    expect(row.personalDataRemovedAt).not.toBeNull();
    const transitions = await em().find(ReservationTransitionEntity, { reservationId: { $in: [local(first), local(second)] } });
    expect(transitions.every((transition) => transition.reason === null)).toBe(true);

    const { reservation } = (await client.call(partQuery, { id: first }, await tokens.office())).data as any;
    expect(reservation.childBirthDate).toBe(`${part.child.birthDate.slice(0, 4)}-01-01`);
    expect(reservation.part).toMatchObject({ child: null, guardians: [], siblingFacilities: [], legalClaim: null, childPseudonym: pseudonym });
    expect(reservation.part.personalDataRemovedAt).not.toBeNull();
    const text = JSON.stringify(reservation);
    for (const value of ['Mila', 'Schröder', 'Katarzyna', 'Elbchaussee', part.child.birthDate]) expect(text).not.toContain(value);
  });

  it('keeps parts with a choice still open, parts closed more recently, and accepted places within the period', async () => {
    const open = await submittedPart(server, [
      { facilityId: kita, rank: 1 },
      { facilityId: other, rank: 2 },
    ]);
    await client.ok(mutations.withdraw, { id: open.choices[0].id }, await tokens.parent());
    await age(open.id);
    const recent = await submittedPart(server, [{ facilityId: kita, rank: 1 }]);
    await client.ok(mutations.withdraw, { id: recent.choices[0].id }, await tokens.parent());
    await server.background!.catchUp!();
    for (const part of [open, recent]) {
      const row = await em().findOneOrFail(ReservationPartEntity, { id: local(part.id) });
      expect(row.childFirstName).toBe('Mila');
      expect(row.personalDataRemovedAt).toBeNull();
    }
  });

  it('withdraws a draft never submitted within the period, then removes its data', async () => {
    const input = draftInput([{ facilityId: kita, rank: 1 }]);
    const part = await client.ok(mutations.save, { municipality: lueneburg, input }, await tokens.parent());
    await em().nativeUpdate(ReservationPartEntity, { id: local(part.id) }, { updatedAt: longAgo() });
    await server.background!.catchUp!();
    const row = await em().findOneOrFail(ReservationPartEntity, { id: local(part.id) });
    expect(row.personalDataRemovedAt).not.toBeNull();
    const choice = await em().findOneOrFail(ReservationEntity, { partId: local(part.id) });
    expect(choice.status).toBe('WITHDRAWN');
    const steps = await em().find(ReservationTransitionEntity, { reservationId: choice.id }, { orderBy: { at: 'asc' } });
    expect(steps.at(-1)).toMatchObject({ fromStatus: 'DRAFT', toStatus: 'WITHDRAWN', actorRole: 'SYSTEM' });
    // Saved again, the draft is the family's again, with a fresh choice beside the withdrawn one.
    const revived = await client.ok(mutations.save, { municipality: lueneburg, input }, await tokens.parent());
    expect(revived).toMatchObject({ personalDataRemovedAt: null, child: { firstName: 'Mila' } });
    expect(revived.choices.map((choice: any) => choice.status).sort()).toEqual(['DRAFT', 'WITHDRAWN']);
  });

  it('coarsens the birth date of closed choices from before parts existed', async () => {
    const legacy = Object.assign(new ReservationEntity(), {
      facilityId: local(kita),
      childBirthDate: '2024-05-17',
      wishedStart: '2026-08-01',
      hoursPerWeek: 30,
      status: 'DECLINED',
      parentSubject: 'parent-legacy',
      statusChangedAt: longAgo(),
    });
    await em().insert(ReservationEntity, legacy);
    await server.background!.catchUp!();
    expect((await em().findOneOrFail(ReservationEntity, { id: legacy.id })).childBirthDate).toBe('2024-01-01');
  });
});
