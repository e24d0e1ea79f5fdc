import { applyPlacedElsewhere, PlacementConflictEntity, ReservationEntity } from '@kita/reservation';
import { type OutboxEvent, OutboxEventEntity, type SubgraphServer } from '@kita/shared';
import { TestDatabases } from '@kita/shared/testing';
import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturingLogger, clientOf, insertFact, landkreis, lueneburg, mutations, shiftDays, startReservation, submittedPart, tokens } from './support.js';

// Two acceptances of one child, in the city and in the Landkreis, before either municipality's
// `ChildPlaced` reached the other: both are binding, so nothing is withdrawn; each office finds
// the conflict in its list and records how it was cleared. The events are the instances' own
// outbox rows, applied as the consumer applies them (transport: see gateway/test/acceptance.test.ts).
const databases = new TestDatabases();
const log = capturingLogger();
let city: SubgraphServer;
let county: SubgraphServer;
const accepted: Record<string, string> = {};

const conflictsQuery = `query($m: String!, $all: Boolean) { placementConflicts(municipality: $m, includeResolved: $all) {
  id otherMunicipality otherReservation { id } otherFacility { id } detectedAt resolvedAt resolution reservation { id status } } }`;
const resolve = `mutation($id: ID!, $resolution: String!) { resolvePlacementConflict(id: $id, resolution: $resolution) { id resolvedAt resolution } }`;

const em = (server: SubgraphServer) => server.database.orm.em.fork() as EntityManager;
async function outboxOf(server: SubgraphServer): Promise<OutboxEvent[]> {
  const rows = await em(server).find(OutboxEventEntity, {}, { orderBy: { seq: 'asc' } });
  return rows.map((row) => ({
    seq: Number(row.seq),
    type: row.type,
    aggregateId: row.aggregateId,
    payload: row.payload,
    occurredAt: row.occurredAt.toISOString(),
  }));
}
async function deliver(from: SubgraphServer, to: SubgraphServer): Promise<void> {
  const events = await outboxOf(from);
  await em(to).transactional((tx) => applyPlacedElsewhere(from.municipality, log.logger)(tx as EntityManager, events));
}

async function acceptHere(server: SubgraphServer, facilityId: string, rank: number): Promise<string> {
  const client = clientOf(server);
  const part = await submittedPart(server, [{ facilityId, rank }], { parent: 'parent-schroeder' });
  const id = part.choices[0].id;
  const office = await tokens.office(server.municipality);
  await client.ok(mutations.startReview, { id }, office);
  await client.ok(mutations.makeOffer, { id, deadline: shiftDays(14) }, office);
  await client.ok(mutations.accept, { id }, office);
  return id;
}

beforeAll(async () => {
  city = await startReservation(databases, lueneburg);
  county = await startReservation(databases, landkreis);
  const kita = await insertFact(city, { district: 'Kaltenmoor', groups: [{ ageFromMonths: 0, ageToMonths: 72 }] });
  const tagespflege = await insertFact(county, {
    kind: 'KINDERTAGESPFLEGE',
    boundToResidence: false,
    district: 'Adendorf',
    groups: [{ ageFromMonths: 0, ageToMonths: 72 }],
  });
  // The same child (same names and birth date, so the same pseudonym) accepted in both at once.
  accepted[lueneburg] = await acceptHere(city, kita, 1);
  accepted[landkreis] = await acceptHere(county, tagespflege, 2);
});

afterAll(async () => {
  await city?.close();
  await county?.close();
  await databases.drop();
});

describe('a child accepted in two municipalities at once', () => {
  it('keeps both acceptances and flags each, once, however often the events arrive', async () => {
    await deliver(city, county);
    await deliver(county, city);
    await deliver(city, county);

    for (const server of [city, county]) {
      const statuses = (await em(server).find(ReservationEntity, {})).map((row) => row.status);
      expect(statuses).toEqual(['ACCEPTED']);
      expect(await em(server).count(PlacementConflictEntity, {})).toBe(1);
    }
  });

  it("lists the conflict for each office, pointing at the other municipality's place", async () => {
    const inCity = await clientOf(city).ok(conflictsQuery, { m: lueneburg }, await tokens.office(lueneburg));
    const inCounty = await clientOf(county).ok(conflictsQuery, { m: landkreis }, await tokens.office(landkreis));

    expect(inCity).toHaveLength(1);
    expect(inCity[0]).toMatchObject({
      otherMunicipality: landkreis,
      otherReservation: { id: accepted[landkreis] },
      reservation: { id: accepted[lueneburg], status: 'ACCEPTED' },
      resolvedAt: null,
    });
    expect(inCity[0].otherFacility.id.startsWith(`${landkreis}:`)).toBe(true);
    expect(inCounty[0]).toMatchObject({
      otherMunicipality: lueneburg,
      otherReservation: { id: accepted[lueneburg] },
      reservation: { id: accepted[landkreis] },
    });
  });

  it('is for the office of the municipality only', async () => {
    const client = clientOf(city);
    for (const token of [await tokens.parent('parent-schroeder'), await tokens.analyst(lueneburg), await tokens.office(landkreis), await tokens.provider()]) {
      expect((await client.call(conflictsQuery, { m: lueneburg }, token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    expect((await client.call(conflictsQuery, { m: lueneburg })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('is resolved by the office with a note, once; bad input changes nothing', async () => {
    const client = clientOf(city);
    const office = await tokens.office(lueneburg);
    const [conflict] = await client.ok(conflictsQuery, { m: lueneburg }, office);

    expect((await client.error(resolve, { id: conflict.id, resolution: ' ' }, office)).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'resolution',
    });
    expect(
      (await client.error(resolve, { id: `${landkreis}:${conflict.id.split(':')[1]}`, resolution: 'Familie behält den Platz in der Stadt.' }, office))
        .extensions?.code,
    ).toBe('WRONG_MUNICIPALITY');
    expect(
      (await client.error(resolve, { id: conflict.id, resolution: 'Familie behält den Platz in der Stadt.' }, await tokens.office(landkreis))).extensions?.code,
    ).toBe('FORBIDDEN');
    expect(await client.ok(conflictsQuery, { m: lueneburg }, office)).toHaveLength(1);

    const resolved = await client.ok(resolve, { id: conflict.id, resolution: 'Familie behält den Platz in der Stadt.' }, office);
    expect(resolved.resolvedAt).not.toBeNull();
    expect((await client.error(resolve, { id: conflict.id, resolution: 'noch einmal' }, office)).extensions?.code).toBe('INVALID_TRANSITION');
    expect(await client.ok(conflictsQuery, { m: lueneburg }, office)).toEqual([]);
    expect(await client.ok(conflictsQuery, { m: lueneburg, all: true }, office)).toMatchObject([{ resolution: 'Familie behält den Platz in der Stadt.' }]);
  });

  it('logs IDs only, never the child', () => {
    const text = log.lines.join('\n');
    expect(text).toContain('placement_conflict');
    for (const value of ['Mila', 'Schröder', 'parent-schroeder']) expect(text).not.toContain(value);
  });
});
