import type { BackgroundJob, Database, Logger, MunicipalityKey } from '@kita/shared';
import { backgroundWork, today } from '@kita/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { suspendLapsedPermits } from '../onboarding/onboarding.service.js';

export const permitWatchIntervalMs = 10 * 60 * 1000;

/**
 * Suspends published Tagespflege profiles whose permit lapsed: once when the instance starts,
 * then every 10 minutes. The timer does not keep the process alive; `stop` waits for a run in
 * progress so that the database can close behind it.
 */
export function startPermitWatch(database: Database, municipality: MunicipalityKey, logger: Logger, intervalMs = permitWatchIntervalMs): BackgroundJob {
  let running: Promise<void> | undefined;
  let stopped = false;
  const run = () => {
    if (running || stopped) return;
    running = (async () => {
      try {
        const suspended = await suspendLapsedPermits(database.orm.em.fork(backgroundWork) as EntityManager, municipality, today());
        if (suspended > 0) logger.info('permits_lapsed', { suspended });
      } catch (error) {
        logger.error('permit_watch_failed', { kind: (error as Error)?.constructor?.name });
      } finally {
        running = undefined;
      }
    })();
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
