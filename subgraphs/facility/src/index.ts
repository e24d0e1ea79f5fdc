export { facilityModule } from './module.js';
export { FacilityEntity, FacilityKind, PublicationStatus, type OpeningHoursRow } from './facility/facility.entity.js';
export { AccessibilityFeature, CarrierType, Meal } from './facility/facility.entity.js';
export { FacilityGroupEntity, HoursBand as FacilityHoursBand } from './profile/facility-group.entity.js';
export { ActorRole, FacilityTransitionEntity } from './onboarding/facility-transition.entity.js';
export { suspendLapsedPermits } from './onboarding/onboarding.service.js';
export { visibleTo } from './onboarding/visibility.js';
export { FacilityMemberEntity, FacilityMemberRole } from './membership/facility-member.entity.js';
export {
  FacilityEventType,
  facilityFactsChanged,
  facilityMembersChanged,
  recordFacilities,
  recordFacilityFacts,
  recordFacilityMembers,
  type FacilityFactsChangedPayload,
  type FacilityMembersChangedPayload,
  type FacilityGroupFact,
} from './facts/facility-facts.events.js';
