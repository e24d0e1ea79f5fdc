import { type BackgroundJob, backgroundWork, type Database, type Logger } from '@kita/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { startMailDelivery } from './delivery.js';
import type { MailSettings } from './settings.js';

export interface NotificationJobOptions {
  database: Database;
  municipality: string;
  logger: Logger;
  settings: MailSettings;
  now: () => Date;
  /** One scan: queues what is due at `now` and answers how many mails it queued. */
  queue: (em: EntityManager, now: Date) => Promise<number>;
}

/**
 * A subgraph instance's notifications: a scan that queues (every `intervalMs`, one at a time) and the
 * delivery to the municipality's SMTP server. A failed scan is logged by its error's name only.
 */
export function startNotificationJob(options: NotificationJobOptions): BackgroundJob {
  const { database, municipality, logger, settings, now, queue } = options;
  const delivery = startMailDelivery({ database, settings, municipality, logger, now });
  let chain: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const scanOnce = async () => {
    try {
      const em = database.orm.em.fork(backgroundWork) as EntityManager;
      const queued = await queue(em, now());
      if (queued) logger.info('notifications_queued', { count: queued });
    } catch (error) {
      logger.error('notification_scan_failed', { kind: (error as Error)?.name });
    }
  };
  const scan = () => {
    chain = chain.then(scanOnce);
    return chain;
  };
  const timer = setInterval(() => {
    if (!stopped) void scan();
  }, settings.intervalMs);
  timer.unref();
  void scan();
  return {
    catchUp: async () => {
      await scan();
      await delivery.catchUp?.();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await chain;
      await delivery.stop();
    },
  };
}
