import type { EntityManager } from '@mikro-orm/postgresql';
import { OutboxEventEntity } from './outbox-event.entity.js';

/** An event to record; `seq` and `occurredAt` are assigned when it is written. */
export interface NewEvent {
  type: string;
  aggregateId: string;
  payload: Record<string, unknown>;
}

/**
 * Key of the transaction-level advisory lock that outbox writers of one database take.
 *
 * Why: `seq` comes from a sequence when a row is inserted, but the row becomes visible only at
 * commit. Without the lock, transaction A could take seq 7, transaction B seq 8, B commit, a
 * consumer read 8 and move its cursor to 8, and then A commit 7 behind the cursor: lost for
 * good. Holding this lock from before the insert until commit (it is released only after the
 * commit has become visible) makes writers take seqs in commit order, so whatever a reader sees
 * is always a gap-free prefix of the stream (up to rolled-back seqs, which never appear). The
 * cost is that transactions that record events run one after another; they are short.
 *
 * The alternative, serving only events older than the oldest running transaction
 * (`pg_snapshot_xmin`), lets writers overlap but holds back every event while any long
 * transaction runs, and needs a transaction-ID column; at our write rates the lock is simpler.
 */
export const outboxWriterLock = 7_104_202_611;

/**
 * Records events in the caller's current transaction, so they commit or roll back with the
 * change they describe. Refuses to run outside a transaction, where the event could outlive a
 * failed change (or the change an unrecorded event). Returns the events' seqs in order.
 */
export async function recordEvents(em: EntityManager, events: NewEvent[]): Promise<number[]> {
  if (!em.isInTransaction()) {
    throw new Error('recordEvent must run inside the transaction of the change it records (em.transactional)');
  }
  if (events.length === 0) return [];
  await em.execute(`select pg_advisory_xact_lock(${outboxWriterLock})`);
  const occurredAt = new Date();
  // Entities rather than plain rows: then every inserted row's seq comes back, not only the first.
  const rows = events.map(({ type, aggregateId, payload }) => Object.assign(new OutboxEventEntity(), { type, aggregateId, payload, occurredAt }));
  await em.insertMany(rows);
  return rows.map((row) => row.seq);
}

/** Records one event in the caller's current transaction; see `recordEvents`. */
export async function recordEvent(em: EntityManager, type: string, aggregateId: string, payload: Record<string, unknown>): Promise<number> {
  const [seq] = await recordEvents(em, [{ type, aggregateId, payload }]);
  return seq;
}
