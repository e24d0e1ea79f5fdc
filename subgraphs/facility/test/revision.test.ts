import {
  FacilityEntity,
  FacilityRevisionEntity,
  FacilityTransitionEntity,
  facilityModule,
  PublicationStatus,
  queueProviderNotifications,
  RevisionStatus,
} from '@kita/facility';
import { NotificationMailEntity } from '@kita/notification';
import { addDays, OutboxEventEntity, type SubgraphServer, today } from '@kita/shared';
import { postGraphQL, startTestSubgraph, TestDatabases, tokenFor } from '@kita/shared/testing';
import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FacilityMediaEntity, MediaKind } from '../src/media/media.entity.js';
import { insertMembers } from './support.js';

const lueneburg = '03355022';
const landkreis = '03355';
const databases = new TestDatabases();
let subgraph: SubgraphServer;

const provider = () => tokenFor({ role: 'provider', subject: 'provider-anna' });
const colleague = () => tokenFor({ role: 'provider', subject: 'provider-colleague' });
const otherProvider = () => tokenFor({ role: 'provider', subject: 'provider-bernd' });
const office = () => tokenFor({ role: 'office', subject: 'office-lueneburg', municipalities: [lueneburg] });
const otherOffice = () => tokenFor({ role: 'office', subject: 'office-landkreis', municipalities: [landkreis] });
const parent = () => tokenFor({ role: 'parent', subject: 'parent-a' });
const analyst = () => tokenFor({ role: 'analyst', subject: 'analyst-a', municipalities: [lueneburg] });
const anonymous = async () => undefined;

const kitaInput = {
  kind: 'KINDERTAGESSTAETTE',
  name: 'Kita Am Wasserturm',
  carrier: 'AWO Lüneburg',
  carrierType: 'WELFARE',
  address: { street: 'Bei der Ratsmühle 19', postalCode: '21335', city: 'Lüneburg', district: 'Altstadt' },
  location: { latitude: 53.2465, longitude: 10.4115 },
  description: 'Alte Beschreibung.',
  languages: ['de'],
  groups: [{ name: 'Kindergarten', ageRange: { fromMonths: 36, toMonths: 72 }, hoursBand: 'FULL_DAY', capacity: 20 }],
};
const tagespflegeInput = {
  ...kitaInput,
  kind: 'KINDERTAGESPFLEGE',
  name: 'Kindertagespflege Wichtelhaus',
  carrier: 'Anna Meyer',
  carrierType: 'PERSON',
  groups: [{ name: 'Tagespflege', ageRange: { fromMonths: 0, toMonths: 36 }, hoursBand: 'FULL_DAY', capacity: 5 }],
};
const edited = { ...kitaInput, description: 'Neue Beschreibung mit Garten.', languages: ['de', 'en'] };

const gql = {
  register: `mutation($municipality: String!, $input: FacilityProfileInput!) { registerFacility(municipality: $municipality, input: $input) { id } }`,
  update: `mutation($id: ID!, $input: FacilityProfileInput!) { updateFacilityProfile(id: $id, input: $input) { id description publicationStatus } }`,
  submit: 'mutation($id: ID!) { submitFacility(id: $id) { id } }',
  publish: 'mutation($id: ID!) { publishFacility(id: $id) { id } }',
  recordPermit: 'mutation($facilityId: ID!, $input: PermitInput!) { recordPermit(facilityId: $facilityId, input: $input) { id } }',
  approve: 'mutation($id: ID!) { approveFacilityRevision(id: $id) { id description languages pendingRevision { submittedAt } } }',
  reject: 'mutation($id: ID!, $reason: String!) { rejectFacilityRevision(id: $id, reason: $reason) { id description pendingRevision { submittedAt } } }',
  facility: 'query($id: ID!) { facility(id: $id) { id description languages pendingRevision { submittedAt changes { field published proposed } } } }',
  decision: 'query($id: ID!) { facility(id: $id) { lastRevisionDecision { approved reason decidedAt } } }',
  entities: 'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Facility { id description } } }',
  queue: 'query($municipality: String!) { facilityReviewQueue(municipality: $municipality) { id publicationStatus pendingRevision { submittedAt } } }',
  lapsing:
    'query($municipality: String!, $withinDays: Int!) { permitsLapsing(municipality: $municipality, withinDays: $withinDays) { id permit { validUntil } } }',
  search: 'query { facilities(first: 100) { edges { node { id } } } }',
  markers: 'query { facilityMarkers { id freePlacesNow freePlacesLater } }',
};

const em = () => subgraph.database.orm.em.fork() as EntityManager;
const localId = (id: string) => id.slice(id.indexOf(':') + 1);

async function call(operation: keyof typeof gql, variables: Record<string, unknown>, token?: string) {
  return (await postGraphQL(subgraph.url, gql[operation], variables, token)).body;
}

async function ok(operation: keyof typeof gql, variables: Record<string, unknown>, token?: string) {
  const body = await call(operation, variables, token);
  expect(body.errors).toBeUndefined();
  return Object.values(body.data as object)[0];
}

const validPermit = (validUntil = addDays(today(), 700)) => ({ number: 'PE-2026-9', issuedOn: addDays(today(), -30), validUntil, maxChildren: 5 });

/** A profile taken through the review to PUBLISHED, with the colleague as a second member. */
async function published(input: object = kitaInput): Promise<string> {
  const { id } = await ok('register', { municipality: lueneburg, input }, await provider());
  if (input === tagespflegeInput) await ok('recordPermit', { facilityId: id, input: validPermit() }, await office());
  await ok('submit', { id }, await provider());
  await ok('publish', { id }, await office());
  await insertMembers(subgraph, 'provider-colleague', [localId(id)], 'MEMBER' as never);
  return id;
}

async function factsEvents(id: string): Promise<number> {
  return em().count(OutboxEventEntity, { type: 'FacilityFactsChanged', aggregateId: localId(id) });
}

/** Everything a refused request must leave alone. */
async function snapshot(id: string) {
  const fork = em();
  const [facility, revisions, transitions, events] = await Promise.all([
    fork.findOneOrFail(FacilityEntity, { id: localId(id) }),
    fork.find(FacilityRevisionEntity, { facilityId: localId(id) }, { orderBy: { id: 'asc' } }),
    fork.count(FacilityTransitionEntity, { facilityId: localId(id) }),
    factsEvents(id),
  ]);
  return JSON.parse(JSON.stringify({ facility, revisions, transitions, events }));
}

beforeAll(async () => {
  subgraph = await startTestSubgraph(databases, facilityModule, lueneburg);
});

afterAll(async () => {
  await subgraph?.close();
  await databases.drop();
});

describe("a provider's edit of a published profile", () => {
  it('becomes a pending revision: everyone keeps seeing the published profile, and no fact changes', async () => {
    const id = await published();
    const eventsBefore = await factsEvents(id);

    const updated = await ok('update', { id, input: edited }, await provider());

    expect(updated).toEqual({ id, description: 'Alte Beschreibung.', publicationStatus: 'PUBLISHED' });
    expect((await ok('facility', { id })).description).toBe('Alte Beschreibung.');
    expect((await ok('entities', { representations: [{ __typename: 'Facility', id }] }))[0].description).toBe('Alte Beschreibung.');
    expect(await factsEvents(id)).toBe(eventsBefore);
    expect(await em().count(FacilityRevisionEntity, { facilityId: localId(id), status: RevisionStatus.PENDING })).toBe(1);
  });

  it('shows the diff to its members and the office of the municipality, and null to everyone else', async () => {
    const id = await published();
    await ok('update', { id, input: edited }, await provider());
    const expected = [
      { field: 'description', published: 'Alte Beschreibung.', proposed: 'Neue Beschreibung mit Garten.' },
      { field: 'languages', published: 'de', proposed: 'de, en' },
    ];

    for (const token of [provider, colleague, office]) {
      const facility = await ok('facility', { id }, await token());
      expect(facility.pendingRevision.changes).toEqual(expected);
      expect(Date.parse(facility.pendingRevision.submittedAt)).toBeGreaterThan(Date.now() - 60_000);
    }
    for (const token of [anonymous, parent, otherProvider, otherOffice, analyst]) {
      const facility = await ok('facility', { id }, await token());
      expect(facility).toMatchObject({ id, description: 'Alte Beschreibung.', pendingRevision: null });
    }
  });

  it('is replaced by a later edit, and withdrawn by an edit back to the published profile', async () => {
    const id = await published();
    await ok('update', { id, input: edited }, await provider());
    const first = (await ok('facility', { id }, await provider())).pendingRevision.submittedAt;

    await ok('update', { id, input: { ...kitaInput, name: 'Kita Am Wasserturm e.V.' } }, await colleague());

    const second = (await ok('facility', { id }, await office())).pendingRevision;
    expect(second.changes).toEqual([{ field: 'name', published: 'Kita Am Wasserturm', proposed: 'Kita Am Wasserturm e.V.' }]);
    expect(Date.parse(second.submittedAt)).toBeGreaterThanOrEqual(Date.parse(first));
    expect(await em().count(FacilityRevisionEntity, { facilityId: localId(id) })).toBe(1);

    await ok('update', { id, input: kitaInput }, await provider());
    expect((await ok('facility', { id }, await office())).pendingRevision).toBeNull();
    expect(await em().count(FacilityRevisionEntity, { facilityId: localId(id) })).toBe(0);
  });

  it('goes live when the office approves it: the history records it and the facts change now', async () => {
    const id = await published();
    await ok('update', { id, input: edited }, await provider());
    const eventsBefore = await factsEvents(id);

    const approved = await ok('approve', { id }, await office());

    expect(approved).toEqual({ id, description: 'Neue Beschreibung mit Garten.', languages: ['de', 'en'], pendingRevision: null });
    expect((await ok('facility', { id })).description).toBe('Neue Beschreibung mit Garten.');
    expect(await factsEvents(id)).toBe(eventsBefore + 1);
    const last = (await em().find(FacilityTransitionEntity, { facilityId: localId(id) }, { orderBy: { at: 'asc', id: 'asc' } })).at(-1);
    expect(last).toMatchObject({ fromStatus: 'PUBLISHED', toStatus: 'PUBLISHED', actorSubject: 'office-lueneburg', reason: 'revision approved' });
    expect(await em().findOneOrFail(FacilityRevisionEntity, { facilityId: localId(id) })).toMatchObject({
      status: RevisionStatus.APPROVED,
      decidedBy: 'office-lueneburg',
    });
    expect((await ok('decision', { id }, await provider())).lastRevisionDecision).toMatchObject({ approved: true, reason: null });
    // The provider is told through the mail of a published profile (the approval's step in the history).
    await queueProviderNotifications(em(), { portalUrl: 'https://kita.example', now: new Date() });
    const mails = await em().find(NotificationMailEntity, { recipient: `facility:${localId(id)}`, kind: 'PROFILE_PUBLISHED' });
    expect(mails).toHaveLength(2); // the first publication and the approved revision
  });

  it('stays unpublished when the office rejects it, and the provider is mailed the reason', async () => {
    const id = await published();
    await ok('update', { id, input: { ...edited, contact: { email: 'wasserturm@example.org' } } }, await provider());

    const rejected = await ok('reject', { id, reason: '  Bitte den Garten genauer beschreiben.  ' }, await office());

    expect(rejected).toEqual({ id, description: 'Alte Beschreibung.', pendingRevision: null });
    expect(await em().findOneOrFail(FacilityRevisionEntity, { facilityId: localId(id) })).toMatchObject({
      status: RevisionStatus.REJECTED,
      reason: 'Bitte den Garten genauer beschreiben.',
    });
    // The provider and the office see why; nobody else sees that there was a revision.
    for (const token of [provider, colleague, office]) {
      expect((await ok('decision', { id }, await token())).lastRevisionDecision).toEqual({
        approved: false,
        reason: 'Bitte den Garten genauer beschreiben.',
        decidedAt: expect.any(String),
      });
    }
    for (const token of [anonymous, parent, otherProvider, otherOffice, analyst]) {
      expect((await ok('decision', { id }, await token())).lastRevisionDecision).toBeNull();
    }
    // The mail goes to the published contact address; this profile has none, so it is recorded without an address.
    await queueProviderNotifications(em(), { portalUrl: 'https://kita.example', now: new Date() });
    const mail = await em().findOneOrFail(NotificationMailEntity, { recipient: `facility:${localId(id)}`, kind: 'PROFILE_REJECTED' });
    expect(mail.eventKey).toMatch(/^revision:/);
    expect(mail.params).toMatchObject({ facility: 'Kita Am Wasserturm', reason: 'Bitte den Garten genauer beschreiben.' });
  });

  it('is applied at once when the office edits, and a draft is edited in place', async () => {
    const id = await published();
    expect((await ok('update', { id, input: edited }, await office())).description).toBe('Neue Beschreibung mit Garten.');
    expect((await ok('facility', { id })).pendingRevision).toBeNull();

    const { id: draft } = await ok('register', { municipality: lueneburg, input: kitaInput }, await provider());
    expect((await ok('update', { id: draft, input: edited }, await provider())).description).toBe('Neue Beschreibung mit Garten.');
    expect(await em().count(FacilityRevisionEntity, { facilityId: localId(draft) })).toBe(0);
  });

  it.each([
    ['anonymous', anonymous, 'UNAUTHENTICATED'],
    ['a parent', parent, 'FORBIDDEN'],
    ['the provider', provider, 'FORBIDDEN'],
    ['another provider', otherProvider, 'FORBIDDEN'],
    ['the office of another municipality', otherOffice, 'FORBIDDEN'],
    ['an analyst', analyst, 'FORBIDDEN'],
  ])('may not be approved or rejected by %s (%s), and nothing changes', async (_who, token, code) => {
    const id = await published();
    await ok('update', { id, input: edited }, await provider());
    const before = await snapshot(id);

    for (const [operation, variables] of [
      ['approve', { id }],
      ['reject', { id, reason: 'Nicht so.' }],
    ] as const) {
      const body = await call(operation, variables, await token());
      expect(body.data).toBeNull();
      expect(body.errors).toHaveLength(1);
      expect(body.errors?.[0]?.extensions?.code).toBe(code);
    }
    expect(await snapshot(id)).toEqual(before);
  });

  it.each([
    ['a reason too short', () => ({ reason: 'no' }), 'BAD_USER_INPUT', 'reason'],
    ['a reason too long', () => ({ reason: 'x'.repeat(1001) }), 'BAD_USER_INPUT', 'reason'],
    ['an ID that is no ID', () => ({ id: 'not-an-id<script>' }), 'INVALID_ID', 'id'],
    ['an ID of another municipality', () => ({ id: `${landkreis}:0190f3a4-7e47-7000-8000-000000000000` }), 'WRONG_MUNICIPALITY', 'id'],
  ])('refuses %s with one %s naming %s, without echo, changing nothing', async (_case, overrides, code, argument) => {
    const id = await published();
    await ok('update', { id, input: edited }, await provider());
    const before = await snapshot(id);
    const variables = { id, reason: 'Bitte ändern.', ...overrides() };

    const body = await call('reject', variables, await office());

    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code, argument });
    expect(JSON.stringify(body.errors)).not.toContain(String(Object.values(overrides())[0]));
    expect(await snapshot(id)).toEqual(before);
  });

  it('cannot be approved when nothing is pending (NOT_FOUND)', async () => {
    const id = await published();
    const body = await call('approve', { id }, await office());
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', argument: 'id' });
  });
});

describe('facilityReviewQueue', () => {
  it('lists submitted profiles and published ones with a pending revision, the longest waiting first', async () => {
    const revised = await published();
    const { id: submitted } = await ok('register', { municipality: lueneburg, input: kitaInput }, await provider());
    await ok('update', { id: revised, input: edited }, await provider());
    await ok('submit', { id: submitted }, await provider());
    const untouched = await published();

    const queue: Array<{ id: string; publicationStatus: string; pendingRevision: unknown }> = await ok('queue', { municipality: lueneburg }, await office());

    const ids = queue.map((item) => item.id);
    expect(ids).not.toContain(untouched);
    expect(ids.indexOf(revised)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(revised)).toBeLessThan(ids.indexOf(submitted));
    expect(queue.find((item) => item.id === revised)).toMatchObject({ publicationStatus: 'PUBLISHED', pendingRevision: { submittedAt: expect.any(String) } });
    expect(queue.find((item) => item.id === submitted)).toMatchObject({ publicationStatus: 'SUBMITTED', pendingRevision: null });
  });

  it.each([
    ['anonymous', anonymous, 'UNAUTHENTICATED'],
    ['a parent', parent, 'FORBIDDEN'],
    ['a provider', provider, 'FORBIDDEN'],
    ['the office of another municipality', otherOffice, 'FORBIDDEN'],
    ['an analyst', analyst, 'FORBIDDEN'],
  ])('is refused to %s with %s', async (_who, token, code) => {
    const body = await call('queue', { municipality: lueneburg }, await token());
    expect(body.data.facilityReviewQueue).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]?.extensions?.code).toBe(code);
  });

  it.each([
    ['a key that is no AGS', 'lüneburg<b>', 'BAD_USER_INPUT'],
    ['another municipality', landkreis, 'WRONG_MUNICIPALITY'],
  ])('refuses %s with one %s, without echo', async (_case, municipality, code) => {
    const body = await call('queue', { municipality }, await office());
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code, argument: 'municipality' });
    expect(body.errors?.[0]?.message).not.toContain('<b>');
  });
});

describe('a lapsed Pflegeerlaubnis', () => {
  it('hides the profile the day after it ends, before the permit watch runs; its members and the office still see it', async () => {
    const id = await published(tagespflegeInput);
    const photo = Object.assign(new FacilityMediaEntity(), {
      facilityId: localId(id),
      kind: MediaKind.PHOTO,
      contentType: 'image/png',
      fileName: 'garten.png',
      byteSize: 3,
      sha256: 'abc',
      content: Buffer.from([1, 2, 3]),
      altText: 'Der Garten',
      position: 0,
    });
    await em().insert(FacilityMediaEntity, photo);
    const media = (token?: string) =>
      fetch(`${new URL(subgraph.url).origin}/media/${photo.id}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    expect(await ok('facility', { id })).not.toBeNull();
    expect((await media()).status).toBe(200);
    // The permit ended yesterday; the watch has not suspended the profile yet.
    await em().nativeUpdate(FacilityEntity, { id: localId(id) }, { permitValidUntil: addDays(today(), -1) });
    expect((await em().findOneOrFail(FacilityEntity, { id: localId(id) })).status).toBe(PublicationStatus.PUBLISHED);

    for (const token of [anonymous, parent, otherProvider, otherOffice, analyst]) {
      const viewer = await token();
      expect((await call('facility', { id }, viewer)).data.facility).toBeNull();
      expect((await call('entities', { representations: [{ __typename: 'Facility', id }] }, viewer)).data._entities).toEqual([null]);
      expect((await ok('search', {}, viewer)).edges.map((edge: { node: { id: string } }) => edge.node.id)).not.toContain(id);
      expect((await ok('markers', {}, viewer)).map((marker: { id: string }) => marker.id)).not.toContain(id);
    }
    for (const token of [provider, colleague, office]) expect((await ok('facility', { id }, await token())).id).toBe(id);
    expect((await media()).status).toBe(404);
    expect((await media(await parent())).status).toBe(404);
    const preview = await media(await provider());
    expect(preview.status).toBe(200);
    expect(preview.headers.get('cache-control')).toBe('private, no-cache');
  });

  it('still shows a profile on the last day of its permit', async () => {
    const id = await published(tagespflegeInput);
    await em().nativeUpdate(FacilityEntity, { id: localId(id) }, { permitValidUntil: today() });
    expect((await ok('facility', { id })).id).toBe(id);
  });
});

describe('permitsLapsing', () => {
  it('lists the Tagespflege whose permit lapsed or lapses within the days, soonest first', async () => {
    const soon = await published(tagespflegeInput);
    const lapsed = await published(tagespflegeInput);
    const later = await published(tagespflegeInput);
    await em().nativeUpdate(FacilityEntity, { id: localId(soon) }, { permitValidUntil: addDays(today(), 20) });
    await em().nativeUpdate(FacilityEntity, { id: localId(lapsed) }, { permitValidUntil: addDays(today(), -3) });
    await em().nativeUpdate(FacilityEntity, { id: localId(later) }, { permitValidUntil: addDays(today(), 90) });

    const within60: Array<{ id: string }> = await ok('lapsing', { municipality: lueneburg, withinDays: 60 }, await office());
    const ids = within60.map((item) => item.id);
    expect(ids).not.toContain(later);
    expect(ids.indexOf(lapsed)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(lapsed)).toBeLessThan(ids.indexOf(soon));

    const within100: Array<{ id: string }> = await ok('lapsing', { municipality: lueneburg, withinDays: 100 }, await office());
    expect(within100.map((item) => item.id)).toContain(later);
  });

  it.each([
    ['anonymous', anonymous, 'UNAUTHENTICATED'],
    ['a parent', parent, 'FORBIDDEN'],
    ['a provider', provider, 'FORBIDDEN'],
    ['the office of another municipality', otherOffice, 'FORBIDDEN'],
    ['an analyst', analyst, 'FORBIDDEN'],
  ])('is refused to %s with %s', async (_who, token, code) => {
    const body = await call('lapsing', { municipality: lueneburg, withinDays: 60 }, await token());
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]?.extensions?.code).toBe(code);
  });

  it('refuses a negative number of days with one BAD_USER_INPUT', async () => {
    const body = await call('lapsing', { municipality: lueneburg, withinDays: -1 }, await office());
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'withinDays' });
  });
});
