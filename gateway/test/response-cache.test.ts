import { connect } from 'node:net';
import { serviceTokens, today } from '@kita/shared';
import { testAuth, tokenFor } from '@kita/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResponseCacheOptions } from '../src/cache/response-cache.js';
import { RedisStore } from '../src/cache/store.js';
import { type RunningGateway } from '../src/gateway.js';
import {
  city,
  gatewayClient,
  kitaProfile,
  landkreis,
  publishFacility,
  startFrontGateway,
  startTestStack,
  type TestStack,
  tagespflegeProfile,
} from './support.js';

// The response cache in front of real instances on PostgreSQL: a vacancy added in one
// municipality is in the next anonymous search once its event is out (the gateway reads the
// instances' `/events` with its service token), while the other municipality's search stays
// cached; with Redis, a second gateway that reads no events learns of it from the first. The TTL
// is ten minutes here, so only the events can make the change visible.

let stack: TestStack;
const cached: RunningGateway[] = [];
const { ok } = gatewayClient(() => stack.gateway.url);
const provider = () => tokenFor({ role: 'provider', subject: 'provider-cache' });
const facilities: Record<string, string> = {};

const search = `query Search($m: [String!]) { facilities(municipalities: $m, first: 20) { edges { node { id name freePlacesNow vacancies { places } } } } }`;

async function cachedGateway(options: ResponseCacheOptions): Promise<RunningGateway> {
  const gateway = await startFrontGateway(stack, { responseCache: { ttlMs: 600_000, eventsIntervalMs: 100, ...options } });
  cached.push(gateway);
  return gateway;
}

async function anonymousSearch(gateway: RunningGateway, municipality: string) {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: search, variables: { m: [municipality] } }),
  });
  const body = (await response.json()) as { data: { facilities: { edges: Array<{ node: { id: string; freePlacesNow: number | null } }> } }; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return {
    cache: response.headers.get('x-response-cache'),
    freePlaces: (id: string) => body.data.facilities.edges.find((edge) => edge.node.id === id)?.node.freePlacesNow,
  };
}

/** Searches anonymously until the facility shows `places` free today: at most `tries` searches, each after the previous answered. */
async function pollUntilFree(gateway: RunningGateway, municipality: string, facility: string, places: number, tries = 200): Promise<number> {
  for (let attempt = 1; attempt <= tries; attempt += 1) {
    if ((await anonymousSearch(gateway, municipality)).freePlaces(facility) === places) return attempt;
    // The feed is asked every 100 ms: give it a turn between searches rather than spinning.
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`the search did not show ${places} free places within ${tries} tries`);
}

/** By the office of the facility's municipality (the provider's membership reaches the vacancy instance by an event of its own). */
const addVacancy = async (municipality: string, facility: string, places: number, toMonths: number) =>
  ok(
    'mutation($id: ID!, $input: VacancyInput!) { addVacancy(facilityId: $id, input: $input) { id } }',
    { id: facility, input: { places, ageRange: { fromMonths: 0, toMonths }, hoursBand: 'FULL_DAY', availableFrom: today() } },
    await tokenFor({ role: 'office', subject: `office-${municipality}`, municipalities: [municipality] }),
  );

beforeAll(async () => {
  stack = await startTestStack({ municipalities: [city, landkreis] });
  const officeCity = await tokenFor({ role: 'office', subject: 'office-city', municipalities: [city] });
  const officeLandkreis = await tokenFor({ role: 'office', subject: 'office-landkreis', municipalities: [landkreis] });
  facilities.city = await publishFacility(ok, city, kitaProfile('Kita Cache'), { provider: await provider(), office: officeCity });
  facilities.landkreis = await publishFacility(ok, landkreis, tagespflegeProfile, { provider: await provider(), office: officeLandkreis });
}, 120_000);

afterAll(async () => {
  for (const gateway of cached) await gateway.close();
  await stack?.close();
});

describe('the response cache over real instances', () => {
  it('reads the facility and vacancy outboxes with the gateway’s own service token (and nobody reads them anonymously)', async () => {
    const gatewayToken = serviceTokens(testAuth, 'gateway');
    for (const subgraph of ['facility', 'vacancy']) {
      const events = new URL('/events?after=0&limit=1', stack.gateway.tenancy.registry().get(city)!.subgraphs[subgraph]);
      const read = await fetch(events, { headers: { authorization: `Bearer ${await gatewayToken(city)}` } });
      expect(read.status).toBe(200);
      expect(Array.isArray(((await read.json()) as { events: unknown[] }).events)).toBe(true);
      expect((await fetch(events)).status).toBe(401);
    }
  });

  it('shows a vacancy added in one municipality in the next anonymous search after its event, and keeps the other municipality cached', async () => {
    const gateway = await cachedGateway({});
    // Nobody searched yet: no municipality is followed. A search starts following the ones it
    // touches, from each outbox's head; its answer is stored once the feed knows their positions.
    expect((await anonymousSearch(gateway, city)).freePlaces(facilities.city)).toBe(0);
    await anonymousSearch(gateway, landkreis);
    await gateway.responseCache!.readEvents();
    await anonymousSearch(gateway, city);
    expect((await anonymousSearch(gateway, city)).cache).toBe('hit');
    await anonymousSearch(gateway, landkreis);
    expect((await anonymousSearch(gateway, landkreis)).cache).toBe('hit');

    await addVacancy(city, facilities.city, 3, 72);
    const tries = await pollUntilFree(gateway, city, facilities.city, 3);
    expect(tries).toBeGreaterThanOrEqual(1);
    // The city's event did not touch the Landkreis.
    expect((await anonymousSearch(gateway, landkreis)).cache).toBe('hit');
    // A token's search sees the same, straight from the municipality.
    const withToken = await ok(search, { m: [city] }, await provider());
    expect(withToken.edges.find((edge: { node: { id: string } }) => edge.node.id === facilities.city).node.freePlacesNow).toBe(3);
  });
});

const redisUp = await new Promise<boolean>((resolve) => {
  const socket = connect(6379, '127.0.0.1');
  socket.once('connect', () => {
    socket.destroy();
    resolve(true);
  });
  socket.once('error', () => resolve(false));
});

describe.skipIf(!redisUp)('the response cache in Redis over real instances', () => {
  it('lets a gateway that reads no events see a vacancy another gateway heard of', async () => {
    const reader = await cachedGateway({ redisUrl: 'redis://127.0.0.1:6379' });
    const deaf = await cachedGateway({ redisUrl: 'redis://127.0.0.1:6379', eventsIntervalMs: 0 });
    await (reader.responseCache!.store as RedisStore).ready();
    await (deaf.responseCache!.store as RedisStore).ready();
    await reader.responseCache!.readEvents();
    const before = (await anonymousSearch(deaf, landkreis)).freePlaces(facilities.landkreis);
    expect((await anonymousSearch(deaf, landkreis)).cache).toBe('hit');
    expect((await anonymousSearch(reader, landkreis)).cache).toBe('hit');

    await addVacancy(landkreis, facilities.landkreis, 2, 36);
    await pollUntilFree(deaf, landkreis, facilities.landkreis, (before ?? 0) + 2);
  });
});
