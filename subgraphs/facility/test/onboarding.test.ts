import {
  FacilityEntity,
  FacilityGroupEntity,
  FacilityKind,
  FacilityTransitionEntity,
  facilityModule,
  PublicationStatus,
  suspendLapsedPermits,
  visibleTo,
} from '@kita/facility';
import { formatId, newLocalId, type SubgraphServer, silentLogger, startSubgraphInstance, today } from '@kita/shared';
import { postGraphQL, startTestSubgraph, TestDatabases, testVerifier, tokenFor } from '@kita/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const lueneburg = '03355022';
const landkreis = '03355';
const databases = new TestDatabases();
let subgraph: SubgraphServer;

const provider = () => tokenFor({ role: 'provider', subject: 'provider-anna' });
const otherProvider = () => tokenFor({ role: 'provider', subject: 'provider-bernd' });
const office = () => tokenFor({ role: 'office', subject: 'office-lueneburg', municipalities: [lueneburg] });
const otherOffice = () => tokenFor({ role: 'office', subject: 'office-landkreis', municipalities: [landkreis] });
const parent = () => tokenFor({ role: 'parent', subject: 'parent-a' });
const analyst = () => tokenFor({ role: 'analyst', subject: 'analyst-a', municipalities: [lueneburg] });

const shiftDays = (day: string, days: number) => {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
};
const shiftYears = (day: string, years: number) => `${Number(day.slice(0, 4)) + years}${day.slice(4)}`.replace(/-02-29$/, '-02-28');

const kitaInput = {
  kind: 'KINDERTAGESSTAETTE',
  name: 'Kita Regenbogen',
  carrier: 'Ev.-luth. Kirchengemeinde St. Johannis',
  carrierType: 'CHURCH',
  address: { street: 'Bei der St. Johanniskirche 2', postalCode: '21335', city: 'Lüneburg', district: 'Altstadt' },
  location: { latitude: 53.2465, longitude: 10.4115 },
  groups: [{ name: 'Kindergarten', ageRange: { fromMonths: 36, toMonths: 72 }, hoursBand: 'FULL_DAY', capacity: 25 }],
};
const tagespflegeInput = {
  ...kitaInput,
  kind: 'KINDERTAGESPFLEGE',
  name: 'Kindertagespflege Krümelkiste',
  carrier: 'Anna Meyer',
  carrierType: 'PERSON',
  address: { street: 'Dahlenburger Landstraße 5', postalCode: '21337', city: 'Lüneburg', district: 'Neu Hagen' },
  groups: [{ name: 'Tagespflege', ageRange: { fromMonths: 0, toMonths: 36 }, hoursBand: 'FULL_DAY', capacity: 5 }],
};
const validPermit = () => ({ number: 'PE-2026-017', issuedOn: shiftDays(today(), -30), validUntil: shiftYears(today(), 2), maxChildren: 5 });

const facilityFields = 'id name publicationStatus permit { number issuedOn validUntil maxChildren }';
const historyFields = 'history { fromStatus toStatus actorRole actorSubject reason at }';
const mutations = {
  register: `mutation($municipality: String!, $input: FacilityProfileInput!) { registerFacility(municipality: $municipality, input: $input) { ${facilityFields} } }`,
  update: `mutation($id: ID!, $input: FacilityProfileInput!) { updateFacilityProfile(id: $id, input: $input) { ${facilityFields} } }`,
  submit: `mutation($id: ID!) { submitFacility(id: $id) { ${facilityFields} } }`,
  publish: `mutation($id: ID!) { publishFacility(id: $id) { ${facilityFields} } }`,
  reject: `mutation($id: ID!, $reason: String!) { rejectFacility(id: $id, reason: $reason) { ${facilityFields} } }`,
  recordPermit: `mutation($facilityId: ID!, $input: PermitInput!) { recordPermit(facilityId: $facilityId, input: $input) { ${facilityFields} } }`,
};

const em = () => subgraph.database.orm.em.fork();
const localId = (id: string) => id.slice(id.indexOf(':') + 1);

async function call(mutation: keyof typeof mutations, variables: Record<string, unknown>, token?: string) {
  const { body } = await postGraphQL(subgraph.url, mutations[mutation], variables, token);
  return body;
}

async function ok(mutation: keyof typeof mutations, variables: Record<string, unknown>, token?: string) {
  const body = await call(mutation, variables, token);
  expect(body.errors).toBeUndefined();
  return Object.values(body.data as object)[0] as { id: string; publicationStatus: string; permit: unknown };
}

async function registered(input: object = kitaInput): Promise<string> {
  return (await ok('register', { municipality: lueneburg, input }, await provider())).id;
}

/** A facility taken through the review to SUBMITTED (a Tagespflege gets its permit first). */
async function submitted(input: object = kitaInput): Promise<string> {
  const id = await registered(input);
  if (input === tagespflegeInput) await ok('recordPermit', { facilityId: id, input: validPermit() }, await office());
  await ok('submit', { id }, await provider());
  return id;
}

async function published(input: object = kitaInput): Promise<string> {
  const id = await submitted(input);
  await ok('publish', { id }, await office());
  return id;
}

async function statusOf(id: string): Promise<PublicationStatus> {
  return (await em().findOneOrFail(FacilityEntity, { id: localId(id) })).status;
}

async function stepsOf(id: string) {
  const rows = await em().find(FacilityTransitionEntity, { facilityId: localId(id) }, { orderBy: { at: 'asc', id: 'asc' } });
  return rows.map(({ fromStatus, toStatus, actorSubject, actorRole, reason }) => ({ fromStatus, toStatus, actorSubject, actorRole, reason }));
}

/** Everything a refused request must leave alone. */
async function snapshot() {
  const fork = em();
  const [facilities, groups, transitions] = await Promise.all([
    fork.find(FacilityEntity, {}, { orderBy: { id: 'asc' } }),
    fork.find(FacilityGroupEntity, {}, { orderBy: { id: 'asc' } }),
    fork.find(FacilityTransitionEntity, {}, { orderBy: { id: 'asc' } }),
  ]);
  return JSON.parse(JSON.stringify({ facilities, groups, transitions }));
}

async function publicIds(): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  do {
    const { body }: any = await postGraphQL(
      subgraph.url,
      'query($after: String) { facilities(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id } } } }',
      { after },
    );
    expect(body.errors).toBeUndefined();
    ids.push(...body.data.facilities.edges.map((edge: any) => edge.node.id));
    after = body.data.facilities.pageInfo.hasNextPage ? body.data.facilities.pageInfo.endCursor : null;
  } while (after);
  return ids;
}

beforeAll(async () => {
  subgraph = await startTestSubgraph(databases, facilityModule, lueneburg);
});

afterAll(async () => {
  await subgraph?.close();
  await databases.drop();
});

describe('the review of a provider profile', () => {
  it('goes register → update → submit → reject → update → submit → publish, and only then is public', async () => {
    const id = await registered();
    expect(await publicIds()).not.toContain(id);

    await ok('update', { id, input: { ...kitaInput, description: 'Mit Garten.' } }, await provider());
    expect((await ok('submit', { id }, await provider())).publicationStatus).toBe('SUBMITTED');
    expect(await publicIds()).not.toContain(id);

    const rejected = await ok('reject', { id, reason: '  Bitte die Öffnungszeiten ergänzen.  ' }, await office());
    expect(rejected.publicationStatus).toBe('REJECTED');
    await ok('update', { id, input: { ...kitaInput, openingHours: [{ weekday: 1, opens: '07:30', closes: '16:00' }] } }, await provider());
    await ok('submit', { id }, await provider());
    expect(await publicIds()).not.toContain(id);

    expect((await ok('publish', { id }, await office())).publicationStatus).toBe('PUBLISHED');

    expect(await statusOf(id)).toBe(PublicationStatus.PUBLISHED);
    expect(await publicIds()).toContain(id);
    expect(await stepsOf(id)).toEqual([
      { fromStatus: null, toStatus: 'DRAFT', actorSubject: 'provider-anna', actorRole: 'PROVIDER', reason: null },
      { fromStatus: 'DRAFT', toStatus: 'SUBMITTED', actorSubject: 'provider-anna', actorRole: 'PROVIDER', reason: null },
      { fromStatus: 'SUBMITTED', toStatus: 'REJECTED', actorSubject: 'office-lueneburg', actorRole: 'OFFICE', reason: 'Bitte die Öffnungszeiten ergänzen.' },
      { fromStatus: 'REJECTED', toStatus: 'SUBMITTED', actorSubject: 'provider-anna', actorRole: 'PROVIDER', reason: null },
      { fromStatus: 'SUBMITTED', toStatus: 'PUBLISHED', actorSubject: 'office-lueneburg', actorRole: 'OFFICE', reason: null },
    ]);
  });

  it.each([
    ['submit', 'anonymous', 'UNAUTHENTICATED', undefined],
    ['submit', 'the office', 'FORBIDDEN', office],
    ['submit', 'another provider', 'FORBIDDEN', otherProvider],
    ['submit', 'a parent', 'FORBIDDEN', parent],
    ['publish', 'anonymous', 'UNAUTHENTICATED', undefined],
    ['publish', 'the owner', 'FORBIDDEN', provider],
    ['publish', 'the office of another municipality', 'FORBIDDEN', otherOffice],
    ['publish', 'an analyst', 'FORBIDDEN', analyst],
    ['reject', 'anonymous', 'UNAUTHENTICATED', undefined],
    ['reject', 'the owner', 'FORBIDDEN', provider],
    ['reject', 'the office of another municipality', 'FORBIDDEN', otherOffice],
    ['reject', 'a parent', 'FORBIDDEN', parent],
  ] as const)('refuses %s by %s with %s and changes nothing', async (mutation, _who, code, token) => {
    const id = mutation === 'submit' ? await registered() : await submitted();
    const before = await snapshot();

    const body = await call(mutation, { id, reason: 'Unvollständig.' }, token && (await token()));

    expect(body.data).toBeNull();
    expect(body.errors?.[0].extensions?.code).toBe(code);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses steps the status does not allow with INVALID_TRANSITION', async () => {
    const draft = await registered();
    const inReview = await submitted();
    const before = await snapshot();

    const publishDraft = await call('publish', { id: draft }, await office());
    const rejectDraft = await call('reject', { id: draft, reason: 'Unvollständig.' }, await office());
    const submitTwice = await call('submit', { id: inReview }, await provider());

    expect(publishDraft.errors?.[0].extensions).toEqual({ code: 'INVALID_TRANSITION', from: 'DRAFT', to: 'PUBLISHED' });
    expect(rejectDraft.errors?.[0].extensions).toEqual({ code: 'INVALID_TRANSITION', from: 'DRAFT', to: 'REJECTED' });
    expect(submitTwice.errors?.[0].extensions).toEqual({ code: 'INVALID_TRANSITION', from: 'SUBMITTED', to: 'SUBMITTED' });
    expect(await snapshot()).toEqual(before);

    const id = await published();
    const publishAgain = await call('publish', { id }, await office());
    expect(publishAgain.errors?.[0].extensions).toEqual({ code: 'INVALID_TRANSITION', from: 'PUBLISHED', to: 'PUBLISHED' });
  });

  it.each([
    ['a reason of 2 characters', 'no'],
    ['a blank reason', '     '],
    ['a reason of 1001 characters', 'x'.repeat(1001)],
  ])('refuses a rejection with %s as BAD_USER_INPUT naming reason', async (_case, reason) => {
    const id = await submitted();
    const before = await snapshot();

    const body = await call('reject', { id, reason }, await office());

    expect(body.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'reason' });
    expect(await snapshot()).toEqual(before);
  });

  it('answers unknown, foreign and malformed IDs with NOT_FOUND, WRONG_MUNICIPALITY and INVALID_ID', async () => {
    const unknown = await call('publish', { id: formatId(lueneburg, newLocalId()) }, await office());
    const foreign = await call('publish', { id: formatId(landkreis, newLocalId()) }, await office());
    const malformed = await call('submit', { id: 'kita-1' }, await provider());

    expect(unknown.errors?.[0].extensions).toEqual({ code: 'NOT_FOUND', argument: 'id' });
    expect(foreign.errors?.[0].extensions).toEqual({ code: 'WRONG_MUNICIPALITY', argument: 'id', municipality: landkreis });
    expect(malformed.errors?.[0].extensions).toEqual({ code: 'INVALID_ID', argument: 'id' });
  });
});

describe('Kindertagespflege and its Pflegeerlaubnis', () => {
  it('cannot be submitted without a valid permit', async () => {
    const id = await registered(tagespflegeInput);
    const before = await snapshot();

    const body = await call('submit', { id }, await provider());

    expect(body.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'permit' });
    expect(await snapshot()).toEqual(before);
  });

  it('gets its permit from the office; the permit number is public once the profile is', async () => {
    const id = await registered(tagespflegeInput);
    const permit = validPermit();

    const recorded = await ok('recordPermit', { facilityId: id, input: permit }, await office());

    expect(recorded.permit).toEqual(permit);
    expect(await em().findOneOrFail(FacilityEntity, { id: localId(id) })).toMatchObject({
      permitNumber: permit.number,
      permitIssuedOn: permit.issuedOn,
      permitValidUntil: permit.validUntil,
      permitMaxChildren: 5,
      status: PublicationStatus.DRAFT,
    });
    // Recording a permit on a draft is not a step of the review.
    expect(await stepsOf(id)).toHaveLength(1);

    await ok('submit', { id }, await provider());
    await ok('publish', { id }, await office());
    const { body } = await postGraphQL(subgraph.url, 'query($id: ID!) { facility(id: $id) { permit { number validUntil maxChildren } } }', { id });
    expect(body.data.facility.permit).toEqual({ number: permit.number, validUntil: permit.validUntil, maxChildren: 5 });
    // The search maps raw rows: dates must come out as the same calendar days.
    const search = await postGraphQL(
      subgraph.url,
      '{ facilities(first: 100, filter: { text: "Krümelkiste" }) { edges { node { id permit { number issuedOn validUntil maxChildren } } } } }',
    );
    expect(search.body.data.facilities.edges.find((edge: any) => edge.node.id === id).node.permit).toEqual(permit);
  });

  it.each([
    ['anonymous', 'UNAUTHENTICATED', undefined],
    ['the owner', 'FORBIDDEN', provider],
    ['the office of another municipality', 'FORBIDDEN', otherOffice],
    ['an analyst', 'FORBIDDEN', analyst],
  ])('refuses a permit recorded by %s with %s', async (_who, code, token) => {
    const id = await registered(tagespflegeInput);
    const before = await snapshot();

    const body = await call('recordPermit', { facilityId: id, input: validPermit() }, token && (await token()));

    expect(body.errors?.[0].extensions?.code).toBe(code);
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ['a blank number', () => ({ number: '' }), 'input.number'],
    ['an end before the issue', () => ({ issuedOn: shiftDays(today(), -1), validUntil: shiftDays(today(), -2) }), 'input.validUntil'],
    ['more than five years', () => ({ issuedOn: shiftDays(today(), -1), validUntil: shiftDays(shiftYears(today(), 5), 1) }), 'input.validUntil'],
    ['an issue date in the future', () => ({ issuedOn: shiftDays(today(), 1) }), 'input.issuedOn'],
    ['a permit that has lapsed', () => ({ issuedOn: shiftYears(today(), -3), validUntil: shiftDays(today(), -1) }), 'input.validUntil'],
    ['8 children for a Kindertagespflege', () => ({ maxChildren: 8 }), 'input.maxChildren'],
  ])('refuses a permit with %s as BAD_USER_INPUT naming %s', async (_case, change, argument) => {
    const id = await registered(tagespflegeInput);
    const before = await snapshot();

    const body = await call('recordPermit', { facilityId: id, input: { ...validPermit(), ...change() } }, await office());

    expect(body.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argument });
    expect(await snapshot()).toEqual(before);
  });

  it('accepts 8 or 10 children for a Großtagespflege and refuses 9', async () => {
    const id = await registered({ ...tagespflegeInput, kind: 'GROSSTAGESPFLEGE', groups: [{ ...tagespflegeInput.groups[0], capacity: 8 }] });

    const nine = await call('recordPermit', { facilityId: id, input: { ...validPermit(), maxChildren: 9 } }, await office());
    const ten = await call('recordPermit', { facilityId: id, input: { ...validPermit(), maxChildren: 10 } }, await office());

    expect(nine.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'input.maxChildren' });
    expect(ten.data.recordPermit.permit.maxChildren).toBe(10);
  });

  it('refuses a permit for a Kita and a date that does not exist, changing nothing', async () => {
    const kita = await registered();
    const tagespflege = await registered(tagespflegeInput);
    const before = await snapshot();

    const forKita = await call('recordPermit', { facilityId: kita, input: validPermit() }, await office());
    const noSuchDay = await call('recordPermit', { facilityId: tagespflege, input: { ...validPermit(), validUntil: '2027-02-30' } }, await office());

    expect(forKita.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'facilityId' });
    expect(noSuchDay.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(noSuchDay.errors?.[0].message).toContain('"input.validUntil"');
    expect(await snapshot()).toEqual(before);
  });

  it('keeps the profile within its permit: more places than the permit allows are refused', async () => {
    const id = await registered({ ...tagespflegeInput, kind: 'GROSSTAGESPFLEGE', groups: [{ ...tagespflegeInput.groups[0], capacity: 8 }] });
    await ok('recordPermit', { facilityId: id, input: { ...validPermit(), maxChildren: 8 } }, await office());
    const before = await snapshot();

    const body = await call(
      'update',
      { id, input: { ...tagespflegeInput, kind: 'GROSSTAGESPFLEGE', groups: [{ ...tagespflegeInput.groups[0], capacity: 10 }] } },
      await provider(),
    );

    expect(body.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'input.groups' });
    expect(await snapshot()).toEqual(before);
  });

  it('is suspended when its permit lapses, leaves the public search, and returns with a valid permit', async () => {
    const id = await published(tagespflegeInput);
    const kita = await published();
    expect(await publicIds()).toEqual(expect.arrayContaining([id, kita]));
    const lapsedOn = shiftDays(validPermit().validUntil, 1);

    expect(await suspendLapsedPermits(em(), lueneburg, validPermit().validUntil)).toBe(0);
    const suspended = await suspendLapsedPermits(em(), lueneburg, lapsedOn);

    expect(suspended).toBeGreaterThanOrEqual(1);
    expect(await statusOf(id)).toBe(PublicationStatus.SUSPENDED);
    expect(await statusOf(kita)).toBe(PublicationStatus.PUBLISHED);
    expect((await stepsOf(id)).at(-1)).toEqual({
      fromStatus: 'PUBLISHED',
      toStatus: 'SUSPENDED',
      actorSubject: 'system',
      actorRole: 'SYSTEM',
      reason: 'permit lapsed',
    });
    expect(await publicIds()).not.toContain(id);
    expect(await suspendLapsedPermits(em(), lueneburg, lapsedOn)).toBe(0);

    const renewed = { ...validPermit(), number: 'PE-2026-099', issuedOn: today(), validUntil: shiftYears(today(), 5) };
    const back = await ok('recordPermit', { facilityId: id, input: renewed }, await office());

    expect(back.publicationStatus).toBe('PUBLISHED');
    expect(await statusOf(id)).toBe(PublicationStatus.PUBLISHED);
    expect((await stepsOf(id)).at(-1)).toEqual({
      fromStatus: 'SUSPENDED',
      toStatus: 'PUBLISHED',
      actorSubject: 'office-lueneburg',
      actorRole: 'OFFICE',
      reason: 'permit recorded',
    });
    expect(await publicIds()).toContain(id);
  });

  it('records a new permit of a published profile as PUBLISHED → PUBLISHED', async () => {
    const id = await published(tagespflegeInput);

    await ok('recordPermit', { facilityId: id, input: { ...validPermit(), number: 'PE-NEU' } }, await office());

    expect((await stepsOf(id)).at(-1)).toEqual({
      fromStatus: 'PUBLISHED',
      toStatus: 'PUBLISHED',
      actorSubject: 'office-lueneburg',
      actorRole: 'OFFICE',
      reason: 'permit recorded',
    });
  });

  it('is suspended by the instance itself when it starts', async () => {
    const own = new TestDatabases();
    const url = await own.create(lueneburg, 'facility');
    const options = { municipality: lueneburg, databaseUrl: url, port: 0, verifier: testVerifier, production: false, logger: silentLogger, poolMax: 2 };
    try {
      const first = await startSubgraphInstance(facilityModule, options);
      const lapsed = Object.assign(new FacilityEntity(), {
        kind: FacilityKind.KINDERTAGESPFLEGE,
        name: 'Tagespflege mit abgelaufener Erlaubnis',
        carrier: 'Berta Schulz',
        street: 'Am Weiher 1',
        postalCode: '21337',
        city: 'Lüneburg',
        district: 'Kaltenmoor',
        latitude: 53.24,
        longitude: 10.43,
        ageFromMonths: 0,
        ageToMonths: 36,
        capacity: 5,
        status: PublicationStatus.PUBLISHED,
        permitNumber: 'PE-2019-1',
        permitIssuedOn: '2019-01-01',
        permitValidUntil: '2024-01-01',
        permitMaxChildren: 5,
      });
      await first.database.orm.em.fork().insert(FacilityEntity, lapsed);
      await first.close();

      const second = await startSubgraphInstance(facilityModule, options);
      try {
        let status: PublicationStatus | undefined;
        for (let attempt = 0; attempt < 50 && status !== PublicationStatus.SUSPENDED; attempt++) {
          if (attempt) await new Promise((resolve) => setTimeout(resolve, 100));
          status = (await second.database.orm.em.fork().findOneOrFail(FacilityEntity, { id: lapsed.id })).status;
        }
        expect(status).toBe(PublicationStatus.SUSPENDED);
      } finally {
        await second.close();
      }
    } finally {
      await own.drop();
    }
  });
});

describe('Facility.history', () => {
  const query = `query($id: ID!) { facility(id: $id) { name ${historyFields} } }`;

  it('shows every step to the office, with who acted', async () => {
    const id = await published();

    const { body } = await postGraphQL(subgraph.url, query, { id }, await office());

    expect(body.errors).toBeUndefined();
    expect(body.data.facility.history.map(({ at: _at, ...step }: any) => step)).toEqual([
      { fromStatus: null, toStatus: 'DRAFT', actorRole: 'PROVIDER', actorSubject: 'provider-anna', reason: null },
      { fromStatus: 'DRAFT', toStatus: 'SUBMITTED', actorRole: 'PROVIDER', actorSubject: 'provider-anna', reason: null },
      { fromStatus: 'SUBMITTED', toStatus: 'PUBLISHED', actorRole: 'OFFICE', actorSubject: 'office-lueneburg', reason: null },
    ]);
    expect(new Date(body.data.facility.history[0].at).getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('shows the steps to the owner, without the subjects of office staff', async () => {
    const id = await published();

    const { body } = await postGraphQL(subgraph.url, query, { id }, await provider());

    expect(body.errors).toBeUndefined();
    expect(body.data.facility.history.map((step: any) => [step.toStatus, step.actorRole, step.actorSubject])).toEqual([
      ['DRAFT', 'PROVIDER', null],
      ['SUBMITTED', 'PROVIDER', null],
      ['PUBLISHED', 'OFFICE', null],
    ]);
  });

  it.each([
    ['anonymous', 'UNAUTHENTICATED', undefined],
    ['another provider', 'FORBIDDEN', otherProvider],
    ['a parent', 'FORBIDDEN', parent],
    ['an analyst', 'FORBIDDEN', analyst],
    ['the office of another municipality', 'FORBIDDEN', otherOffice],
  ])('is null for %s, with %s, while the rest of the profile shows', async (_who, code, token) => {
    const id = await published();

    const { body } = await postGraphQL(subgraph.url, query, { id }, token && (await token()));

    expect(body.data.facility.name).toBe('Kita Regenbogen');
    expect(body.data.facility.history).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]).toMatchObject({ path: ['facility', 'history'], extensions: { code } });
  });
});

describe('visibleTo', () => {
  const row = (status: PublicationStatus) => Object.assign(new FacilityEntity(), { id: newLocalId(), status });
  const members = [{ subject: 'provider-anna' }];
  const viewer = (role: 'anonymous' | 'provider' | 'office', subject?: string, municipalities: string[] = []) => ({ role, subject, municipalities });

  it('shows a published profile to everyone and a draft to its members and the office only', () => {
    expect(visibleTo(viewer('anonymous'), lueneburg, row(PublicationStatus.PUBLISHED), [])).not.toBeNull();
    expect(visibleTo(viewer('anonymous'), lueneburg, row(PublicationStatus.DRAFT), members)).toBeNull();
    expect(visibleTo(viewer('provider', 'provider-anna'), lueneburg, row(PublicationStatus.REJECTED), members)).not.toBeNull();
    expect(visibleTo(viewer('provider', 'provider-bernd'), lueneburg, row(PublicationStatus.SUBMITTED), members)).toBeNull();
    expect(visibleTo(viewer('office', 'o', [lueneburg]), lueneburg, row(PublicationStatus.SUSPENDED), [])).not.toBeNull();
    expect(visibleTo(viewer('office', 'o', [landkreis]), lueneburg, row(PublicationStatus.DRAFT), [])).toBeNull();
    expect(visibleTo(viewer('office', 'o', [lueneburg]), lueneburg, null, [])).toBeNull();
  });
});
