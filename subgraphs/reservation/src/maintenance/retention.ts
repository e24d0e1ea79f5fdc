import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ReservationPartEntity } from '../part/part.entity.js';
import { closedStatuses, ReservationEntity, ReservationStatus } from '../reservation/reservation.entity.js';
import { steps, systemActor, takeStep } from '../reservation/workflow.js';

const list = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');

export interface RetentionResult {
  /** Parts whose personal data was removed. */
  parts: number;
  /** Drafts never submitted within the period, withdrawn before their data was removed. */
  abandonedDrafts: number;
}

/**
 * The retention rule. Once every choice of a part is closed (ACCEPTED, DECLINED, LAPSED,
 * WITHDRAWN) for longer than `retentionDays`, or a draft was not touched for that long, the
 * part's personal data is removed: the child's names and exact birth date (the year stays, on
 * the choices as 1 January), the guardians, the facilities siblings attend, and the free-text
 * reasons of its history. What remains: the pseudonym (statistics and duplicate checks keep
 * working), wishes, statuses, dates and the parent account that owns it. Rows from before parts existed lose the exact
 * birth date the same way. One transaction; returns what it did.
 */
export async function removeExpiredPersonalData(em: EntityManager, retentionDays: number, now = new Date()): Promise<RetentionResult> {
  const cutoff = new Date(now.getTime() - retentionDays * 24 * 60 * 60 * 1000);
  return em.transactional(async (tx) => {
    // Locked: a parent saving the draft right now waits, and then finds it withdrawn, not half removed.
    const abandoned = await tx.find(
      ReservationPartEntity,
      { submittedAt: null, personalDataRemovedAt: null, updatedAt: { $lt: cutoff } },
      { lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    if (abandoned.length) {
      const drafts = await tx.find(ReservationEntity, { partId: { $in: abandoned.map((part) => part.id) }, status: ReservationStatus.DRAFT });
      for (const row of drafts) takeStep(tx, row, steps.withdraw, systemActor, { at: now });
      await tx.flush();
    }
    const expired = await tx.execute<Array<{ id: string }>>(
      `select p.id from reservation_part p
       where p.personal_data_removed_at is null
         and not exists (select 1 from reservation r where r.part_id = p.id and r.status not in (${list(closedStatuses)}))
         and case when p.submitted_at is null then p.updated_at < ?
           else coalesce((select max(r.status_changed_at) from reservation r where r.part_id = p.id), p.updated_at) < ? end
       for update of p`,
      [cutoff, cutoff],
    );
    const ids = expired.map((row) => row.id);
    if (ids.length) {
      await tx.nativeUpdate(
        ReservationPartEntity,
        { id: { $in: ids } },
        { childFirstName: null, childLastName: null, childBirthDate: null, guardians: [], siblingFacilityIds: [], personalDataRemovedAt: now },
      );
      await tx.execute(
        `update reservation_transition set reason = null where reason is not null and reservation_id in (select id from reservation where part_id in (${ids.map(() => '?').join(', ')}))`,
        ids,
      );
      await tx.execute(
        `update reservation set child_birth_date = date_trunc('year', child_birth_date)::date where part_id in (${ids.map(() => '?').join(', ')})`,
        ids,
      );
    }
    await tx.execute(
      `update reservation set child_birth_date = date_trunc('year', child_birth_date)::date
       where part_id is null and status in (${list(closedStatuses)}) and status_changed_at < ? and child_birth_date <> date_trunc('year', child_birth_date)::date`,
      [cutoff],
    );
    await tx.execute(
      `update reservation_transition t set reason = null from reservation r
       where r.id = t.reservation_id and r.part_id is null and t.reason is not null and r.status in (${list(closedStatuses)}) and r.status_changed_at < ?`,
      [cutoff],
    );
    return { parts: ids.length, abandonedDrafts: abandoned.length };
  });
}
