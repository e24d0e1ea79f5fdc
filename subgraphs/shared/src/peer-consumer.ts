import { serviceTokens } from '@kita/core';
import { type EventApplier, type EventConsumer, startEventConsumer } from './events/consumer.js';
import { eventsUrlOf } from './events/events-route.js';
import type { InstanceContext } from './module.js';

export interface PeerConsumerOptions {
  /** This instance's subgraph (names the service token: `<consumer>@<municipality>`). */
  consumer: string;
  /** The same municipality's subgraph whose outbox is read; also the cursor's stable name. */
  source: string;
  apply: EventApplier;
  /** Every second while events come; an idle stream is asked less often, up to this (cheap with many instances). */
  maxIdleIntervalMs?: number;
}

/**
 * Follows the outbox of this municipality's instance of another subgraph: polls its `/events`
 * with a service token, applies the events and moves the cursor in one transaction. While the
 * source is down the projection is late, never wrong. Undefined (logged) without a service key.
 */
export function startPeerConsumer(instance: InstanceContext, options: PeerConsumerOptions): EventConsumer | undefined {
  const auth = instance.auth;
  if (!auth) {
    instance.logger.warn('event_consumer_disabled', { source: options.source, reason: 'no service key to sign service tokens' });
    return undefined;
  }
  const tokens = serviceTokens(auth, `${options.consumer}@${instance.municipality}`);
  return startEventConsumer({
    // The cursor is keyed by this name, not by the URL: keep it stable.
    name: options.source,
    source: () => {
      const url = instance.peerUrl(options.source);
      return url ? eventsUrlOf(url) : undefined;
    },
    database: instance.database,
    token: () => tokens(instance.municipality),
    apply: options.apply,
    maxIdleIntervalMs: options.maxIdleIntervalMs ?? 5000,
    logger: instance.logger,
    metrics: instance.metrics,
  });
}
