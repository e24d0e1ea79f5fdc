import { FacilityEntity, PublicationStatus } from '@kita/facility';
import { tokenFor } from '@kita/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { city, gatewayClient, kitaProfile, landkreis, publishFacility, shiftDays, startTestStack, type TestStack, tagespflegeProfile } from './support.js';

// The API of the providers' and the office's workspace (issue 14) through the real gateway over
// real instances of Hansestadt and Landkreis Lüneburg: pending revisions and the review queue, a
// lapsed Pflegeerlaubnis, and one meaning of free places.
let stack: TestStack;
const { call, ok } = gatewayClient(() => stack.gateway.url);

const tokens = {
  provider: () => tokenFor({ role: 'provider', subject: 'provider-workspace' }),
  otherProvider: () => tokenFor({ role: 'provider', subject: 'provider-elsewhere' }),
  office: () => tokenFor({ role: 'office', subject: 'office-city', municipalities: [city] }),
  landkreisOffice: () => tokenFor({ role: 'office', subject: 'office-landkreis', municipalities: [landkreis] }),
  parent: () => tokenFor({ role: 'parent', subject: 'parent-workspace' }),
  analyst: () => tokenFor({ role: 'analyst', subject: 'analyst-workspace', municipalities: [city, landkreis] }),
  anonymous: async () => undefined,
};
type Role = keyof typeof tokens;

beforeAll(async () => {
  stack = await startTestStack({ municipalities: [city, landkreis] });
});

afterAll(async () => {
  await stack?.close();
});

const facility = `query($id: ID!) { facility(id: $id) { id description pendingRevision { submittedAt changes { field published proposed } } } }`;
const queue = 'query($m: String!) { facilityReviewQueue(municipality: $m) { id publicationStatus pendingRevision { changes { field } } } }';
const update = 'mutation($id: ID!, $input: FacilityProfileInput!) { updateFacilityProfile(id: $id, input: $input) { id description } }';

/** Every instance reads the events of the others it projects (members, free places). */
async function catchUp(): Promise<void> {
  for (const subgraph of ['vacancy', 'facility'] as const)
    for (const municipality of [city, landkreis]) await stack.instance(municipality, subgraph).background?.catchUp?.();
}

async function published(name: string): Promise<string> {
  const id = await publishFacility(ok, city, kitaProfile(name), { provider: await tokens.provider(), office: await tokens.office() });
  await catchUp();
  return id;
}

describe('a provider edits the description of a published Kita', () => {
  it('keeps the old text public until the office of the city approves the revision', async () => {
    const id = await published('Kita Wasserturm');
    const input = { ...kitaProfile('Kita Wasserturm'), description: 'Wir haben jetzt einen Garten.' };

    expect((await ok(update, { id, input }, await tokens.provider())).description).toBe('');
    expect((await ok(facility, { id })).description).toBe('');

    const waiting = await ok(queue, { m: city }, await tokens.office());
    expect(waiting.find((item: { id: string }) => item.id === id)).toEqual({
      id,
      publicationStatus: 'PUBLISHED',
      pendingRevision: { changes: [{ field: 'description' }] },
    });

    const approved = await ok(
      'mutation($id: ID!) { approveFacilityRevision(id: $id) { description pendingRevision { submittedAt } } }',
      { id },
      await tokens.office(),
    );
    expect(approved).toEqual({ description: 'Wir haben jetzt einen Garten.', pendingRevision: null });
    expect((await ok(facility, { id })).description).toBe('Wir haben jetzt einen Garten.');
    expect((await ok(queue, { m: city }, await tokens.office())).map((item: { id: string }) => item.id)).not.toContain(id);
  });

  it.each<[Role, boolean]>([
    ['anonymous', false],
    ['parent', false],
    ['provider', true],
    ['otherProvider', false],
    ['office', true],
    ['landkreisOffice', false],
    ['analyst', false],
  ])('shows the pending revision to %s: %s', async (role, sees) => {
    const id = await published(`Kita Sichtbar ${role}`);
    await ok(update, { id, input: { ...kitaProfile(`Kita Sichtbar ${role}`), description: 'Neu.' } }, await tokens.provider());

    const { body } = await call(facility, { id }, await tokens[role]());

    expect(body.errors).toBeUndefined();
    expect(body.data.facility.description).toBe('');
    if (sees) expect(body.data.facility.pendingRevision.changes).toEqual([{ field: 'description', published: null, proposed: 'Neu.' }]);
    else expect(body.data.facility.pendingRevision).toBeNull();
  });

  it.each<[Role, string]>([
    ['anonymous', 'UNAUTHENTICATED'],
    ['parent', 'FORBIDDEN'],
    ['provider', 'FORBIDDEN'],
    ['otherProvider', 'FORBIDDEN'],
    ['landkreisOffice', 'FORBIDDEN'],
    ['analyst', 'FORBIDDEN'],
  ])("refuses the city's review queue to %s with %s, routed to the city by its argument", async (role, code) => {
    const { body } = await call(queue, { m: city }, await tokens[role]());
    expect(body.data.facilityReviewQueue).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]?.extensions?.code).toBe(code);
  });

  it('refuses a rejection without a real reason with one BAD_USER_INPUT, echoing nothing, and keeps the revision', async () => {
    const id = await published('Kita Begründung');
    await ok(update, { id, input: { ...kitaProfile('Kita Begründung'), description: 'Neu.' } }, await tokens.provider());

    const { body } = await call(
      'mutation($id: ID!, $r: String!) { rejectFacilityRevision(id: $id, reason: $r) { id } }',
      { id, r: '<b' },
      await tokens.office(),
    );

    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'reason' });
    expect(JSON.stringify(body.errors)).not.toContain('<b');
    expect((await ok(facility, { id }, await tokens.office())).pendingRevision).not.toBeNull();
  });
});

describe('a lapsed Pflegeerlaubnis', () => {
  it('hides the Tagespflege everywhere at once through the gateway; the office lists it among the permits lapsing', async () => {
    const id = await publishFacility(ok, landkreis, tagespflegeProfile, { provider: await tokens.provider(), office: await tokens.landkreisOffice() });
    const markers = async () =>
      (await ok('query { facilityMarkers(municipalities: ["03355"]) { id } }', {}, undefined)).map((marker: { id: string }) => marker.id);
    expect(await markers()).toContain(id);

    // The permit ended yesterday; the permit watch has not run since.
    const em = stack.instance(landkreis, 'facility').database.orm.em.fork();
    await em.nativeUpdate(FacilityEntity, { id: id.split(':')[1] }, { permitValidUntil: shiftDays(-1) });
    expect((await em.fork().findOneOrFail(FacilityEntity, { id: id.split(':')[1] })).status).toBe(PublicationStatus.PUBLISHED);

    expect(await ok('query($id: ID!) { facility(id: $id) { id } }', { id })).toBeNull();
    expect(await markers()).not.toContain(id);
    expect((await ok('query($id: ID!) { facility(id: $id) { id } }', { id }, await tokens.provider())).id).toBe(id);

    const lapsing = await ok(
      'query($m: String!) { permitsLapsing(municipality: $m) { id permit { validUntil } } }',
      { m: landkreis },
      await tokens.landkreisOffice(),
    );
    expect(lapsing.find((item: { id: string }) => item.id === id)).toEqual({ id, permit: { validUntil: shiftDays(-1) } });
    const refused = await call('query($m: String!) { permitsLapsing(municipality: $m) { id } }', { m: landkreis }, await tokens.office());
    expect(refused.body.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
  });
});

describe('free places', () => {
  it('mean the same on the profile and the map marker: free today, and free from a later day', async () => {
    const id = await published('Kita Freie Plätze');
    const provider = await tokens.provider();
    const add = 'mutation($id: ID!, $input: VacancyInput!) { addVacancy(facilityId: $id, input: $input) { id } }';
    const band = { ageRange: { fromMonths: 12, toMonths: 36 }, hoursBand: 'FULL_DAY' };
    await ok(add, { id, input: { ...band, places: 2, availableFrom: shiftDays(-5) } }, provider);
    const later = await ok(add, { id, input: { ...band, places: 5, availableFrom: shiftDays(120) } }, provider);
    await catchUp();

    const counts = async () => {
      const profile = await ok('query($id: ID!) { facility(id: $id) { freePlacesNow freePlacesLater freePlaces } }', { id });
      const markers = await ok('query { facilityMarkers(municipalities: ["03355022"]) { id freePlacesNow freePlacesLater freePlaces } }', {});
      const { id: _, ...marker } = markers.find((candidate: { id: string }) => candidate.id === id);
      return { profile, marker };
    };
    expect(await counts()).toEqual({
      profile: { freePlacesNow: 2, freePlacesLater: 5, freePlaces: 7 },
      marker: { freePlacesNow: 2, freePlacesLater: 5, freePlaces: 2 },
    });

    // The provider moves the later places to today and changes their number at once.
    await ok(
      'mutation($id: ID!, $input: VacancyInput!) { updateVacancy(id: $id, input: $input) { id } }',
      { id: later.id, input: { ...band, places: 3, availableFrom: shiftDays(0) } },
      provider,
    );
    await catchUp();
    expect(await counts()).toEqual({
      profile: { freePlacesNow: 5, freePlacesLater: 0, freePlaces: 5 },
      marker: { freePlacesNow: 5, freePlacesLater: 0, freePlaces: 5 },
    });
  });

  it.each<[Role, string]>([
    ['anonymous', 'UNAUTHENTICATED'],
    ['parent', 'FORBIDDEN'],
    ['otherProvider', 'FORBIDDEN'],
    ['landkreisOffice', 'FORBIDDEN'],
    ['analyst', 'FORBIDDEN'],
  ])('refuses updateVacancy to %s with %s', async (role, code) => {
    const id = await published(`Kita Vakanz ${role}`);
    const vacancy = await ok(
      'mutation($id: ID!, $input: VacancyInput!) { addVacancy(facilityId: $id, input: $input) { id } }',
      { id, input: { ageRange: { fromMonths: 12, toMonths: 36 }, hoursBand: 'FULL_DAY', places: 2, availableFrom: shiftDays(1) } },
      await tokens.provider(),
    );
    const { body } = await call(
      'mutation($id: ID!, $input: VacancyInput!) { updateVacancy(id: $id, input: $input) { id } }',
      { id: vacancy.id, input: { ageRange: { fromMonths: 12, toMonths: 36 }, hoursBand: 'FULL_DAY', places: 9, availableFrom: shiftDays(1) } },
      await tokens[role](),
    );
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]?.extensions?.code).toBe(code);
  });
});
