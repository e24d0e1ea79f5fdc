import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import type { OutboxEvent } from './events/event.js';

/** The facility subgraph's event with every member of a facility after a change (it owns membership). */
export const facilityMembersChanged = 'FacilityMembersChanged';

/** `FacilityMembersChanged` as the facility subgraph records it: every member after a change. */
export interface FacilityMembersSnapshot {
  facilityId: string;
  members: Array<{ subject: string; role: string }>;
}

/**
 * Who acts for a facility of this municipality as its provider, as the facility subgraph says in
 * its `FacilityMembersChanged` events; a projection in each subgraph that decides what a
 * provider may do there (free places in vacancy, Vormerkungen in reservation). Never a token claim.
 */
@Entity({ tableName: 'facility_member' })
export class FacilityMemberEntity {
  @PrimaryKey({ type: 'uuid' })
  facilityId!: string;

  /** The account's subject (`sub`); a provider's facilities are looked up by it. */
  @Index()
  @PrimaryKey({ type: 'text' })
  subject!: string;

  /** OWNER or MEMBER; both act for the facility, only owners change membership (in the facility subgraph). */
  @Property({ type: 'text' })
  role!: string;

  /** Outbox sequence of the event this row reflects; older events never overwrite the facility's members. */
  @Property({ type: 'bigint' })
  eventSeq!: string;
}

/**
 * Replaces a facility's members with a snapshot, idempotently: a facility's members only move
 * forward in outbox order, so a redelivered or older snapshot (one of its rows is as new or
 * newer) changes nothing. The facility subgraph never empties a membership once it has members,
 * so the rows always show how far a facility has come.
 */
export async function applyFacilityMembers(em: EntityManager, event: OutboxEvent): Promise<void> {
  const { facilityId, members } = event.payload as FacilityMembersSnapshot;
  const seq = String(event.seq);
  const newer = await em.execute('select 1 from facility_member where facility_id = ? and event_seq >= ? limit 1', [facilityId, seq]);
  if (newer.length) return;
  await em.execute('delete from facility_member where facility_id = ?', [facilityId]);
  if (members.length === 0) return;
  await em.execute(
    `insert into facility_member (facility_id, subject, role, event_seq) values ${members.map(() => '(?, ?, ?, ?)').join(', ')}`,
    members.flatMap((member) => [facilityId, member.subject, member.role, seq]),
  );
}

/** Applies the `FacilityMembersChanged` events of a batch; other types of the facility stream are not this projection's. */
export async function applyFacilityMemberEvents(em: EntityManager, events: OutboxEvent[]): Promise<void> {
  for (const event of events) if (event.type === facilityMembersChanged) await applyFacilityMembers(em, event);
}

/** The facilities (local IDs) each of these accounts acts for, from the projection: one statement for all of them. */
export async function facilitiesOfMembers(em: EntityManager, subjects: readonly string[]): Promise<Map<string, Set<string>>> {
  const bySubject = new Map(subjects.map((subject) => [subject, new Set<string>()]));
  if (subjects.length === 0) return bySubject;
  const rows = await em.find(FacilityMemberEntity, { subject: { $in: [...new Set(subjects)] } }, { fields: ['facilityId', 'subject'] });
  for (const row of rows) bySubject.get(row.subject)?.add(row.facilityId);
  return bySubject;
}

/** Per-request batch of `facilitiesOfMembers`: what a provider may do is decided per request, never per row. */
export function createFacilitiesOfMemberLoader(em: EntityManager): DataLoader<string, ReadonlySet<string>> {
  return new DataLoader(async (subjects) => {
    const bySubject = await facilitiesOfMembers(em, subjects);
    return subjects.map((subject) => bySubject.get(subject) ?? new Set<string>());
  });
}
