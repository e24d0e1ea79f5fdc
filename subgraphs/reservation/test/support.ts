import { randomUUID } from 'node:crypto';
import { facilityModule } from '@kita/facility';
import {
  createReservationModule,
  FacilityFactEntity,
  ReservationEntity,
  ReservationPartEntity,
  type ReservationSettings,
  ReservationTransitionEntity,
} from '@kita/reservation';
import {
  addDays,
  addMonths,
  createLogger,
  FacilityMemberEntity,
  formatId,
  type Logger,
  localIdIn,
  newLocalId,
  type SubgraphServer,
  silentLogger,
  startSubgraphInstance,
  today,
} from '@kita/shared';
import { asGateway, postGraphQL, TestDatabases, testAuth, testVerifier, tokenFor } from '@kita/shared/testing';
import { vacancyModule } from '@kita/vacancy';
import type { EntityManager } from '@mikro-orm/postgresql';
import { expect } from 'vitest';

export const lueneburg = '03355022';
export const landkreis = '03355';

/** The calendar day `days` after `day` (default today, Berlin). */
export const shiftDays = (days: number, day = today()): string => addDays(day, days);

/** The calendar day `months` after `day` (default today, Berlin). */
export const shiftMonths = (months: number, day = today()): string => addMonths(day, months);

/** A logger that keeps every line, to prove what never reaches a log. */
export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: createLogger('reservation-test', (line) => lines.push(line)), lines };
}

/** A reservation instance on its own database (no facility peer: facts are inserted directly). */
export async function startReservation(
  databases: TestDatabases,
  municipality: string,
  options: { settings?: Partial<ReservationSettings>; logger?: Logger } = {},
): Promise<SubgraphServer> {
  return startSubgraphInstance(createReservationModule(options.settings), {
    municipality,
    databaseUrl: await databases.create(municipality, 'reservation'),
    port: 0,
    verifier: testVerifier,
    production: false,
    logger: options.logger ?? silentLogger,
    poolMax: 4,
  });
}

/** One municipality's facility, vacancy and reservation instances, wired as in production: the reservation instance follows the other two's outboxes. */
export interface Municipality {
  facility: SubgraphServer;
  vacancy: SubgraphServer;
  reservation: SubgraphServer;
  close(): Promise<void>;
}

export async function startMunicipality(databases: TestDatabases, municipality: string): Promise<Municipality> {
  const common = { municipality, port: 0, verifier: testVerifier, production: false, logger: silentLogger, auth: testAuth };
  const facility = await startSubgraphInstance(facilityModule, { ...common, databaseUrl: await databases.create(municipality, 'facility') });
  const vacancy = await startSubgraphInstance(vacancyModule, { ...common, databaseUrl: await databases.create(municipality, 'vacancy') });
  const reservation = await startSubgraphInstance(createReservationModule(), {
    ...common,
    databaseUrl: await databases.create(municipality, 'reservation'),
    peerUrl: (subgraph) => (subgraph === 'facility' ? facility.url : subgraph === 'vacancy' ? vacancy.url : undefined),
  });
  return {
    facility,
    vacancy,
    reservation,
    close: async () => {
      await reservation.close();
      await vacancy.close();
      await facility.close();
    },
  };
}

export const tokens = {
  parent: (subject = 'parent-a') => tokenFor({ role: 'parent', subject }),
  office: (municipality = lueneburg, subject = 'office-lueneburg') => tokenFor({ role: 'office', subject, municipalities: [municipality] }),
  /** A provider: what it may see follows from the facilities it is a member of (see `insertFact`'s `members`, `insertMembers`). */
  provider: (subject = 'provider-anna') => tokenFor({ role: 'provider', subject }),
  analyst: (...municipalities: string[]) => tokenFor({ role: 'analyst', subject: 'analyst-a', municipalities }),
};

export interface FactOptions {
  kind?: 'KINDERTAGESSTAETTE' | 'KINDERTAGESPFLEGE' | 'GROSSTAGESPFLEGE';
  status?: string;
  boundToResidence?: boolean;
  district?: string;
  groups?: Array<{ ageFromMonths: number; ageToMonths: number; hoursBand?: string; capacity?: number }>;
  /** Subjects of the providers who act for the facility. */
  members?: string[];
}

let factSeq = 1;

/** A facility as the facility subgraph's events would have projected it; returns its global ID. */
export async function insertFact(server: SubgraphServer, options: FactOptions = {}): Promise<string> {
  const localId = newLocalId();
  const kind = options.kind ?? 'KINDERTAGESSTAETTE';
  await server.database.orm.em.fork().insert(
    FacilityFactEntity,
    Object.assign(new FacilityFactEntity(), {
      facilityId: localId,
      kind,
      status: options.status ?? 'PUBLISHED',
      boundToResidence: options.boundToResidence ?? kind === 'KINDERTAGESSTAETTE',
      district: options.district ?? 'Kaltenmoor',
      groups: (options.groups ?? [{ ageFromMonths: 12, ageToMonths: 72 }]).map((group) => ({ hoursBand: 'FULL_DAY', capacity: 20, ...group })),
      eventSeq: String(factSeq++),
    }),
  );
  const id = formatId(server.municipality, localId);
  for (const subject of options.members ?? []) await insertMembers(server, subject, [id]);
  return id;
}

/**
 * Makes `subject` a member of facilities (global IDs of this instance's municipality) as the
 * facility subgraph's `FacilityMembersChanged` events would have projected it, for tests where the
 * facility subgraph does not run.
 */
export async function insertMembers(server: SubgraphServer, subject: string, facilityIds: string[]): Promise<void> {
  await server.database.orm.em.fork().insertMany(
    FacilityMemberEntity,
    facilityIds.map((id) =>
      Object.assign(new FacilityMemberEntity(), {
        facilityId: localIdIn(server.municipality, id, 'facilityId'),
        subject,
        role: 'OWNER',
        eventSeq: String(factSeq++),
      }),
    ),
  );
}

export interface DraftOptions {
  applicationKey?: string;
  municipality?: string;
  residence?: string;
  birthDate?: string;
  wishedStart?: string;
  hoursPerWeek?: number;
  kindsOfCare?: string[];
  firstName?: string;
  lastName?: string;
  siblingFacilityIds?: string[];
}

/** A plausible draft: a child of about two at the wished start, one guardian living in `residence`. */
export function draftInput(choices: Array<{ facilityId: string; rank: number }>, options: DraftOptions = {}) {
  const wishedStart = options.wishedStart ?? shiftMonths(3);
  return {
    applicationKey: options.applicationKey ?? randomUUID(),
    child: { firstName: options.firstName ?? 'Mila', lastName: options.lastName ?? 'Schröder', birthDate: options.birthDate ?? shiftMonths(-24, wishedStart) },
    guardians: [
      {
        firstName: 'Katarzyna',
        lastName: 'Schröder',
        email: 'k.schroeder@example.org',
        phone: '04131 123456',
        address: { street: 'Bockelmannstraße 7', postalCode: '21337', city: 'Lüneburg', residenceMunicipality: options.residence ?? lueneburg },
      },
    ],
    wishedStart,
    hoursPerWeek: options.hoursPerWeek ?? 35,
    kindsOfCare: options.kindsOfCare ?? ['KINDERTAGESSTAETTE', 'KINDERTAGESPFLEGE'],
    choices,
    ...(options.siblingFacilityIds ? { siblingFacilityIds: options.siblingFacilityIds } : {}),
  };
}

/** The personal data of `draftInput`, to search answers and logs for. */
export const personalValues = ['Mila', 'Schröder', 'Katarzyna', 'k.schroeder@example.org', '04131 123456', 'Bockelmannstraße'];

export const partFields = `id municipality applicationKey submittedAt wishedStart hoursPerWeek hoursBand kindsOfCare childBirthYear personalDataRemovedAt
  child { firstName lastName birthDate }
  guardians { firstName lastName email phone address { street postalCode city residenceMunicipality } }
  childPseudonym
  siblingFacilities { id }
  legalClaim { kind description }
  choices { id rank status facility { id } offerDeadline residenceException history { fromStatus toStatus actorRole actorSubject reason description } }`;

export const mutations = {
  save: `mutation($municipality: String!, $input: ReservationDraftInput!) { saveReservationDraft(municipality: $municipality, input: $input) { ${partFields} } }`,
  submit: `mutation($municipality: String!, $applicationKey: ID!, $idempotencyKey: String!) { submitReservation(municipality: $municipality, applicationKey: $applicationKey, idempotencyKey: $idempotencyKey) { ${partFields} } }`,
  withdraw: `mutation($id: ID!, $reason: String) { withdrawReservation(id: $id, reason: $reason) { id status } }`,
  startReview: `mutation($id: ID!) { startReview(id: $id) { id status } }`,
  makeOffer: `mutation($id: ID!, $deadline: LocalDate!) { makeOffer(id: $id, deadline: $deadline) { id status offerDeadline } }`,
  accept: `mutation($id: ID!) { recordAcceptance(id: $id) { id status } }`,
  decline: `mutation($id: ID!, $reason: String!) { recordDecline(id: $id, reason: $reason) { id status } }`,
  exception: `mutation($id: ID!, $reason: String!) { grantResidenceException(id: $id, reason: $reason) { id status residenceException } }`,
};

export type GraphQLBody = Awaited<ReturnType<typeof postGraphQL<any>>>['body'];

/** A client of one instance. */
export function clientOf(server: SubgraphServer) {
  const call = async (query: string, variables: Record<string, unknown>, token?: string): Promise<GraphQLBody> =>
    (await postGraphQL(server.url, query, variables, token)).body;
  /** As the gateway asks (its service identity beside the person's token): gateway-only fields such as `childClaims` answer. */
  const callAsGateway = async (query: string, variables: Record<string, unknown>, token?: string): Promise<GraphQLBody> =>
    (await postGraphQL(server.url, query, variables, token, await asGateway(server.municipality))).body;
  const ok = async (query: string, variables: Record<string, unknown>, token?: string): Promise<any> => {
    const body = await call(query, variables, token);
    expect(body.errors).toBeUndefined();
    return Object.values(body.data as object)[0];
  };
  const error = async (query: string, variables: Record<string, unknown>, token?: string) => {
    const body = await call(query, variables, token);
    expect(body.errors, JSON.stringify(body.data)).toBeDefined();
    return body.errors![0];
  };
  return { call, callAsGateway, ok, error };
}

/** Everything a refused request must leave alone. */
export async function snapshot(server: SubgraphServer) {
  const em = server.database.orm.em.fork() as EntityManager;
  const [parts, choices, transitions, submissions] = await Promise.all([
    em.find(ReservationPartEntity, {}, { orderBy: { id: 'asc' } }),
    em.find(ReservationEntity, {}, { orderBy: { id: 'asc' } }),
    em.find(ReservationTransitionEntity, {}, { orderBy: { id: 'asc' } }),
    em.execute('select parent_subject, idempotency_key, part_id from reservation_submission order by 1, 2'),
  ]);
  return JSON.parse(JSON.stringify({ parts, choices, transitions, submissions }));
}

/** Saves and submits a part as `parent`; returns it as the parent sees it. */
export async function submittedPart(
  server: SubgraphServer,
  choices: Array<{ facilityId: string; rank: number }>,
  options: DraftOptions & { parent?: string } = {},
): Promise<any> {
  const client = clientOf(server);
  const token = await tokens.parent(options.parent);
  const input = draftInput(choices, options);
  await client.ok(mutations.save, { municipality: server.municipality, input }, token);
  return client.ok(mutations.submit, { municipality: server.municipality, applicationKey: input.applicationKey, idempotencyKey: randomUUID() }, token);
}
