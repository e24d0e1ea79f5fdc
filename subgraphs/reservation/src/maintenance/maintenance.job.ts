import { type BackgroundJob, backgroundWork, type Database, type Logger, type MunicipalityKey, today } from '@kita/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { WorkflowService } from '../reservation/workflow.service.js';
import type { ReservationSettings } from '../settings.js';
import { removeExpiredPersonalData } from './retention.js';

/**
 * The reservation subgraph's housekeeping: lets offers past their deadline lapse and applies the
 * retention rule; once when the instance starts, then every `maintenanceIntervalMs` (10 minutes).
 * Logs counts only. The timer does not keep the process alive; `stop` waits for a run in progress.
 */
export function startMaintenance(database: Database, municipality: MunicipalityKey, settings: ReservationSettings, logger: Logger): BackgroundJob {
  // Runs never overlap: one asked for while another runs follows it (it may have been asked for a change the running one missed).
  let chain: Promise<void> = Promise.resolve();
  let stopped = false;
  const runOnce = async () => {
    const fork = () => database.orm.em.fork(backgroundWork) as EntityManager;
    try {
      const lapsed = await new WorkflowService(fork(), municipality, settings).lapseOffers(today(settings.clock?.() ?? new Date()));
      if (lapsed > 0) logger.info('offers_lapsed', { count: lapsed });
    } catch (error) {
      logger.error('offer_lapse_failed', { kind: (error as Error)?.constructor?.name });
    }
    try {
      const removed = await removeExpiredPersonalData(fork(), settings.retentionDays);
      if (removed.parts > 0 || removed.abandonedDrafts > 0)
        logger.info('personal_data_removed', { parts: removed.parts, abandonedDrafts: removed.abandonedDrafts });
    } catch (error) {
      logger.error('retention_failed', { kind: (error as Error)?.constructor?.name });
    }
  };
  const run = (): Promise<void> => {
    if (!stopped) chain = chain.then(runOnce);
    return chain;
  };
  void run();
  const timer = setInterval(() => void run(), settings.maintenanceIntervalMs);
  timer.unref();
  return {
    catchUp: () => run(),
    async stop() {
      stopped = true;
      clearInterval(timer);
      await chain;
    },
  };
}
