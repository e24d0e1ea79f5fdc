import {
  FacilityEntity,
  FacilityGroupEntity,
  FacilityMemberEntity,
  FacilityMemberRole,
  FacilityTransitionEntity,
  facilityModule,
  PublicationStatus,
} from '@kita/facility';
import { formatId, newLocalId, type SubgraphServer } from '@kita/shared';
import { postGraphQL, startTestSubgraph, TestDatabases, tokenFor } from '@kita/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const lueneburg = '03355022';
const landkreis = '03355';
const databases = new TestDatabases();
let subgraph: SubgraphServer;

const provider = () => tokenFor({ role: 'provider', subject: 'provider-anna' });
const otherProvider = () => tokenFor({ role: 'provider', subject: 'provider-bernd' });
const office = () => tokenFor({ role: 'office', subject: 'office-lueneburg', municipalities: [lueneburg] });
const otherOffice = () => tokenFor({ role: 'office', subject: 'office-landkreis', municipalities: [landkreis] });

const kitaInput = {
  kind: 'KINDERTAGESSTAETTE',
  name: 'Kita Sonnenblume',
  carrier: 'AWO Lüneburg',
  carrierType: 'WELFARE',
  address: { street: 'Stresemannstraße 10', postalCode: '21337', city: 'Lüneburg', district: 'Kaltenmoor' },
  location: { latitude: 53.2384, longitude: 10.4328 },
  contact: { phone: '04131 123456', email: 'sonnenblume@example.org', website: 'https://sonnenblume.example.org' },
  description: 'Eine Kita mit Garten.',
  concepts: ['Montessori', 'Waldkindergarten'],
  languages: ['de', 'tr'],
  meals: ['OWN_KITCHEN', 'ORGANIC'],
  accessibility: ['STEP_FREE_ENTRANCE'],
  openingHours: [
    { weekday: 1, opens: '07:00', closes: '16:30' },
    { weekday: 5, opens: '07:00', closes: '14:00' },
  ],
  groups: [
    { name: 'Krippe Spatzen', ageRange: { fromMonths: 12, toMonths: 36 }, hoursBand: 'FULL_DAY', capacity: 15 },
    { name: 'Kindergarten Füchse', ageRange: { fromMonths: 36, toMonths: 72 }, hoursBand: 'THREE_QUARTER', capacity: 25 },
  ],
};

const tagespflegeInput = {
  ...kitaInput,
  kind: 'KINDERTAGESPFLEGE',
  name: 'Kindertagespflege Anna Meyer',
  carrier: 'Anna Meyer',
  carrierType: 'PERSON',
  concepts: [],
  groups: [{ name: 'Tagespflege', ageRange: { fromMonths: 0, toMonths: 36 }, hoursBand: 'FULL_DAY', capacity: 5 }],
};

const profileFields = `id municipality kind name carrier carrierType publicationStatus
  address { street postalCode city district } location { latitude longitude }
  contact { phone email website } description concepts languages meals accessibility boundToResidence
  ageRange { fromMonths toMonths } capacity openingHours { weekday opens closes }
  groups { name ageRange { fromMonths toMonths } hoursBand capacity }
  permit { number issuedOn validUntil maxChildren }`;

const register = `mutation Register($municipality: String!, $input: FacilityProfileInput!) {
  registerFacility(municipality: $municipality, input: $input) { ${profileFields} }
}`;
const update = `mutation Update($id: ID!, $input: FacilityProfileInput!) {
  updateFacilityProfile(id: $id, input: $input) { ${profileFields} history { fromStatus toStatus actorRole reason } }
}`;

const em = () => subgraph.database.orm.em.fork();
const localId = (id: string) => id.slice(id.indexOf(':') + 1);

/** Everything a refused request must leave alone: row counts and the full state of each table. */
async function snapshot() {
  const fork = em();
  const [facilities, groups, transitions] = await Promise.all([
    fork.find(FacilityEntity, {}, { orderBy: { id: 'asc' } }),
    fork.find(FacilityGroupEntity, {}, { orderBy: { id: 'asc' } }),
    fork.find(FacilityTransitionEntity, {}, { orderBy: { id: 'asc' } }),
  ]);
  const plain = (rows: object[]) => JSON.parse(JSON.stringify(rows));
  return { facilities: plain(facilities), groups: plain(groups), transitions: plain(transitions) };
}

async function registered(input: object = kitaInput, token?: string): Promise<string> {
  const { body } = await postGraphQL(subgraph.url, register, { municipality: lueneburg, input }, token ?? (await provider()));
  expect(body.errors).toBeUndefined();
  return body.data.registerFacility.id;
}

beforeAll(async () => {
  subgraph = await startTestSubgraph(databases, facilityModule, lueneburg);
});

afterAll(async () => {
  await subgraph?.close();
  await databases.drop();
});

describe('registerFacility', () => {
  it('creates a DRAFT owned by the provider, with its groups, their summary and the first recorded step', async () => {
    const { body } = await postGraphQL(subgraph.url, register, { municipality: lueneburg, input: kitaInput }, await provider());

    expect(body.errors).toBeUndefined();
    const facility = body.data.registerFacility;
    expect(facility).toMatchObject({
      municipality: lueneburg,
      kind: 'KINDERTAGESSTAETTE',
      name: 'Kita Sonnenblume',
      carrierType: 'WELFARE',
      publicationStatus: 'DRAFT',
      contact: kitaInput.contact,
      concepts: ['Montessori', 'Waldkindergarten'],
      languages: ['de', 'tr'],
      meals: ['ORGANIC', 'OWN_KITCHEN'],
      accessibility: ['STEP_FREE_ENTRANCE'],
      boundToResidence: true,
      ageRange: { fromMonths: 12, toMonths: 72 },
      capacity: 40,
      permit: null,
      groups: [
        { name: 'Krippe Spatzen', ageRange: { fromMonths: 12, toMonths: 36 }, hoursBand: 'FULL_DAY', capacity: 15 },
        { name: 'Kindergarten Füchse', ageRange: { fromMonths: 36, toMonths: 72 }, hoursBand: 'THREE_QUARTER', capacity: 25 },
      ],
    });
    expect(facility.id).toMatch(/^03355022:[0-9a-f-]{36}$/);

    const fork = em();
    const row = await fork.findOneOrFail(FacilityEntity, { id: localId(facility.id) });
    expect(row).toMatchObject({
      status: PublicationStatus.DRAFT,
      boundToResidence: true,
      ageFromMonths: 12,
      ageToMonths: 72,
      capacity: 40,
      concepts: ['Montessori', 'Waldkindergarten'],
      meals: ['ORGANIC', 'OWN_KITCHEN'],
    });
    expect(await fork.count(FacilityGroupEntity, { facilityId: row.id })).toBe(2);
    expect(await fork.find(FacilityMemberEntity, { facilityId: row.id })).toEqual([
      expect.objectContaining({ subject: 'provider-anna', role: FacilityMemberRole.OWNER, addedBy: 'provider-anna' }),
    ]);
    const transitions = await fork.find(FacilityTransitionEntity, { facilityId: row.id });
    expect(transitions).toHaveLength(1);
    expect(transitions[0]).toMatchObject({ fromStatus: null, toStatus: 'DRAFT', actorSubject: 'provider-anna', actorRole: 'PROVIDER', reason: null });
  });

  it('does not bind a Kindertagespflege to residence', async () => {
    const { body } = await postGraphQL(subgraph.url, register, { municipality: lueneburg, input: tagespflegeInput }, await provider());

    expect(body.data.registerFacility).toMatchObject({ kind: 'KINDERTAGESPFLEGE', boundToResidence: false, capacity: 5, permit: null });
  });

  it.each([
    ['anonymous', 'UNAUTHENTICATED', undefined],
    ['a parent', 'FORBIDDEN', () => tokenFor({ role: 'parent', subject: 'parent-a' })],
    ['an analyst', 'FORBIDDEN', () => tokenFor({ role: 'analyst', subject: 'analyst-a', municipalities: [lueneburg] })],
    ['the office', 'FORBIDDEN', office],
  ])('refuses %s with %s and writes nothing', async (_who, code, token) => {
    const before = await snapshot();

    const { body } = await postGraphQL(subgraph.url, register, { municipality: lueneburg, input: kitaInput }, token && (await token()));

    expect(body.data).toBeNull();
    expect(body.errors?.[0].extensions?.code).toBe(code);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses another municipality with WRONG_MUNICIPALITY and a malformed key with BAD_USER_INPUT', async () => {
    const before = await snapshot();

    const wrong = await postGraphQL(subgraph.url, register, { municipality: landkreis, input: kitaInput }, await provider());
    const malformed = await postGraphQL(subgraph.url, register, { municipality: '0335', input: kitaInput }, await provider());

    expect(wrong.body.errors?.[0].extensions).toEqual({ code: 'WRONG_MUNICIPALITY', argument: 'municipality', municipality: landkreis });
    expect(malformed.body.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'municipality' });
    expect(await snapshot()).toEqual(before);
  });

  const group = kitaInput.groups[0];
  it.each([
    ['a blank name', { name: ' ' }, 'input.name'],
    ['a name of 201 characters', { name: 'K'.repeat(201) }, 'input.name'],
    ['a postal code of four digits', { address: { ...kitaInput.address, postalCode: '2133' } }, 'input.address.postalCode'],
    ['a latitude beyond 90', { location: { latitude: 95, longitude: 10.4 } }, 'input.location'],
    ['a longitude beyond 180', { location: { latitude: 53.2, longitude: -190 } }, 'input.location'],
    ['swapped coordinates', { location: { latitude: 10.4328, longitude: 53.2384 } }, 'input.location'],
    ['a point outside Germany', { location: { latitude: 48.8566, longitude: 2.3522 } }, 'input.location'],
    ['an invalid e-mail address', { contact: { email: 'kita at example.org' } }, 'input.contact.email'],
    ['a website that is not http(s)', { contact: { website: 'javascript:alert(1)' } }, 'input.contact.website'],
    ['a description of 2001 characters', { description: 'x'.repeat(2001) }, 'input.description'],
    ['21 concept tags', { concepts: Array.from({ length: 21 }, (_, i) => `Konzept ${i}`) }, 'input.concepts'],
    ['an unknown language code', { languages: ['de', 'zz'] }, 'input.languages[1]'],
    ['weekday 8', { openingHours: [{ weekday: 8, opens: '07:00', closes: '16:00' }] }, 'input.openingHours[0].weekday'],
    [
      'a weekday twice',
      {
        openingHours: [
          { weekday: 1, opens: '07:00', closes: '12:00' },
          { weekday: 1, opens: '13:00', closes: '16:00' },
        ],
      },
      'input.openingHours[1].weekday',
    ],
    ['closing before opening', { openingHours: [{ weekday: 1, opens: '16:00', closes: '08:00' }] }, 'input.openingHours[0].closes'],
    ['a time that is not HH:MM', { openingHours: [{ weekday: 1, opens: '7 Uhr', closes: '16:00' }] }, 'input.openingHours[0].opens'],
    ['no groups', { groups: [] }, 'input.groups'],
    ['a negative age', { groups: [{ ...group, ageRange: { fromMonths: -1, toMonths: 36 } }] }, 'input.groups[0].ageRange.fromMonths'],
    ['a reversed age band', { groups: [{ ...group, ageRange: { fromMonths: 36, toMonths: 12 } }] }, 'input.groups[0].ageRange.toMonths'],
    ['an age band beyond 216 months', { groups: [{ ...group, ageRange: { fromMonths: 72, toMonths: 217 } }] }, 'input.groups[0].ageRange.toMonths'],
    ['a group without places', { groups: [group, { ...group, capacity: 0 }] }, 'input.groups[1].capacity'],
    ['a Kindertagespflege for 6 children', { ...tagespflegeInput, groups: [{ ...group, capacity: 6 }] }, 'input.groups'],
    ['a Großtagespflege for 11 children', { ...tagespflegeInput, kind: 'GROSSTAGESPFLEGE', groups: [{ ...group, capacity: 11 }] }, 'input.groups'],
  ])('refuses %s as BAD_USER_INPUT naming %s and writes nothing', async (_case, change, argument) => {
    const before = await snapshot();

    const { body } = await postGraphQL(subgraph.url, register, { municipality: lueneburg, input: { ...kitaInput, ...change } }, await provider());

    expect(body.data).toBeNull();
    expect(body.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argument });
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ['an unknown hours band', { groups: [{ ...group, hoursBand: 'NIGHT' }] }, 'input.groups[0].hoursBand'],
    ['a fractional capacity', { groups: [{ ...group, capacity: 2.5 }] }, 'input.groups[0].capacity'],
    ['an unknown meal', { meals: ['PIZZA'] }, 'input.meals[0]'],
    ['an unknown kind', { kind: 'KITA' }, 'input.kind'],
    ['a missing address', { address: null }, 'input.address'],
  ])('refuses %s before the resolver runs, as BAD_USER_INPUT whose message names %s', async (_case, change, path) => {
    const before = await snapshot();

    const { body } = await postGraphQL(subgraph.url, register, { municipality: lueneburg, input: { ...kitaInput, ...change } }, await provider());

    expect(body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0].message).toContain(`"${path}"`);
    expect(JSON.stringify(body)).not.toMatch(/stacktrace|at .*\.ts:/);
    expect(await snapshot()).toEqual(before);
  });
});

describe('updateFacilityProfile', () => {
  const changed = {
    ...kitaInput,
    name: 'Kita Sonnenblume am Park',
    groups: [
      { name: 'Krippe', ageRange: { fromMonths: 0, toMonths: 36 }, hoursBand: 'FULL_DAY', capacity: 10 },
      { name: 'Kindergarten', ageRange: { fromMonths: 36, toMonths: 72 }, hoursBand: 'FULL_DAY', capacity: 20 },
      { name: 'Hort', ageRange: { fromMonths: 72, toMonths: 144 }, hoursBand: 'HALF_DAY', capacity: 20 },
    ],
    concepts: ['bilingual'],
    boundToResidence: false,
  };

  it('lets the owner replace a draft, groups included, without a recorded step', async () => {
    const id = await registered();

    const { body } = await postGraphQL(subgraph.url, update, { id, input: changed }, await provider());

    expect(body.errors).toBeUndefined();
    expect(body.data.updateFacilityProfile).toMatchObject({
      name: 'Kita Sonnenblume am Park',
      publicationStatus: 'DRAFT',
      concepts: ['bilingual'],
      boundToResidence: false,
      ageRange: { fromMonths: 0, toMonths: 144 },
      capacity: 50,
    });
    expect(body.data.updateFacilityProfile.groups.map((g: any) => g.name)).toEqual(['Krippe', 'Kindergarten', 'Hort']);
    const fork = em();
    const groups = await fork.find(FacilityGroupEntity, { facilityId: localId(id) });
    expect(groups.map((g) => g.name).sort()).toEqual(['Hort', 'Kindergarten', 'Krippe']);
    expect(await fork.findOneOrFail(FacilityEntity, { id: localId(id) })).toMatchObject({
      capacity: 50,
      ageFromMonths: 0,
      ageToMonths: 144,
      name: 'Kita Sonnenblume am Park',
    });
    expect(await fork.count(FacilityTransitionEntity, { facilityId: localId(id) })).toBe(1);
  });

  it('lets the office of the municipality and a member the owner added edit it too', async () => {
    const id = await registered();
    const addMember = 'mutation($id: ID!, $subject: String!) { addFacilityMember(facilityId: $id, subject: $subject) { id } }';
    expect((await postGraphQL(subgraph.url, addMember, { id, subject: 'kita-leader' }, await provider())).body.errors).toBeUndefined();
    const leader = await tokenFor({ role: 'provider', subject: 'kita-leader' });

    const byOffice = await postGraphQL(subgraph.url, update, { id, input: { ...kitaInput, name: 'Vom Amt korrigiert' } }, await office());
    const byLeader = await postGraphQL(subgraph.url, update, { id, input: { ...kitaInput, name: 'Von der Leitung' } }, leader);

    expect(byOffice.body.data.updateFacilityProfile.name).toBe('Vom Amt korrigiert');
    expect(byLeader.body.data.updateFacilityProfile.name).toBe('Von der Leitung');
  });

  it("applies the office's edit of a published profile at once, keeps it published and records PUBLISHED → PUBLISHED", async () => {
    const id = await registered();
    await em().nativeUpdate(FacilityEntity, { id: localId(id) }, { status: PublicationStatus.PUBLISHED });

    const { body } = await postGraphQL(subgraph.url, update, { id, input: changed }, await office());

    expect(body.errors).toBeUndefined();
    expect(body.data.updateFacilityProfile.publicationStatus).toBe('PUBLISHED');
    expect(body.data.updateFacilityProfile.name).toBe(changed.name);
    expect(body.data.updateFacilityProfile.history.at(-1)).toEqual({
      fromStatus: 'PUBLISHED',
      toStatus: 'PUBLISHED',
      actorRole: 'OFFICE',
      reason: 'profile updated',
    });
    const last = (await em().find(FacilityTransitionEntity, { facilityId: localId(id) }, { orderBy: { at: 'asc', id: 'asc' } })).at(-1);
    expect(last).toMatchObject({ fromStatus: 'PUBLISHED', toStatus: 'PUBLISHED', actorSubject: 'office-lueneburg', reason: 'profile updated' });
  });

  it.each([
    ['anonymous', 'UNAUTHENTICATED', undefined],
    ['another provider', 'FORBIDDEN', otherProvider],
    ['a parent', 'FORBIDDEN', () => tokenFor({ role: 'parent', subject: 'parent-a' })],
    ['an analyst', 'FORBIDDEN', () => tokenFor({ role: 'analyst', subject: 'analyst-a', municipalities: [lueneburg] })],
    ['the office of another municipality', 'FORBIDDEN', otherOffice],
  ])('refuses %s with %s and changes nothing', async (_who, code, token) => {
    const id = await registered();
    const before = await snapshot();

    const { body } = await postGraphQL(subgraph.url, update, { id, input: changed }, token && (await token()));

    expect(body.data).toBeNull();
    expect(body.errors?.[0].extensions?.code).toBe(code);
    expect(await snapshot()).toEqual(before);
  });

  it('answers an unknown facility with NOT_FOUND for the office and FORBIDDEN for a provider', async () => {
    const id = formatId(lueneburg, newLocalId());

    const forOffice = await postGraphQL(subgraph.url, update, { id, input: changed }, await office());
    const forProvider = await postGraphQL(subgraph.url, update, { id, input: changed }, await provider());

    expect(forOffice.body.errors?.[0].extensions).toEqual({ code: 'NOT_FOUND', argument: 'id' });
    expect(forProvider.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses IDs of another municipality and malformed IDs', async () => {
    const wrong = await postGraphQL(subgraph.url, update, { id: formatId(landkreis, newLocalId()), input: changed }, await office());
    const malformed = await postGraphQL(subgraph.url, update, { id: `${lueneburg}:42`, input: changed }, await office());

    expect(wrong.body.errors?.[0].extensions).toEqual({ code: 'WRONG_MUNICIPALITY', argument: 'id', municipality: landkreis });
    expect(malformed.body.errors?.[0].extensions).toEqual({ code: 'INVALID_ID', argument: 'id' });
  });

  it('refuses bad input and a change of kind of a published profile, changing nothing', async () => {
    const id = await registered();
    await em().nativeUpdate(FacilityEntity, { id: localId(id) }, { status: PublicationStatus.PUBLISHED });
    const before = await snapshot();

    const badGroup = await postGraphQL(
      subgraph.url,
      update,
      { id, input: { ...changed, groups: [{ ...changed.groups[0], ageRange: { fromMonths: 40, toMonths: 20 } }] } },
      await provider(),
    );
    const otherKind = await postGraphQL(subgraph.url, update, { id, input: tagespflegeInput }, await provider());

    expect(badGroup.body.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'input.groups[0].ageRange.toMonths' });
    expect(otherKind.body.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'input.kind' });
    expect(await snapshot()).toEqual(before);
  });

  it('lets a draft change its kind, with the residence rule of the new kind', async () => {
    const id = await registered();

    const { body } = await postGraphQL(subgraph.url, update, { id, input: tagespflegeInput }, await provider());

    expect(body.data.updateFacilityProfile).toMatchObject({ kind: 'KINDERTAGESPFLEGE', boundToResidence: false, capacity: 5 });
  });
});

describe('reading profiles', () => {
  it('shows groups and profile fields in the public search, with one statement for the groups of a whole page', async () => {
    const ids = await Promise.all(Array.from({ length: 5 }, (_, i) => registered({ ...kitaInput, name: `Kita Seite ${i}` })));
    await em().nativeUpdate(FacilityEntity, { id: { $in: ids.map(localId) } }, { status: PublicationStatus.PUBLISHED });
    const query = `{ facilities(first: 100, filter: { text: "Kita Seite" }) { edges { node { id name carrierType contact { email } languages groups { name hoursBand } } } } }`;

    const statements = subgraph.database.statements;
    const before = statements.count;
    const { body } = await postGraphQL(subgraph.url, query);
    const used = statements.count - before;

    expect(body.errors).toBeUndefined();
    const nodes = body.data.facilities.edges.map((edge: any) => edge.node);
    expect(nodes.map((node: any) => node.name)).toEqual(['Kita Seite 0', 'Kita Seite 1', 'Kita Seite 2', 'Kita Seite 3', 'Kita Seite 4']);
    for (const node of nodes) {
      expect(node).toMatchObject({ carrierType: 'WELFARE', contact: { email: 'sonnenblume@example.org' }, languages: ['de', 'tr'] });
      expect(node.groups).toEqual([
        { name: 'Krippe Spatzen', hoursBand: 'FULL_DAY' },
        { name: 'Kindergarten Füchse', hoursBand: 'THREE_QUARTER' },
      ]);
    }
    // The search's own statements plus one for all groups, however many facilities the page holds.
    const searchAlone = statements.count;
    await postGraphQL(subgraph.url, query.replace(/ groups \{ name hoursBand \}/, ''));
    expect(used - (statements.count - searchAlone)).toBe(1);
  });
});
