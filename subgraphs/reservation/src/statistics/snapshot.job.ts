import { type BackgroundJob, backgroundWork, type Database, type Logger, type MunicipalityKey, today } from '@kita/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { SupplyDemandService } from './supply-demand.service.js';

/**
 * Records today's supply-and-demand buckets of the municipality (at start, then every
 * `intervalMs`, by default 15 minutes, and once 30 s after the start): each run replaces today's rows, so a day's snapshot is
 * its last state (not a state from before the projections caught up after a start), and past
 * days stay as they were. Runs in the holder of the reservation subgraph's background lease
 * only; the day's rows are replaced in one transaction under a transaction-level advisory lock,
 * so a day never holds two snapshots. Counts only; logs counts only.
 */
export function startStatisticsSnapshots(database: Database, municipality: MunicipalityKey, logger: Logger, intervalMs = 15 * 60 * 1000): BackgroundJob {
  let chain: Promise<void> = Promise.resolve();
  let stopped = false;
  const runOnce = async () => {
    try {
      const recorded = await recordSnapshot(database.orm.em.fork(backgroundWork) as EntityManager, municipality);
      if (recorded > 0) logger.debug('statistics_snapshot_recorded', { buckets: recorded });
    } catch (error) {
      logger.error('statistics_snapshot_failed', { kind: (error as Error)?.constructor?.name });
    }
  };
  const run = (): Promise<void> => {
    if (!stopped) chain = chain.then(runOnce);
    return chain;
  };
  void run();
  // Once more soon after a start, when the projections of facts and free places have caught up.
  const soon = setTimeout(() => void run(), Math.min(intervalMs, 30_000));
  soon.unref();
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref();
  return {
    catchUp: () => run(),
    async stop() {
      stopped = true;
      clearTimeout(soon);
      clearInterval(timer);
      await chain;
    },
  };
}

/** Records (replaces) the day's snapshot; answers the number of buckets written (0: nothing to count yet, the day is left as it was). */
export async function recordSnapshot(em: EntityManager, municipality: MunicipalityKey, now = new Date()): Promise<number> {
  const day = today(now);
  const buckets = await new SupplyDemandService(em, municipality).fineBuckets(now);
  if (buckets.length === 0) return 0;
  return em.transactional(async (tx) => {
    await tx.execute(`select pg_advisory_xact_lock(hashtextextended('statistics-snapshot', 0))`);
    await tx.execute('delete from statistics_snapshot where day = ?', [day]);
    await insertSnapshotRows(tx, day, buckets);
    return buckets.length;
  });
}

/** Writes one day's rows (also used by the demo seed for past days). */
export async function insertSnapshotRows(
  em: EntityManager,
  day: string,
  buckets: Array<{
    district: string | null;
    kind: string | null;
    ageGroup: string | null;
    hoursBand: string | null;
    capacity: number;
    freePlaces: number;
    children: number;
    waiting: number;
    placed: number;
  }>,
): Promise<void> {
  if (buckets.length === 0) return;
  const values = buckets.map(() => '(gen_random_uuid(), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
  const params = buckets.flatMap((b) => [day, b.district, b.kind, b.ageGroup, b.hoursBand, b.capacity, b.freePlaces, b.children, b.waiting, b.placed]);
  await em.execute(
    `insert into statistics_snapshot (id, day, district, kind, age_group, hours_band, capacity, free_places, children, waiting, placed) values ${values}`,
    params,
  );
}
