import { eventsUrlOf, signServiceToken, startEventConsumer, type BackgroundJob, type InstanceContext } from '@kita/shared';
import { applyVacancyEvents } from './free-place.apply.js';

/**
 * Keeps `free_place` current from this municipality's vacancy subgraph: polls its outbox
 * (`/events`, with a service token), applies the events and moves the cursor in one
 * transaction. While the vacancy instance is down the projection is late, never wrong.
 */
export function startFreePlaceProjection(instance: InstanceContext): BackgroundJob | undefined {
  const auth = instance.auth;
  if (!auth?.secret) {
    instance.logger.warn('free_place_projection_disabled', { reason: 'no AUTH_SECRET to sign service tokens' });
    return undefined;
  }
  return startEventConsumer({
    // The cursor is keyed by this name, not by the URL: keep it stable.
    name: 'vacancy',
    source: () => {
      const url = instance.peerUrl('vacancy');
      return url ? eventsUrlOf(url) : undefined;
    },
    database: instance.database,
    token: () => signServiceToken(auth, `facility@${instance.municipality}`),
    apply: applyVacancyEvents,
    // Every second while events come; an idle stream is asked less often, up to every 5 s (cheap with many instances).
    maxIdleIntervalMs: 5000,
    logger: instance.logger,
  });
}
