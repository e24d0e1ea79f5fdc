import { startPeerConsumer, type BackgroundJob, type InstanceContext } from '@kita/shared';
import { applyVacancyEvents } from './free-place.apply.js';

/** Keeps `free_place` current from this municipality's vacancy subgraph (see startPeerConsumer). */
export function startFreePlaceProjection(instance: InstanceContext): BackgroundJob | undefined {
  return startPeerConsumer(instance, { consumer: 'facility', source: 'vacancy', apply: applyVacancyEvents });
}
