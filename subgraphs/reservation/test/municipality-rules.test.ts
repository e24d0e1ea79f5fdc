import type { SubgraphServer } from '@kita/shared';
import { asGateway, postGraphQL, TestDatabases, tokenFor } from '@kita/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { landkreis, lueneburg, startReservation } from './support.js';

// `Municipality.maxChoices`: each municipality's instance tells its own cap (RESERVATION_MAX_CHOICES)
// on the registry's Municipality entity, straight to the subgraph as the gateway asks for it.
const databases = new TestDatabases();
let city: SubgraphServer;
let district: SubgraphServer;

const entities = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Municipality { key maxChoices } } }`;
const representation = (key: string) => ({ __typename: 'Municipality', key });

beforeAll(async () => {
  city = await startReservation(databases, lueneburg, { settings: { maxChoices: 7 } });
  district = await startReservation(databases, landkreis);
}, 60_000);

afterAll(async () => {
  await Promise.all([city?.close(), district?.close()]);
  await databases.drop();
});

describe('Municipality.maxChoices straight to the reservation subgraph', () => {
  it('each instance answers its own configured cap, and null for another municipality', async () => {
    const fromCity = await postGraphQL(
      city.url,
      entities,
      { r: [representation(lueneburg), representation(landkreis)] },
      undefined,
      await asGateway(lueneburg),
    );
    expect(fromCity.body.errors).toBeUndefined();
    expect(fromCity.body.data._entities).toEqual([
      { key: lueneburg, maxChoices: 7 },
      { key: landkreis, maxChoices: null },
    ]);
    const fromDistrict = await postGraphQL(district.url, entities, { r: [representation(landkreis)] }, undefined, await asGateway(landkreis));
    expect(fromDistrict.body.data._entities).toEqual([{ key: landkreis, maxChoices: 5 }]);
  });

  it('is public: the same answer for every role (no personal data)', async () => {
    for (const role of ['parent', 'provider', 'office', 'analyst'] as const) {
      const token = await tokenFor({ role, subject: `${role}-1`, municipalities: [lueneburg] });
      const answer = await postGraphQL(city.url, entities, { r: [representation(lueneburg)] }, token, await asGateway(lueneburg));
      expect(answer.body.data._entities, role).toEqual([{ key: lueneburg, maxChoices: 7 }]);
    }
  });
});
