export { vacancyModule } from './module.js';
export { applyReservationEvents } from './placement/placement.consumer.js';
export { HoursBand, VacancyEntity } from './vacancy/vacancy.entity.js';
export {
  recordVacancies,
  VacancyEventType,
  type VacancyPublishedPayload,
  type VacancyRemovedPayload,
} from './vacancy/vacancy.events.js';
