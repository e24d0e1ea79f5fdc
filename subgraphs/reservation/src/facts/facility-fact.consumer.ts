import { eventsUrlOf, signServiceToken, startEventConsumer, type BackgroundJob, type InstanceContext } from '@kita/shared';
import { applyFacilityEvents } from './facility-fact.apply.js';

/**
 * Keeps `facility_fact` current from this municipality's facility subgraph: polls its outbox
 * (`/events`, with a service token), applies the events and moves the cursor in one
 * transaction. While the facility instance is down the projection is late, never wrong.
 */
export function startFacilityFactProjection(instance: InstanceContext): BackgroundJob | undefined {
  const auth = instance.auth;
  if (!auth?.secret) {
    instance.logger.warn('facility_fact_projection_disabled', { reason: 'no AUTH_SECRET to sign service tokens' });
    return undefined;
  }
  return startEventConsumer({
    // The cursor is keyed by this name, not by the URL: keep it stable.
    name: 'facility',
    source: () => {
      const url = instance.peerUrl('facility');
      return url ? eventsUrlOf(url) : undefined;
    },
    database: instance.database,
    token: () => signServiceToken(auth, `reservation@${instance.municipality}`),
    apply: applyFacilityEvents,
    // Every second while events come; an idle stream is asked less often, up to every 5 s (cheap with many instances).
    maxIdleIntervalMs: 5000,
    logger: instance.logger,
  });
}
