import { type NewEvent, recordEvents } from '@kita/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { FacilityEntity, type FacilityKind, type PublicationStatus } from '../facility/facility.entity.js';
import { FacilityMemberEntity, type FacilityMemberRole } from '../membership/facility-member.entity.js';
import { membersOf } from '../membership/facility-member.loader.js';
import { FacilityGroupEntity, type HoursBand } from '../profile/facility-group.entity.js';

/**
 * The facts of a facility that other subgraphs project through this subgraph's outbox
 * (`GET /events`): what the reservation subgraph checks a reservation against
 * (`FacilityFactsChanged`), and who acts for the facility as its provider
 * (`FacilityMembersChanged`), which the vacancy and reservation subgraphs check their providers
 * against. IDs are local UUIDs of this municipality. Every event carries the whole snapshot of
 * its part, so a consumer replaces by facility ID and never needs an earlier event.
 */
export const FacilityEventType = {
  FactsChanged: 'FacilityFactsChanged',
  MembersChanged: 'FacilityMembersChanged',
} as const;

export interface FacilityGroupFact {
  /** Completed months, from ≤ age < to. */
  ageFromMonths: number;
  ageToMonths: number;
  hoursBand: HoursBand;
  capacity: number;
}

export interface FacilityFactsChangedPayload {
  id: string;
  kind: FacilityKind;
  status: PublicationStatus;
  boundToResidence: boolean;
  /** Stadtteil or Gemeinde: where demand statistics count a reservation for this facility. */
  district: string;
  groups: FacilityGroupFact[];
}

/**
 * Every member of the facility after a change: account subjects and roles, nothing else about the
 * people. Ordered by subject (byte order), so equal memberships give equal payloads. Once a
 * facility has members it keeps at least one owner (see MembershipService), so a snapshot is
 * empty only for a facility that never had members.
 */
export interface FacilityMembersChangedPayload {
  facilityId: string;
  members: Array<{ subject: string; role: FacilityMemberRole }>;
}

type FactRow = Pick<FacilityEntity, 'id' | 'kind' | 'status' | 'boundToResidence' | 'district'>;
type GroupRow = Pick<FacilityGroupEntity, 'ageFromMonths' | 'ageToMonths' | 'hoursBand' | 'capacity'>;

const byAge = (a: GroupRow, b: GroupRow) => a.ageFromMonths - b.ageFromMonths || a.ageToMonths - b.ageToMonths;

export function facilityFactsChanged(row: FactRow, groups: GroupRow[]): NewEvent {
  const payload: FacilityFactsChangedPayload = {
    id: row.id,
    kind: row.kind,
    status: row.status,
    boundToResidence: row.boundToResidence,
    district: row.district,
    groups: [...groups].sort(byAge).map(({ ageFromMonths, ageToMonths, hoursBand, capacity }) => ({ ageFromMonths, ageToMonths, hoursBand, capacity })),
  };
  return { type: FacilityEventType.FactsChanged, aggregateId: row.id, payload: { ...payload } };
}

type MemberRow = Pick<FacilityMemberEntity, 'subject' | 'role'>;

const bySubject = (a: MemberRow, b: MemberRow) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0);

export function facilityMembersChanged(facilityId: string, members: MemberRow[]): NewEvent {
  const payload: FacilityMembersChangedPayload = {
    facilityId,
    members: [...members].sort(bySubject).map(({ subject, role }) => ({ subject, role })),
  };
  return { type: FacilityEventType.MembersChanged, aggregateId: facilityId, payload: { ...payload } };
}

/**
 * Records `FacilityMembersChanged` for facilities (local IDs) whose members changed in the
 * caller's transaction, read back after a flush: one statement for the members, one for the events.
 */
export async function recordFacilityMembers(em: EntityManager, facilityIds: string[]): Promise<void> {
  if (facilityIds.length === 0) return;
  await em.flush();
  const members = await membersOf(em, facilityIds, { disableIdentityMap: true });
  await recordEvents(
    em,
    facilityIds.map((id) =>
      facilityMembersChanged(
        id,
        members.filter((member) => member.facilityId === id),
      ),
    ),
  );
}

/**
 * Records `FacilityFactsChanged` for facilities changed in the caller's transaction (after the
 * change, so the event carries what commits). Flushes first: the groups are read back from the
 * database, whatever wrote them. One statement for the groups, one for the events.
 */
export async function recordFacilityFacts(em: EntityManager, rows: FactRow[]): Promise<void> {
  if (rows.length === 0) return;
  await em.flush();
  const groups = await em.find(FacilityGroupEntity, { facilityId: { $in: rows.map((row) => row.id) } }, { disableIdentityMap: true });
  await recordEvents(
    em,
    rows.map((row) =>
      facilityFactsChanged(
        row,
        groups.filter((group) => group.facilityId === row.id),
      ),
    ),
  );
}

/**
 * Stores facilities with their groups, their members and their events (`FacilityFactsChanged`,
 * and `FacilityMembersChanged` for those with members) in one transaction (the caller's, or a new
 * one): the way to write facilities outside a mutation, e.g. demo seeding, so that consumers
 * learn of them too.
 */
export async function recordFacilities(
  em: EntityManager,
  rows: FacilityEntity[],
  groups: FacilityGroupEntity[],
  members: FacilityMemberEntity[] = [],
): Promise<void> {
  if (rows.length === 0) return;
  const withMembers = rows.filter((row) => members.some((member) => member.facilityId === row.id));
  await em.transactional(async (tx) => {
    await tx.insertMany(FacilityEntity, rows);
    if (groups.length) await tx.insertMany(FacilityGroupEntity, groups);
    if (members.length) await tx.insertMany(FacilityMemberEntity, members);
    await recordEvents(tx, [
      ...rows.map((row) =>
        facilityFactsChanged(
          row,
          groups.filter((group) => group.facilityId === row.id),
        ),
      ),
      ...withMembers.map((row) =>
        facilityMembersChanged(
          row.id,
          members.filter((member) => member.facilityId === row.id),
        ),
      ),
    ]);
  });
}
