import { type SubgraphServer } from '@kita/shared';
import { TestDatabases } from '@kita/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientOf,
  draftInput,
  insertFact,
  insertMembers,
  landkreis,
  lueneburg,
  mutations,
  shiftDays,
  shiftMonths,
  startReservation,
  submittedPart,
  tokens,
} from './support.js';

const databases = new TestDatabases();
let server: SubgraphServer;
let client: ReturnType<typeof clientOf>;
let kitaA: string;
let kitaB: string;
const parts: any[] = [];

const queueQuery = `query($municipality: String!, $facilityId: ID, $status: [ReservationStatus!], $from: LocalDate, $until: LocalDate, $first: Int!, $after: String) {
  reservationQueue(municipality: $municipality, facilityId: $facilityId, status: $status, wishedStartFrom: $from, wishedStartUntil: $until, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id status facility { id } wishedStart part { child { firstName } guardians { email address { city } } childPseudonym } } }
  }
}`;
const demandQuery = `query($municipalities: [String!]) { demandStatistics(municipalities: $municipalities) { municipality district ageGroup children openChoices } }`;

beforeAll(async () => {
  server = await startReservation(databases, lueneburg);
  client = clientOf(server);
  // Each Kita's provider is a member of it (as the facility subgraph's events said).
  kitaA = await insertFact(server, { district: 'Kaltenmoor', groups: [{ ageFromMonths: 0, ageToMonths: 72 }], members: ['provider-kita-a'] });
  kitaB = await insertFact(server, { district: 'Oedeme', groups: [{ ageFromMonths: 0, ageToMonths: 72 }], members: ['provider-kita-b'] });
  // Five families: the first chooses both Kitas, one wishes to start much later, one draft stays unsubmitted.
  parts.push(
    await submittedPart(
      server,
      [
        { facilityId: kitaA, rank: 1 },
        { facilityId: kitaB, rank: 2 },
      ],
      { parent: 'parent-1' },
    ),
  );
  parts.push(
    await submittedPart(server, [{ facilityId: kitaA, rank: 1 }], { parent: 'parent-2', firstName: 'Noah', birthDate: shiftMonths(-40, shiftMonths(3)) }),
  );
  parts.push(await submittedPart(server, [{ facilityId: kitaB, rank: 1 }], { parent: 'parent-3', firstName: 'Ella' }));
  parts.push(await submittedPart(server, [{ facilityId: kitaA, rank: 1 }], { parent: 'parent-4', firstName: 'Finn', wishedStart: shiftMonths(12) }));
  await client.ok(
    mutations.save,
    { municipality: lueneburg, input: draftInput([{ facilityId: kitaA, rank: 1 }], { firstName: 'Ida' }) },
    await tokens.parent('parent-5'),
  );
});

afterAll(async () => {
  await server?.close();
  await databases.drop();
});

const queue = (variables: Record<string, unknown>, token: string) => client.call(queueQuery, { municipality: lueneburg, first: 20, ...variables }, token);

describe('the work queue', () => {
  it("shows the office the municipality's released choices, oldest submission first, with pseudonym and addresses; no drafts", async () => {
    const { data, errors } = await queue({}, await tokens.office());
    expect(errors).toBeUndefined();
    const page = (data as any).reservationQueue;
    expect(page.totalCount).toBe(5);
    expect(page.edges.map((edge: any) => edge.node.id)).toEqual(
      [...parts[0].choices, ...parts[1].choices, ...parts[2].choices, ...parts[3].choices].map((choice) => choice.id),
    );
    expect(page.edges[0].node.part.childPseudonym).toMatch(/^[0-9a-f]{64}$/);
    expect(page.edges[0].node.part.guardians[0].address.city).toBe('Lüneburg');
    // Drafts only when the office asks for them (to grant an exception).
    const drafts = (await queue({ status: ['DRAFT'] }, await tokens.office())).data as any;
    expect(drafts.reservationQueue.edges.map((edge: any) => edge.node.part.child.firstName)).toEqual(['Ida']);
  });

  it('filters by facility, status and wished start', async () => {
    const office = await tokens.office();
    const byFacility = ((await queue({ facilityId: kitaB }, office)).data as any).reservationQueue;
    expect(byFacility.edges.map((edge: any) => edge.node.facility.id)).toEqual([kitaB, kitaB]);
    const later = ((await queue({ from: shiftMonths(6) }, office)).data as any).reservationQueue;
    expect(later.edges.map((edge: any) => edge.node.part.child.firstName)).toEqual(['Finn']);
    const soon = ((await queue({ until: shiftMonths(6) }, office)).data as any).reservationQueue;
    expect(soon.totalCount).toBe(4);
    const inReview = ((await queue({ status: ['IN_REVIEW'] }, office)).data as any).reservationQueue;
    expect(inReview.totalCount).toBe(0);
  });

  it('pages with a cursor, in a constant number of statements', async () => {
    const office = await tokens.office();
    const ids: string[] = [];
    let after: string | null = null;
    do {
      server.database.statements.reset();
      const page: any = ((await queue({ first: 2, after }, office)).data as any).reservationQueue;
      // The page's keys, its total, its rows and their parts (one batched load), whatever the page size.
      expect(server.database.statements.count).toBe(4);
      ids.push(...page.edges.map((edge: any) => edge.node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(ids).toHaveLength(5);
    server.database.statements.reset();
    await queue({ first: 5 }, office);
    expect(server.database.statements.count).toBe(4);
    expect(new Set(ids).size).toBe(5);
    expect((await queue({ after: 'nonsense' }, office)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
  });

  it("shows a provider only its own facility's choices: child and contact, but no address and no pseudonym", async () => {
    const provider = await tokens.provider('provider-kita-b');
    const page = ((await queue({}, provider)).data as any).reservationQueue;
    expect(page.edges.map((edge: any) => edge.node.facility.id)).toEqual([kitaB, kitaB]);
    expect(page.edges[0].node.part).toMatchObject({
      child: { firstName: 'Mila' },
      guardians: [{ email: 'k.schroeder@example.org', address: null }],
      childPseudonym: null,
    });
    expect((await queue({ facilityId: kitaA }, provider)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await queue({ status: ['DRAFT'] }, await tokens.provider('provider-kita-a'))).data).toMatchObject({ reservationQueue: { totalCount: 0 } });
  });

  it('shows a provider the Vormerkungen of every facility it is a member of, and none without membership', async () => {
    await insertMembers(server, 'provider-traeger', [kitaA, kitaB]);

    const both = ((await queue({}, await tokens.provider('provider-traeger'))).data as any).reservationQueue;
    const none = ((await queue({}, await tokens.provider('provider-of-no-kita'))).data as any).reservationQueue;
    const byId = (
      await client.call(`query($id: ID!) { reservation(id: $id) { id } }`, { id: parts[1].choices[0].id }, await tokens.provider('provider-of-no-kita'))
    ).data as any;

    expect(both.totalCount).toBe(5);
    expect(new Set(both.edges.map((edge: any) => edge.node.facility.id))).toEqual(new Set([kitaA, kitaB]));
    expect(none).toMatchObject({ totalCount: 0, edges: [] });
    expect(byId.reservation).toBeNull();
  });

  it('gives a provider only its own choices of a part that also chose other facilities', async () => {
    const { reservation } = (
      await client.call(
        `query($id: ID!) { reservation(id: $id) { part { choices { facility { id } } } } }`,
        { id: parts[0].choices[1].id },
        await tokens.provider('provider-kita-b'),
      )
    ).data as any;
    expect(reservation.part.choices).toEqual([{ facility: { id: kitaB } }]);
  });

  it('is refused to parents, analysts, the public and other offices', async () => {
    expect((await queue({}, await tokens.parent('parent-1'))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await queue({}, await tokens.analyst(lueneburg))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await client.call(queueQuery, { municipality: lueneburg, first: 20 })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await queue({}, await tokens.office(landkreis))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('demand statistics', () => {
  it('count children, not reservations: a child with two choices counts once, where its first choice is', async () => {
    const { data, errors } = await client.call(demandQuery, {}, await tokens.analyst(lueneburg));
    expect(errors).toBeUndefined();
    expect((data as any).demandStatistics).toEqual([
      { municipality: lueneburg, district: 'Kaltenmoor', ageGroup: 'KRIPPE', children: 2, openChoices: 2 },
      { municipality: lueneburg, district: 'Kaltenmoor', ageGroup: 'KINDERGARTEN', children: 1, openChoices: 1 },
      { municipality: lueneburg, district: 'Oedeme', ageGroup: 'KRIPPE', children: 1, openChoices: 2 },
    ]);
  });

  it('follow the status: a withdrawn choice is no demand, and the child moves to its next choice', async () => {
    const withdrawn = await submittedPart(
      server,
      [
        { facilityId: kitaA, rank: 1 },
        { facilityId: kitaB, rank: 2 },
      ],
      { parent: 'parent-6', firstName: 'Ben' },
    );
    await client.ok(mutations.withdraw, { id: withdrawn.choices[0].id }, await tokens.parent('parent-6'));
    const buckets = ((await client.call(demandQuery, {}, await tokens.office())).data as any).demandStatistics;
    expect(buckets.find((bucket: any) => bucket.district === 'Oedeme')).toMatchObject({ children: 2, openChoices: 3 });
    expect(buckets.find((bucket: any) => bucket.district === 'Kaltenmoor' && bucket.ageGroup === 'KRIPPE')).toMatchObject({ children: 2, openChoices: 2 });
    await client.ok(mutations.withdraw, { id: withdrawn.choices[1].id }, await tokens.parent('parent-6'));
  });

  it('are for analysts and offices of the municipality only, and hold no personal data', async () => {
    expect((await client.call(demandQuery, {})).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await client.call(demandQuery, {}, await tokens.parent('parent-1'))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await client.call(demandQuery, {}, await tokens.provider('provider-kita-a'))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(((await client.call(demandQuery, {}, await tokens.analyst(landkreis))).data as any).demandStatistics).toEqual([]);
    expect(((await client.call(demandQuery, { municipalities: [landkreis] }, await tokens.analyst(lueneburg))).data as any).demandStatistics).toEqual([]);
    const text = JSON.stringify((await client.call(demandQuery, {}, await tokens.analyst(lueneburg))).data);
    for (const value of ['Mila', 'Noah', 'Schröder', 'parent-1']) expect(text).not.toContain(value);
  });
});

describe('demand statistics: placed children and the claims behind the counts', () => {
  const claimsQuery = `query($salt: String!) { demandStatistics { district ageGroup children waiting placed childClaims(salt: $salt) { token weight tally } } }`;
  const saltA = 'salt-of-request-a-0001';
  const saltB = 'salt-of-request-b-0002';

  it('count a child with an accepted place as placed, in the district of that place, and no longer as waiting', async () => {
    const family = await submittedPart(
      server,
      [
        { facilityId: kitaA, rank: 1 },
        { facilityId: kitaB, rank: 2 },
      ],
      { parent: 'parent-7', firstName: 'Lotte' },
    );
    const office = await tokens.office();
    const before = ((await client.call(demandQuery, {}, office)).data as any).demandStatistics;
    await client.ok(mutations.startReview, { id: family.choices[1].id }, office);
    await client.ok(mutations.makeOffer, { id: family.choices[1].id, deadline: shiftDays(14) }, office);
    await client.ok(mutations.accept, { id: family.choices[1].id }, office);

    const { data } = await client.call(`{ demandStatistics { district ageGroup children waiting placed openChoices } }`, {}, office);
    const oedeme = (data as any).demandStatistics.find((bucket: any) => bucket.district === 'Oedeme');
    const kaltenmoor = (data as any).demandStatistics.find((bucket: any) => bucket.district === 'Kaltenmoor' && bucket.ageGroup === 'KRIPPE');
    expect(oedeme).toMatchObject({ placed: 1, children: 2, waiting: 1 });
    // Lotte counted in Kaltenmoor (her first choice) while waiting; placed in Oedeme, she counts there only.
    expect(kaltenmoor.children).toBe(before.find((bucket: any) => bucket.district === 'Kaltenmoor' && bucket.ageGroup === 'KRIPPE').children - 1);
    expect(kaltenmoor.waiting + kaltenmoor.placed).toBe(kaltenmoor.children);
  });

  it('answer each counted child as a salted token: equal for one salt, unrelated for another, never the pseudonym', async () => {
    const office = await tokens.office();
    const a = ((await client.callAsGateway(claimsQuery, { salt: saltA }, office)).data as any).demandStatistics;
    const b = ((await client.callAsGateway(claimsQuery, { salt: saltB }, office)).data as any).demandStatistics;
    const pseudonyms = ((await queue({}, office)).data as any).reservationQueue.edges.map((edge: any) => edge.node.part.childPseudonym);

    for (const bucket of a) expect(bucket.childClaims).toHaveLength(bucket.children);
    expect(a.flatMap((bucket: any) => bucket.childClaims.map((claim: any) => claim.tally))).toContainEqual(['children', 'placed']);
    const tokensA = a.flatMap((bucket: any) => bucket.childClaims.map((claim: any) => claim.token));
    const tokensB = b.flatMap((bucket: any) => bucket.childClaims.map((claim: any) => claim.token));
    expect(new Set(tokensA).size).toBe(tokensA.length);
    expect(tokensA.filter((token: string) => tokensB.includes(token))).toEqual([]);
    for (const pseudonym of pseudonyms) expect(JSON.stringify(a)).not.toContain(pseudonym.slice(0, 16));
    const weights = a.flatMap((bucket: any) => bucket.childClaims.map((claim: any) => claim.weight));
    expect(weights).toContain(0);
  });

  it('refuse a short salt with BAD_USER_INPUT, and give the claims to analysts and offices only', async () => {
    const short = await client.callAsGateway(claimsQuery, { salt: 'short' }, await tokens.office());
    expect(short.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'salt' });
    expect((await client.callAsGateway(claimsQuery, { salt: saltA }, await tokens.parent('parent-1'))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await client.callAsGateway(claimsQuery, { salt: saltA }, await tokens.provider('provider-kita-a'))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('an analyst asking for personal data', () => {
  it('gets FORBIDDEN everywhere, also from _entities sent straight to the subgraph', async () => {
    const analyst = await tokens.analyst(lueneburg);
    const id = parts[0].choices[0].id;
    for (const query of ['{ myReservations { id } }', '{ myReservationParts { id } }'])
      expect((await client.call(query, {}, analyst)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await client.call('query($id: ID!) { reservation(id: $id) { id } }', { id }, analyst)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const entities = await client.call(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Reservation { childBirthDate part { child { firstName } } } } }',
      { r: [{ __typename: 'Reservation', id }] },
      analyst,
    );
    expect(entities.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(entities)).not.toContain('Mila');
  });
});
