import { type BackgroundJob, backgroundWork, type Database, type Logger } from '@kita/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type BounceReceiver, startBounceReceiver } from './bounce.js';
import { startMailDelivery } from './delivery.js';
import type { MailSettings } from './settings.js';

export interface NotificationJobOptions {
  /** The sending subgraph (`facility`, `reservation`): the first label of its bounce domain. */
  subgraph: string;
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
 * delivery to the municipality's SMTP server, and with `bounceListen` the receiver of late bounces
 * (see bounce.ts). A failed scan is logged by its error's name only.
 */
export function startNotificationJob(options: NotificationJobOptions): BackgroundJob {
  const { database, municipality, logger, settings, now, queue } = options;
  const bounceDomain = settings.bounceDomain ? `${options.subgraph}.${settings.bounceDomain}` : undefined;
  const delivery = startMailDelivery({ database, settings, municipality, logger, now, ...(bounceDomain ? { bounceDomain } : {}) });
  let receiver: Promise<BounceReceiver | undefined> = Promise.resolve(undefined);
  if (bounceDomain && settings.bounceListen) {
    receiver = startBounceReceiver({ database, domain: bounceDomain, ...settings.bounceListen, logger, now }).then(
      (started) => {
        logger.info('bounce_receiver_listening', { url: started.url });
        settings.onBounceReceiver?.(bounceDomain, started.url);
        return started;
      },
      (error: Error) => {
        logger.error('bounce_receiver_failed', { kind: error?.name, code: (error as { code?: string }).code });
        return undefined;
      },
    );
  }
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
      await receiver;
      await scan();
      await delivery.catchUp?.();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await chain;
      await delivery.stop();
      await (await receiver)?.close();
    },
  };
}
