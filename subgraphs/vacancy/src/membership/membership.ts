import { placeholders } from '@kita/shared';
import type { EntityManager } from '@mikro-orm/postgresql';

/** Which of these facilities (local IDs) the account acts for, from the `facility_member` projection: one statement. */
export async function facilitiesActedFor(em: EntityManager, subject: string, facilityIds: readonly string[]): Promise<Set<string>> {
  if (facilityIds.length === 0) return new Set();
  const rows = await em.execute<Array<{ facility_id: string }>>(
    `select facility_id from facility_member where subject = ? and facility_id in (${placeholders(facilityIds)})`,
    [subject, ...facilityIds],
  );
  return new Set(rows.map((row) => row.facility_id));
}
