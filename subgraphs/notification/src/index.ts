export {
  addressHash,
  applyBounce,
  type BounceOutcome,
  type BounceReceiver,
  type BounceReceiverOptions,
  bounceAddress,
  bounceTokenOf,
  type DeliveryStatus,
  parseDsn,
  startBounceReceiver,
} from './bounce.js';
export { keepDays, type MailDeliveryOptions, startMailDelivery } from './delivery.js';
// The GraphQL enums NotificationKind and NotificationStatus are registered once, with this module (see graphql.ts).
export { UndeliverableNotification, undeliverableNotifications } from './graphql.js';
export { type NotificationJobOptions, startNotificationJob } from './job.js';
export {
  facilityRecipient,
  familyKinds,
  isNotificationLanguage,
  kindsOf,
  NotificationKind,
  type NotificationLanguage,
  notificationLanguages,
  officeKinds,
  officeRecipient,
  providerKinds,
  type RecipientRole,
  requiredKinds,
} from './kinds.js';
export { MailStatus, NotificationMailEntity, NotificationSuppressionEntity } from './mail.entity.js';
export { Migration20261203160000Notification } from './migration.js';
export { Migration20261203200000NotificationBounce } from './migration-bounce.js';
export { NotificationPreferenceEntity } from './preference.entity.js';
export {
  applyFacilityPreference,
  applyPreference,
  checkedPreference,
  type FacilityNotificationSettingsPayload,
  facilityNotificationSettingsChanged,
  type RecipientSettings,
  recipientSettingsOf,
  savePreference,
} from './preferences.js';
export { type QueuedMail, queueMails } from './queue.js';
export { defaultMailTiming, type MailEnv, type MailSettings, mailEnvSchema, mailSettingsOf } from './settings.js';
export { type MailParams, type RenderedMail, renderMail } from './texts.js';
