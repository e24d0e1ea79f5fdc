import { type BackgroundJob, type InstanceContext, startPeerConsumer } from '@kita/shared';
import { applyFacilityEvents } from './facility-fact.apply.js';

/** Keeps `facility_fact` and `facility_member` current from this municipality's facility subgraph (see startPeerConsumer). */
export function startFacilityFactProjection(instance: InstanceContext): BackgroundJob | undefined {
  return startPeerConsumer(instance, { consumer: 'reservation', source: 'facility', apply: applyFacilityEvents });
}
