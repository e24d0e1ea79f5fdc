import { applyFacilityMemberEvents, type BackgroundJob, type InstanceContext, startPeerConsumer } from '@kita/shared';

/** Keeps `facility_member` current from this municipality's facility subgraph (see startPeerConsumer). */
export function startFacilityMemberProjection(instance: InstanceContext): BackgroundJob | undefined {
  return startPeerConsumer(instance, { consumer: 'vacancy', source: 'facility', apply: applyFacilityMemberEvents });
}
