import {
  type BackgroundJob,
  type EventConsumer,
  eventsUrlOf,
  type InstanceContext,
  type Logger,
  type MunicipalityKey,
  type OutboxEvent,
  serviceTokens,
  startEventConsumer,
} from '@kita/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type ChildPlacedPayload, ReservationEventType, withdrawPlacedElsewhere } from './child-placed.events.js';
import { recordPlacementConflicts } from './placement-conflict.service.js';

/**
 * What a `ChildPlaced` of another municipality (`source`) does here: withdraws the child's open
 * choices, and flags a conflict on any place the child also accepted here (both acceptances
 * happened before either event arrived). Idempotent: closed choices stay, a conflict is recorded once.
 */
export function applyPlacedElsewhere(source: MunicipalityKey, logger?: Logger) {
  return async (em: EntityManager, events: OutboxEvent[]): Promise<void> => {
    for (const event of events) {
      if (event.type !== ReservationEventType.ChildPlaced) continue;
      const payload = event.payload as ChildPlacedPayload;
      if (typeof payload.pseudonym !== 'string' || !payload.pseudonym) continue;
      await withdrawPlacedElsewhere(em, payload.pseudonym);
      const conflicts = await recordPlacementConflicts(em, payload.pseudonym, source, payload);
      for (const conflict of conflicts) {
        logger?.warn('placement_conflict', { reservationId: conflict.reservationId, otherMunicipality: source, otherReservationId: payload.reservationId });
      }
    }
  };
}

export interface PlacedElsewhereOptions {
  intervalMs?: number;
  maxIdleIntervalMs?: number;
}

/**
 * One consumer per other municipality's reservation instance (cursor `reservation@<ags>`), so a
 * municipality that is down delays only its own stream. Peers are asked lazily: a municipality
 * that appears later gets its consumer at the next look (every `intervalMs`, or on `catchUp`).
 */
export function startPlacedElsewhereConsumers(instance: InstanceContext, options: PlacedElsewhereOptions = {}): BackgroundJob | undefined {
  const auth = instance.auth;
  if (!auth) {
    instance.logger.warn('placed_elsewhere_consumers_disabled', { reason: 'no service key to sign service tokens' });
    return undefined;
  }
  const intervalMs = options.intervalMs ?? 3000;
  const maxIdleIntervalMs = options.maxIdleIntervalMs ?? 15_000;
  const consumers = new Map<string, EventConsumer>();
  // Signed with this municipality's own key, addressed to each peer: the peer checks it against the registry.
  const tokens = serviceTokens(auth, `reservation@${instance.municipality}`);
  let stopped = false;

  const refresh = () => {
    if (stopped) return;
    for (const peer of instance.peers('reservation')) {
      if (peer.municipality === instance.municipality || consumers.has(peer.municipality)) continue;
      const municipality = peer.municipality;
      consumers.set(
        municipality,
        startEventConsumer({
          // The cursor is keyed by this name, not by the URL: keep it stable.
          name: `reservation@${municipality}`,
          source: () => {
            const url = instance.peers('reservation').find((candidate) => candidate.municipality === municipality)?.url;
            return url ? eventsUrlOf(url) : undefined;
          },
          database: instance.database,
          token: () => tokens(municipality),
          apply: applyPlacedElsewhere(municipality, instance.logger),
          intervalMs,
          maxIdleIntervalMs,
          logger: instance.logger,
          metrics: instance.metrics,
        }),
      );
    }
  };
  refresh();
  const timer = setInterval(refresh, intervalMs);
  timer.unref();

  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await Promise.all([...consumers.values()].map((consumer) => consumer.stop()));
    },
    /** Catches up with every reachable peer; rejects with the first failure after trying all. */
    catchUp: async () => {
      refresh();
      const results = await Promise.allSettled([...consumers.values()].map((consumer) => consumer.catchUp()));
      const failed = results.find((result) => result.status === 'rejected');
      if (failed) throw (failed as PromiseRejectedResult).reason;
      return results.reduce((sum, result) => sum + (result.status === 'fulfilled' ? result.value : 0), 0);
    },
  };
}
