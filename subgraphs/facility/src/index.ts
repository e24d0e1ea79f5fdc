export { AccessibilityFeature, CarrierType, FacilityEntity, FacilityKind, Meal, type OpeningHoursRow, PublicationStatus } from './facility/facility.entity.js';
export {
  FacilityEventType,
  type FacilityFactsChangedPayload,
  type FacilityGroupFact,
  type FacilityMembersChangedPayload,
  facilityFactsChanged,
  facilityMembersChanged,
  recordFacilities,
  recordFacilityFacts,
  recordFacilityMembers,
} from './facts/facility-fact.events.js';
export { FacilityMemberEntity, FacilityMemberRole } from './membership/facility-member.entity.js';
export { createFacilityModule, facilityModule } from './module.js';
export { type ProviderNotificationSettings, queueProviderNotifications } from './notification/provider-notifications.js';
export { ActorRole, FacilityTransitionEntity } from './onboarding/facility-transition.entity.js';
export { suspendLapsedPermits } from './onboarding/onboarding.service.js';
export { visibleTo } from './onboarding/visibility.js';
export { FacilityGroupEntity, HoursBand as FacilityHoursBand } from './profile/facility-group.entity.js';
export { FacilityRevisionEntity, RevisionStatus } from './revision/revision.entity.js';
