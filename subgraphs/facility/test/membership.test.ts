import { FacilityEntity, FacilityKind, FacilityMemberEntity, FacilityMemberRole, facilityModule, PublicationStatus } from '@kita/facility';
import { formatId, migrate, newLocalId, OutboxEventEntity, openDatabase, type SubgraphServer } from '@kita/shared';
import { postGraphQL, startTestSubgraph, TestDatabases, tokenFor } from '@kita/shared/testing';
import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const lueneburg = '03355022';
const landkreis = '03355';
const databases = new TestDatabases();
let subgraph: SubgraphServer;

// Anna registers Kitas for her carrier; Bernd is her colleague, Carla works for another carrier.
const anna = () => tokenFor({ role: 'provider', subject: 'provider-anna' });
const bernd = () => tokenFor({ role: 'provider', subject: 'provider-bernd' });
const carla = () => tokenFor({ role: 'provider', subject: 'provider-carla' });
const office = () => tokenFor({ role: 'office', subject: 'office-lueneburg', municipalities: [lueneburg] });
const otherOffice = () => tokenFor({ role: 'office', subject: 'office-landkreis', municipalities: [landkreis] });

const kitaInput = {
  kind: 'KINDERTAGESSTAETTE',
  name: 'Kita Regenbogen',
  carrier: 'Ev.-luth. Kirchengemeinde St. Johannis',
  carrierType: 'CHURCH',
  address: { street: 'Bei der St. Johanniskirche 2', postalCode: '21335', city: 'Lüneburg', district: 'Altstadt' },
  location: { latitude: 53.2465, longitude: 10.4115 },
  groups: [{ name: 'Kindergarten', ageRange: { fromMonths: 36, toMonths: 72 }, hoursBand: 'FULL_DAY', capacity: 25 }],
};

const membersFields = 'members { subject role addedBy }';
const operations = {
  register: `mutation($m: String!, $input: FacilityProfileInput!) { registerFacility(municipality: $m, input: $input) { id ${membersFields} } }`,
  add: `mutation($id: ID!, $subject: String!, $role: FacilityMemberRole) { addFacilityMember(facilityId: $id, subject: $subject, role: $role) { id ${membersFields} } }`,
  remove: `mutation($id: ID!, $subject: String!) { removeFacilityMember(facilityId: $id, subject: $subject) { id ${membersFields} } }`,
  /** A member removing itself can no longer see who is left. */
  leave: `mutation($id: ID!, $subject: String!) { removeFacilityMember(facilityId: $id, subject: $subject) { id } }`,
  setRole: `mutation($id: ID!, $subject: String!, $role: FacilityMemberRole!) { setFacilityMemberRole(facilityId: $id, subject: $subject, role: $role) { id ${membersFields} } }`,
  update: `mutation($id: ID!, $input: FacilityProfileInput!) { updateFacilityProfile(id: $id, input: $input) { id name } }`,
  facility: `query($id: ID!) { facility(id: $id) { id name publicationStatus ${membersFields} } }`,
  mine: '{ myFacilities { id name publicationStatus } }',
};

const call = (operation: keyof typeof operations, variables: Record<string, unknown>, token?: string) =>
  postGraphQL(subgraph.url, operations[operation], variables, token).then(({ body }) => body);

async function ok(operation: keyof typeof operations, variables: Record<string, unknown>, token?: string): Promise<any> {
  const body = await call(operation, variables, token);
  expect(body.errors).toBeUndefined();
  return Object.values(body.data as object)[0];
}

const codeOf = async (operation: keyof typeof operations, variables: Record<string, unknown>, token?: string) =>
  (await call(operation, variables, token)).errors?.[0].extensions?.code;

const localId = (id: string) => id.slice(id.indexOf(':') + 1);

/** A facility Anna (or `by`) registers: she is its owner. */
const registered = async (name = 'Kita Regenbogen', by = anna): Promise<string> =>
  (await ok('register', { m: lueneburg, input: { ...kitaInput, name } }, await by())).id;

const membersIn = async (id: string) =>
  (await subgraph.database.orm.em.fork().find(FacilityMemberEntity, { facilityId: localId(id) }, { orderBy: { subject: 'asc' } })).map(({ subject, role }) => ({
    subject,
    role,
  }));

const membersEvents = (id: string) =>
  subgraph.database.orm.em.fork().find(OutboxEventEntity, { type: 'FacilityMembersChanged', aggregateId: localId(id) }, { orderBy: { seq: 'asc' } });

const outboxSize = () => subgraph.database.orm.em.fork().count(OutboxEventEntity, {});

beforeAll(async () => {
  subgraph = await startTestSubgraph(databases, facilityModule, lueneburg);
});

afterAll(async () => {
  await subgraph?.close();
  await databases.drop();
});

describe('a provider who registers a facility', () => {
  it('becomes its owner, and the facility publishes its members with the registration', async () => {
    const facility = await ok('register', { m: lueneburg, input: kitaInput }, await anna());

    expect(facility.members).toEqual([{ subject: 'provider-anna', role: 'OWNER', addedBy: null }]);
    const events = await membersEvents(facility.id);
    expect(events.map(({ payload }) => payload)).toEqual([{ facilityId: localId(facility.id), members: [{ subject: 'provider-anna', role: 'OWNER' }] }]);
  });

  it('finds its facilities, drafts included, with myFacilities; other providers and roles find none of them', async () => {
    const own = [await registered('Kita Apfelbaum'), await registered('Kita Birnbaum')];

    const mine = await ok('mine', {}, await anna());
    expect(mine.map((facility: any) => facility.id)).toEqual(expect.arrayContaining(own));
    expect(mine.every((facility: any) => facility.publicationStatus === 'DRAFT')).toBe(true);
    expect(await ok('mine', {}, await carla())).toEqual([]);
    expect(await ok('mine', {}, await office())).toEqual([]);
    expect(await codeOf('mine', {})).toBe('UNAUTHENTICATED');
  });
});

describe('the owner shares a facility with a colleague', () => {
  it('who then edits its draft, and no longer once removed', async () => {
    const id = await registered();
    const edit = async (token: string) => call('update', { id, input: { ...kitaInput, name: 'Kita Regenbogen am Kalkberg' } }, token);
    expect((await edit(await bernd())).errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const added = await ok('add', { id, subject: 'provider-bernd' }, await anna());
    expect(added.members).toEqual([
      { subject: 'provider-anna', role: 'OWNER', addedBy: null },
      { subject: 'provider-bernd', role: 'MEMBER', addedBy: null },
    ]);
    expect((await edit(await bernd())).errors).toBeUndefined();
    expect((await ok('facility', { id }, await bernd())).publicationStatus).toBe('DRAFT');

    await ok('remove', { id, subject: 'provider-bernd' }, await anna());
    expect((await edit(await bernd())).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await ok('facility', { id }, await bernd())).toBeNull();
    expect(await membersIn(id)).toEqual([{ subject: 'provider-anna', role: 'OWNER' }]);
  });

  it('records each change with every member after it, in the transaction of the change', async () => {
    const id = await registered();
    subgraph.database.statements.reset();

    await ok('add', { id, subject: 'provider-bernd' }, await anna());

    const statements = subgraph.database.statements.recent;
    const begin = statements.findIndex((sql) => /^begin/i.test(sql));
    const commit = statements.findIndex((sql) => /^commit/i.test(sql));
    const inside = statements.slice(begin + 1, commit);
    expect(inside.some((sql) => /^insert into "facility_member"/i.test(sql))).toBe(true);
    expect(inside.some((sql) => /^insert into "outbox_event"/i.test(sql))).toBe(true);
    await ok('setRole', { id, subject: 'provider-bernd', role: 'OWNER' }, await anna());
    await ok('leave', { id, subject: 'provider-anna' }, await bernd());
    expect((await membersEvents(id)).map(({ payload }) => payload.members)).toEqual([
      [{ subject: 'provider-anna', role: 'OWNER' }],
      [
        { subject: 'provider-anna', role: 'OWNER' },
        { subject: 'provider-bernd', role: 'MEMBER' },
      ],
      [
        { subject: 'provider-anna', role: 'OWNER' },
        { subject: 'provider-bernd', role: 'OWNER' },
      ],
      [{ subject: 'provider-bernd', role: 'OWNER' }],
    ]);
  });

  it('changes nothing and records nothing when a member is added again with the same role', async () => {
    const id = await registered();
    await ok('add', { id, subject: 'provider-bernd' }, await anna());
    const before = await outboxSize();

    await ok('add', { id, subject: 'provider-bernd', role: 'MEMBER' }, await anna());

    expect(await outboxSize()).toBe(before);
    expect((await call('add', { id, subject: 'provider-bernd', role: 'OWNER' }, await anna())).errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'role',
    });
  });
});

describe('who may change the members', () => {
  it.each([
    ['anonymous', 'UNAUTHENTICATED', async () => undefined],
    ['a provider who is no member', 'FORBIDDEN', carla],
    ['a member who is no owner', 'FORBIDDEN', bernd],
    ['a parent', 'FORBIDDEN', () => tokenFor({ role: 'parent', subject: 'parent-a' })],
    ['an analyst of the municipality', 'FORBIDDEN', () => tokenFor({ role: 'analyst', subject: 'analyst-a', municipalities: [lueneburg] })],
    ['the office of another municipality', 'FORBIDDEN', otherOffice],
  ])('refuses %s with %s, changing nothing', async (_who, code, token) => {
    const id = await registered();
    await ok('add', { id, subject: 'provider-bernd' }, await anna());
    const [members, events] = [await membersIn(id), await outboxSize()];

    for (const [operation, variables] of [
      ['add', { id, subject: 'provider-carla' }],
      ['remove', { id, subject: 'provider-anna' }],
      ['setRole', { id, subject: 'provider-bernd', role: 'OWNER' }],
    ] as const) {
      expect(await codeOf(operation, variables, await token()), operation).toBe(code);
    }

    expect(await membersIn(id)).toEqual(members);
    expect(await outboxSize()).toBe(events);
  });

  it('lets the office of the municipality add, promote and remove members', async () => {
    const id = await registered();

    await ok('add', { id, subject: 'provider-bernd' }, await office());
    await ok('setRole', { id, subject: 'provider-bernd', role: 'OWNER' }, await office());
    const { members } = await ok('remove', { id, subject: 'provider-anna' }, await office());

    expect(members).toEqual([{ subject: 'provider-bernd', role: 'OWNER', addedBy: 'office-lueneburg' }]);
  });

  it('answers an unknown facility with NOT_FOUND for the office and FORBIDDEN for a provider, and refuses IDs of another municipality', async () => {
    const unknown = formatId(lueneburg, newLocalId());
    expect(await codeOf('add', { id: unknown, subject: 'provider-bernd' }, await office())).toBe('NOT_FOUND');
    expect(await codeOf('add', { id: unknown, subject: 'provider-bernd' }, await anna())).toBe('FORBIDDEN');
    expect(await codeOf('add', { id: formatId(landkreis, newLocalId()), subject: 'provider-bernd' }, await office())).toBe('WRONG_MUNICIPALITY');
  });
});

describe('a facility keeps an owner', () => {
  it('refuses to remove or demote its last owner; another owner first makes it possible', async () => {
    const id = await registered();
    await ok('add', { id, subject: 'provider-bernd' }, await anna());

    for (const [operation, variables, token] of [
      ['remove', { id, subject: 'provider-anna' }, await anna()],
      ['remove', { id, subject: 'provider-anna' }, await office()],
      ['setRole', { id, subject: 'provider-anna', role: 'MEMBER' }, await office()],
    ] as const) {
      expect((await call(operation, variables, token)).errors?.[0].extensions, operation).toEqual({ code: 'BAD_USER_INPUT', argument: 'subject' });
    }
    expect(await membersIn(id)).toEqual([
      { subject: 'provider-anna', role: 'OWNER' },
      { subject: 'provider-bernd', role: 'MEMBER' },
    ]);

    await ok('setRole', { id, subject: 'provider-bernd', role: 'OWNER' }, await anna());
    await ok('leave', { id, subject: 'provider-anna' }, await anna());
    expect(await membersIn(id)).toEqual([{ subject: 'provider-bernd', role: 'OWNER' }]);
  });

  it('gets an owner first when the office gives an ownerless facility (written by a seeder) its providers', async () => {
    const seeded = Object.assign(new FacilityEntity(), {
      kind: FacilityKind.KINDERTAGESSTAETTE,
      name: 'Kita Stadtmitte',
      carrier: 'Hansestadt Lüneburg',
      street: 'Am Sande 1',
      postalCode: '21335',
      city: 'Lüneburg',
      district: 'Altstadt',
      latitude: 53.2484,
      longitude: 10.4081,
      ageFromMonths: 0,
      ageToMonths: 72,
      capacity: 40,
      status: PublicationStatus.PUBLISHED,
    });
    await subgraph.database.orm.em.fork().insert(FacilityEntity, seeded);
    const id = formatId(lueneburg, seeded.id);

    expect((await call('add', { id, subject: 'provider-bernd' }, await office())).errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'role' });
    await ok('add', { id, subject: 'provider-anna', role: 'OWNER' }, await office());
    await ok('add', { id, subject: 'provider-bernd' }, await anna());
    expect(await membersIn(id)).toEqual([
      { subject: 'provider-anna', role: 'OWNER' },
      { subject: 'provider-bernd', role: 'MEMBER' },
    ]);
  });

  it.each([
    ['an empty subject', ''],
    ['a subject with surrounding blanks', ' provider-bernd'],
    ['a subject of 256 characters', 'x'.repeat(256)],
    ['a subject with a line break', 'provider\nbernd'],
  ])('refuses %s with BAD_USER_INPUT', async (_case, subject) => {
    const id = await registered();
    expect((await call('add', { id, subject }, await anna())).errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'subject' });
  });

  it('answers a subject that is no member with NOT_FOUND', async () => {
    const id = await registered();
    expect((await call('remove', { id, subject: 'provider-carla' }, await anna())).errors?.[0].extensions).toEqual({ code: 'NOT_FOUND', argument: 'subject' });
  });
});

describe('Facility.members', () => {
  it('shows the members to the members and to the office, who alone sees who added them', async () => {
    const id = await registered();
    await ok('add', { id, subject: 'provider-bernd' }, await anna());

    const forBernd = await ok('facility', { id }, await bernd());
    const forOffice = await ok('facility', { id }, await office());

    expect(forBernd.members).toEqual([
      { subject: 'provider-anna', role: 'OWNER', addedBy: null },
      { subject: 'provider-bernd', role: 'MEMBER', addedBy: null },
    ]);
    expect(forOffice.members).toEqual([
      { subject: 'provider-anna', role: 'OWNER', addedBy: 'provider-anna' },
      { subject: 'provider-bernd', role: 'MEMBER', addedBy: 'provider-anna' },
    ]);
  });

  it.each([
    ['anonymous', 'UNAUTHENTICATED', async () => undefined],
    ['a provider who is no member', 'FORBIDDEN', carla],
    ['a parent', 'FORBIDDEN', () => tokenFor({ role: 'parent', subject: 'parent-a' })],
    ['an analyst of the municipality', 'FORBIDDEN', () => tokenFor({ role: 'analyst', subject: 'analyst-a', municipalities: [lueneburg] })],
    ['the office of another municipality', 'FORBIDDEN', otherOffice],
  ])('is null for %s, with %s, while the rest of a published profile shows', async (_who, code, token) => {
    const id = await registered();
    await subgraph.database.orm.em.fork().nativeUpdate(FacilityEntity, { id: localId(id) }, { status: PublicationStatus.PUBLISHED });

    const { data, errors } = await call('facility', { id }, await token());

    expect((data as any).facility).toMatchObject({ name: 'Kita Regenbogen', members: null });
    expect(errors).toHaveLength(1);
    expect(errors?.[0]).toMatchObject({ path: ['facility', 'members'], extensions: { code } });
    expect(JSON.stringify(data)).not.toContain('provider-anna');
  });

  it("reads the members of many facilities in one statement, and decides a provider's drafts with them", async () => {
    const own = [await registered(), await registered(), await registered()];
    const carlas = await registered('Kita Carla', carla);
    const representations = [...own, carlas].map((id) => ({ __typename: 'Facility', id }));

    const { result, statements } = await subgraph.database.statements.measure(async () =>
      postGraphQL(
        subgraph.url,
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Facility { id members { subject } } } }`,
        { r: representations },
        await anna(),
      ),
    );

    expect(result.body.errors).toBeUndefined();
    expect(result.body.data._entities).toEqual([...own.map((id) => ({ id, members: [{ subject: 'provider-anna' }] })), null]);
    expect(statements.filter((sql) => sql.includes('facility_member'))).toHaveLength(1);
  });
});

describe('the membership migration', () => {
  it('makes the provider who registered a facility its owner, publishes the members, and drops owner_subject', async () => {
    const own = new TestDatabases();
    const clientUrl = await own.create(lueneburg, 'facility');
    const before = facilityModule.migrations.slice(
      0,
      facilityModule.migrations.findIndex((migration) => migration.name === 'Migration20261122110000Membership'),
    );
    const [registeredByAnna, seeded] = [newLocalId(), newLocalId()];
    const old = await openDatabase({ clientUrl, entities: [OutboxEventEntity], migrations: before });
    try {
      await migrate(old);
      const insert = `insert into facility (id, kind, name, carrier, street, postal_code, city, district, latitude, longitude, age_from_months, age_to_months, capacity, opening_hours, created_at, updated_at, owner_subject)
        values (?, 'KINDERTAGESSTAETTE', ?, 'AWO', 'Am Sande 1', '21335', 'Lüneburg', 'Altstadt', 53.2, 10.4, 0, 72, 40, '[]', ?, now(), ?)`;
      const em = old.orm.em.fork() as EntityManager;
      await em.execute(insert, [registeredByAnna, 'Kita Anna', '2026-01-02T03:04:05Z', 'provider-anna']);
      await em.execute(insert, [seeded, 'Kita Amt', '2026-01-02T03:04:05Z', null]);
    } finally {
      await old.close();
    }

    const after = await openDatabase({ clientUrl, entities: facilityModule.entities, migrations: facilityModule.migrations });
    try {
      await migrate(after);
      const em = after.orm.em.fork();
      expect(await em.find(FacilityMemberEntity, {})).toEqual([
        expect.objectContaining({
          facilityId: registeredByAnna,
          subject: 'provider-anna',
          role: FacilityMemberRole.OWNER,
          addedBy: 'provider-anna',
          addedAt: new Date('2026-01-02T03:04:05Z'),
        }),
      ]);
      const events = await em.find(OutboxEventEntity, { type: 'FacilityMembersChanged' });
      expect(events.map(({ aggregateId, payload }) => ({ aggregateId, payload }))).toEqual([
        { aggregateId: registeredByAnna, payload: { facilityId: registeredByAnna, members: [{ subject: 'provider-anna', role: 'OWNER' }] } },
      ]);
      const columns = await em.execute(`select column_name from information_schema.columns where table_name = 'facility' and column_name = 'owner_subject'`);
      expect(columns).toEqual([]);
    } finally {
      await after.close();
      await own.drop();
    }
  });
});
