import type { SubgraphServer } from '@kita/shared';
import { TestDatabases } from '@kita/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientOf, insertFact, landkreis, lueneburg, mutations, personalValues, startReservation, submittedPart, tokens } from './support.js';

// Duplicate review straight to two reservation instances: each answers for its own choices of the
// children with the pseudonyms asked for, to any municipality's office, without personal data.
const databases = new TestDatabases();
let city: SubgraphServer;
let county: SubgraphServer;
let pseudonym: string;
let other: string;

const query = `query($pseudonyms: [String!]!) { duplicateChoices(pseudonyms: $pseudonyms) { pseudonym municipality kind rank status wishedStart submittedAt statusSince } }`;
const pseudonymOf = async (server: SubgraphServer, partId: string) =>
  (await clientOf(server).ok('query($id: ID!) { reservation(id: $id) { part { childPseudonym } } }', { id: partId }, await tokens.office(server.municipality)))
    .part.childPseudonym;

beforeAll(async () => {
  city = await startReservation(databases, lueneburg);
  county = await startReservation(databases, landkreis);
  const cityKita = await insertFact(city);
  const cityKita2 = await insertFact(city);
  const countyTagespflege = await insertFact(county, { kind: 'KINDERTAGESPFLEGE', groups: [{ ageFromMonths: 0, ageToMonths: 36 }], boundToResidence: false });
  // Mila waits in the city (two choices, one withdrawn) and in the Landkreis; Ben only in the city.
  const cityPart = await submittedPart(city, [
    { facilityId: cityKita, rank: 1 },
    { facilityId: cityKita2, rank: 3 },
  ]);
  await clientOf(city).ok(mutations.withdraw, { id: cityPart.choices[1].id }, await tokens.parent());
  await submittedPart(county, [{ facilityId: countyTagespflege, rank: 2 }]);
  const ben = await submittedPart(city, [{ facilityId: cityKita2, rank: 1 }], { firstName: 'Ben', parent: 'parent-b' });
  pseudonym = await pseudonymOf(city, cityPart.choices[0].id);
  other = await pseudonymOf(city, ben.choices[0].id);
});

afterAll(async () => {
  await city?.close();
  await county?.close();
  await databases.drop();
});

describe('duplicateChoices straight to a reservation instance', () => {
  it("gives any municipality's office the open choices of the children asked for, in its own municipality, without personal data", async () => {
    for (const office of [await tokens.office(lueneburg), await tokens.office(landkreis, 'office-landkreis')]) {
      const inCounty = await clientOf(county).ok(query, { pseudonyms: [pseudonym] }, office);
      expect(inCounty).toEqual([
        {
          pseudonym,
          municipality: landkreis,
          kind: 'KINDERTAGESPFLEGE',
          rank: 2,
          status: 'SUBMITTED',
          wishedStart: expect.any(String),
          submittedAt: expect.any(String),
          statusSince: expect.any(String),
        },
      ]);
      // The withdrawn city choice is no duplicate; Ben is not asked for.
      const inCity = await clientOf(city).ok(query, { pseudonyms: [pseudonym] }, office);
      expect(inCity.map((choice: any) => [choice.municipality, choice.kind, choice.rank, choice.status])).toEqual([
        [lueneburg, 'KINDERTAGESSTAETTE', 1, 'SUBMITTED'],
      ]);
      const both = await clientOf(city).ok(query, { pseudonyms: [pseudonym, other, pseudonym] }, office);
      expect(both.map((choice: any) => choice.pseudonym).sort()).toEqual([pseudonym, other].sort());
      for (const value of personalValues) expect(JSON.stringify([inCounty, inCity, both])).not.toContain(value);
    }
  });

  it('refuses the public, parents, providers and analysts, and bad pseudonyms, without echoing them', async () => {
    for (const [token, code] of [
      [undefined, 'UNAUTHENTICATED'],
      [await tokens.parent(), 'FORBIDDEN'],
      [await tokens.provider(), 'FORBIDDEN'],
      [await tokens.analyst(lueneburg, landkreis), 'FORBIDDEN'],
    ] as const) {
      for (const server of [city, county]) {
        const body = await clientOf(server).call(query, { pseudonyms: [pseudonym] }, token);
        expect(body.data?.duplicateChoices ?? null).toBeNull();
        expect(body.errors?.map((error) => error.extensions?.code)).toEqual([code]);
        expect(JSON.stringify(body)).not.toContain(pseudonym);
      }
    }
    const office = await tokens.office();
    for (const pseudonyms of [['Mila Schröder'], [pseudonym.toUpperCase()], Array.from({ length: 101 }, () => pseudonym)]) {
      const error = await clientOf(city).error(query, { pseudonyms }, office);
      expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'pseudonyms' });
      expect(JSON.stringify(error)).not.toContain('Mila');
      expect(JSON.stringify(error).toLowerCase()).not.toContain(pseudonym);
    }
    expect(await clientOf(city).ok(query, { pseudonyms: [] }, office)).toEqual([]);
  });
});
