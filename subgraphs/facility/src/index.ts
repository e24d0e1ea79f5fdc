export { facilityModule } from './module.js';
export { FacilityEntity, FacilityKind, PublicationStatus, type OpeningHoursRow } from './facility/facility.entity.js';
