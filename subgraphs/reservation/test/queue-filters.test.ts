import type { SubgraphServer } from '@kita/shared';
import { TestDatabases } from '@kita/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientOf, insertFact, lueneburg, shiftMonths, startReservation, submittedPart, tokens } from './support.js';

// The office's queue filtered by kind of care and by the child's age group at its wished start.
const databases = new TestDatabases();
let server: SubgraphServer;
let kita: string;
let tagespflege: string;

const queue = `query($m: String!, $kinds: [FacilityKind!], $ages: [AgeGroup!]) {
  reservationQueue(municipality: $m, kindsOfCare: $kinds, ageGroups: $ages, first: 100) { totalCount edges { node { facility { id } part { child { firstName } } } } } }`;

beforeAll(async () => {
  server = await startReservation(databases, lueneburg);
  kita = await insertFact(server, { groups: [{ ageFromMonths: 0, ageToMonths: 72 }], members: ['provider-kita'] });
  tagespflege = await insertFact(server, { kind: 'KINDERTAGESPFLEGE', groups: [{ ageFromMonths: 0, ageToMonths: 36 }], members: ['provider-tagespflege'] });
  const wishedStart = shiftMonths(3);
  // Mila (2 years at the start) chooses both; Ben (4 years) the Kita.
  await submittedPart(
    server,
    [
      { facilityId: kita, rank: 1 },
      { facilityId: tagespflege, rank: 2 },
    ],
    { wishedStart, birthDate: shiftMonths(-24, wishedStart) },
  );
  await submittedPart(server, [{ facilityId: kita, rank: 1 }], { wishedStart, birthDate: shiftMonths(-48, wishedStart), firstName: 'Ben', parent: 'parent-b' });
});

afterAll(async () => {
  await server?.close();
  await databases.drop();
});

describe('reservationQueue filters', () => {
  const rows = (answer: any) => answer.edges.map((edge: any) => [edge.node.part.child.firstName, edge.node.facility.id]).sort();

  it('filters by kind of care and by age group at the wished start, alone and together', async () => {
    const { ok } = clientOf(server);
    const office = await tokens.office();
    expect(rows(await ok(queue, { m: lueneburg }, office))).toEqual([
      ['Ben', kita],
      ['Mila', kita],
      ['Mila', tagespflege],
    ]);
    expect(rows(await ok(queue, { m: lueneburg, kinds: ['KINDERTAGESPFLEGE'] }, office))).toEqual([['Mila', tagespflege]]);
    expect(rows(await ok(queue, { m: lueneburg, ages: ['KINDERGARTEN'] }, office))).toEqual([['Ben', kita]]);
    const both = await ok(queue, { m: lueneburg, kinds: ['KINDERTAGESSTAETTE'], ages: ['KRIPPE', 'SCHOOL_AGE'] }, office);
    expect([both.totalCount, rows(both)]).toEqual([1, [['Mila', kita]]]);
  });

  it('keeps a provider to its own facilities whatever the filters', async () => {
    const { ok } = clientOf(server);
    const provider = await tokens.provider('provider-tagespflege');
    expect(rows(await ok(queue, { m: lueneburg, kinds: ['KINDERTAGESSTAETTE', 'KINDERTAGESPFLEGE'] }, provider))).toEqual([['Mila', tagespflege]]);
    expect(rows(await ok(queue, { m: lueneburg, ages: ['KINDERGARTEN'] }, provider))).toEqual([]);
  });
});
