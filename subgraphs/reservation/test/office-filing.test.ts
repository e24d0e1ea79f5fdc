import { randomUUID } from 'node:crypto';
import { ReservationPartEntity } from '@kita/reservation';
import type { SubgraphServer } from '@kita/shared';
import { TestDatabases } from '@kita/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientOf, draftInput, insertFact, landkreis, lueneburg, mutations, partFields, shiftDays, snapshot, startReservation, tokens } from './support.js';

// The office files a Vormerkung for a family that came with paper, to the desk or by phone; the
// family takes it over in the portal with the one-time code. Straight to one reservation instance.
const databases = new TestDatabases();
let server: SubgraphServer;
let client: ReturnType<typeof clientOf>;
let kita: string;
let tagespflege: string;
let unpublished: string;

const file = `mutation($municipality: String!, $input: OfficeFilingInput!) { fileReservationForFamily(municipality: $municipality, input: $input) { takeoverCode takeoverCodeExpiresAt part { ${partFields} filingChannel } } }`;
const takeOver = `mutation($municipality: String!, $code: String!) { takeOverReservation(municipality: $municipality, code: $code) { id applicationKey filingChannel child { firstName } choices { id status } } }`;
const myParts = '{ myReservationParts { id child { firstName } choices { id status } } }';

const filingInput = (overrides: Record<string, unknown> = {}) => ({
  ...draftInput([
    { facilityId: kita, rank: 1 },
    { facilityId: tagespflege, rank: 2 },
  ]),
  channel: 'PAPER',
  consentNoted: true,
  idempotencyKey: randomUUID(),
  ...overrides,
});

beforeAll(async () => {
  server = await startReservation(databases, lueneburg, { settings: { maxChoices: 3 } });
  client = clientOf(server);
  kita = await insertFact(server, { groups: [{ ageFromMonths: 12, ageToMonths: 72 }], members: ['provider-anna'] });
  tagespflege = await insertFact(server, { kind: 'KINDERTAGESPFLEGE', groups: [{ ageFromMonths: 0, ageToMonths: 36 }] });
  unpublished = await insertFact(server, { status: 'SUBMITTED' });
});

afterAll(async () => {
  await server?.close();
  await databases.drop();
});

describe('an office filing a Vormerkung for a family', () => {
  it('saves and submits at once, records channel and filer in the history, and returns a one-time code kept only as a hash', async () => {
    const office = await tokens.office();
    const filing = await client.ok(file, { municipality: lueneburg, input: filingInput({ channel: 'DESK' }) }, office);
    expect(filing.takeoverCode).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    const validDays = (Date.parse(filing.takeoverCodeExpiresAt) - Date.now()) / 86_400_000;
    expect(validDays).toBeGreaterThan(179);
    expect(validDays).toBeLessThanOrEqual(180);
    expect(filing.part).toMatchObject({ municipality: lueneburg, filingChannel: 'DESK', child: { firstName: 'Mila' } });
    expect(filing.part.submittedAt).not.toBeNull();
    expect(filing.part.choices.map((choice: any) => [choice.rank, choice.status])).toEqual([
      [1, 'SUBMITTED'],
      [2, 'SUBMITTED'],
    ]);
    const history = filing.part.choices[0].history;
    expect(history.map((step: any) => [step.toStatus, step.actorRole, step.actorSubject])).toEqual([
      ['DRAFT', 'OFFICE', 'office-lueneburg'],
      ['SUBMITTED', 'OFFICE', 'office-lueneburg'],
    ]);
    expect(history[1].description).toContain('in person at the desk');
    // Stored: the hash, never the code.
    const stored = await server.database.orm.em.fork().findOneOrFail(ReservationPartEntity, { id: filing.part.id.split(':').at(-1) });
    expect(stored.takeoverCodeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(await snapshot(server))).not.toContain(filing.takeoverCode.replace(/-/g, ''));
    expect(stored.filedBy).toBe('office-lueneburg');
    expect(stored.consentNotedAt).not.toBeNull();
    // It belongs to no parent account until taken over.
    expect(await client.ok(myParts, {}, await tokens.parent('parent-family'))).toEqual([]);
  });

  it('refuses without consent, with the parent rules, and for everyone but the office of the municipality, changing nothing', async () => {
    const office = await tokens.office();
    const before = await snapshot(server);
    const refusals: Array<[Record<string, unknown>, string | undefined, string, string | undefined]> = [
      [filingInput({ consentNoted: false }), office, 'BAD_USER_INPUT', 'input.consentNoted'],
      [filingInput({ choices: [{ facilityId: unpublished, rank: 1 }] }), office, 'BAD_USER_INPUT', 'choices'],
      [
        filingInput({
          choices: [
            { facilityId: kita, rank: 1 },
            { facilityId: tagespflege, rank: 2 },
            { facilityId: unpublished, rank: 3 },
            { facilityId: randomUUID(), rank: 4 },
          ],
        }),
        office,
        'BAD_USER_INPUT',
        'input.choices',
      ],
      [filingInput({ idempotencyKey: 'short' }), office, 'BAD_USER_INPUT', 'input.idempotencyKey'],
      [filingInput(), undefined, 'UNAUTHENTICATED', undefined],
      [filingInput(), await tokens.parent(), 'FORBIDDEN', undefined],
      [filingInput(), await tokens.provider(), 'FORBIDDEN', undefined],
      [filingInput(), await tokens.analyst(lueneburg), 'FORBIDDEN', undefined],
      [filingInput(), await tokens.office(landkreis, 'office-landkreis'), 'FORBIDDEN', undefined],
    ];
    for (const [input, token, code, argument] of refusals) {
      const error = await client.error(file, { municipality: lueneburg, input }, token);
      expect([error.extensions?.code, error.extensions?.argument], JSON.stringify(error)).toEqual([code, argument]);
      expect(JSON.stringify(error)).not.toContain('Schröder');
    }
    const wrong = await client.error(file, { municipality: landkreis, input: filingInput() }, office);
    expect(wrong.extensions?.code).toBe('WRONG_MUNICIPALITY');
    expect(await snapshot(server)).toEqual(before);
  });

  it('answers a retry with the same part and a new code; the earlier code stops working', async () => {
    const office = await tokens.office();
    const input = filingInput({ channel: 'PHONE' });
    const first = await client.ok(file, { municipality: lueneburg, input }, office);
    const parts = await server.database.orm.em.fork().count(ReservationPartEntity, {});
    const retry = await client.ok(file, { municipality: lueneburg, input }, office);
    expect(retry.part.id).toBe(first.part.id);
    expect(retry.takeoverCode).not.toBe(first.takeoverCode);
    expect(await server.database.orm.em.fork().count(ReservationPartEntity, {})).toBe(parts);
    const parent = await tokens.parent('parent-retry');
    expect((await client.error(takeOver, { municipality: lueneburg, code: first.takeoverCode }, parent)).extensions?.code).toBe('TAKEOVER_CODE_INVALID');
    expect((await client.ok(takeOver, { municipality: lueneburg, code: retry.takeoverCode.toLowerCase().replace(/-/g, ' ') }, parent)).id).toBe(first.part.id);
    // Once the family holds it, a further retry gives no new code.
    const late = await client.error(file, { municipality: lueneburg, input }, office);
    expect([late.extensions?.code, late.extensions?.argument]).toEqual(['INVALID_TRANSITION', 'input.idempotencyKey']);
  });
});

describe('a family taking over the filing', () => {
  it('binds the part to the parent once: it shows in myReservationParts and the parent answers the offer', async () => {
    const office = await tokens.office();
    const filing = await client.ok(file, { municipality: lueneburg, input: filingInput() }, office);
    const parent = await tokens.parent('parent-takeover');
    const part = await client.ok(takeOver, { municipality: lueneburg, code: filing.takeoverCode }, parent);
    expect(part).toMatchObject({ id: filing.part.id, filingChannel: 'PAPER', child: { firstName: 'Mila' } });
    expect((await client.ok(myParts, {}, parent)).map((mine: any) => mine.id)).toEqual([filing.part.id]);

    // Used: the same code again, by the same or another parent, says only that it does not work.
    for (const subject of ['parent-takeover', 'parent-other']) {
      const error = await client.error(takeOver, { municipality: lueneburg, code: filing.takeoverCode }, await tokens.parent(subject));
      expect(error.extensions).toEqual({ code: 'TAKEOVER_CODE_INVALID', argument: 'code' });
      expect(JSON.stringify(error)).not.toContain(filing.takeoverCode);
    }

    // The office works the choice; the parent accepts the offer itself.
    const choice = part.choices[0].id;
    await client.ok(mutations.startReview, { id: choice }, office);
    await client.ok(mutations.makeOffer, { id: choice, deadline: shiftDays(14) }, office);
    const accepted = await client.ok(
      'mutation($id: ID!) { acceptOffer(id: $id) { id status history { toStatus actorRole description } } }',
      { id: choice },
      parent,
    );
    expect(accepted.status).toBe('ACCEPTED');
    expect(accepted.history.map((step: any) => step.actorRole)).toEqual(['OFFICE', 'OFFICE', 'PARENT', 'OFFICE', 'OFFICE', 'PARENT']);
    expect(accepted.history[2].description).toContain('took over');
  });

  it('treats a wrong, malformed and expired code alike, and refuses the public and staff', async () => {
    const office = await tokens.office();
    const filing = await client.ok(file, { municipality: lueneburg, input: filingInput() }, office);
    await server.database.orm.em
      .fork()
      .nativeUpdate(ReservationPartEntity, { id: filing.part.id.split(':').at(-1) }, { takeoverCodeExpiresAt: new Date(Date.now() - 1000) });
    // A filing whose personal data retention removed is no longer there to take over.
    const removed = await client.ok(file, { municipality: lueneburg, input: filingInput() }, office);
    await server.database.orm.em.fork().nativeUpdate(ReservationPartEntity, { id: removed.part.id.split(':').at(-1) }, { personalDataRemovedAt: new Date() });
    const parent = await tokens.parent('parent-expired');
    const answers = [];
    for (const code of [filing.takeoverCode, removed.takeoverCode, 'AAAA-BBBB-CCCC', 'not a code at all', 'x'.repeat(500)]) {
      const error = await client.error(takeOver, { municipality: lueneburg, code }, parent);
      answers.push({ message: error.message, extensions: error.extensions });
    }
    expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
    expect(answers[0].extensions).toEqual({ code: 'TAKEOVER_CODE_INVALID', argument: 'code' });
    for (const [token, code] of [
      [undefined, 'UNAUTHENTICATED'],
      [office, 'FORBIDDEN'],
      [await tokens.provider(), 'FORBIDDEN'],
      [await tokens.analyst(lueneburg), 'FORBIDDEN'],
    ] as const) {
      expect((await client.error(takeOver, { municipality: lueneburg, code: filing.takeoverCode }, token)).extensions?.code).toBe(code);
    }
  });

  it('stops an account after 10 wrong codes in a day, even with the right code', async () => {
    const filing = await client.ok(file, { municipality: lueneburg, input: filingInput() }, await tokens.office());
    const guesser = await tokens.parent('parent-guesser');
    for (let attempt = 0; attempt < 10; attempt++) {
      expect((await client.error(takeOver, { municipality: lueneburg, code: 'AAAA-BBBB-CCCC' }, guesser)).extensions?.code).toBe('TAKEOVER_CODE_INVALID');
    }
    expect((await client.error(takeOver, { municipality: lueneburg, code: filing.takeoverCode }, guesser)).extensions?.code).toBe('RATE_LIMITED');
    // Another account is not affected.
    expect((await client.ok(takeOver, { municipality: lueneburg, code: filing.takeoverCode }, await tokens.parent('parent-honest'))).id).toBe(filing.part.id);
  });
});
