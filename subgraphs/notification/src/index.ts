export { keepDays, type MailDeliveryOptions, startMailDelivery } from './delivery.js';
export { type NotificationJobOptions, startNotificationJob } from './job.js';
export { familyKinds, isNotificationLanguage, NotificationKind, type NotificationLanguage, notificationLanguages, requiredKinds } from './kinds.js';
export { MailStatus, NotificationMailEntity } from './mail.entity.js';
export { Migration20261203160000Notification } from './migration.js';
export { NotificationPreferenceEntity } from './preference.entity.js';
export { type QueuedMail, queueMails } from './queue.js';
export { defaultMailTiming, type MailEnv, type MailSettings, mailEnvSchema, mailSettingsOf } from './settings.js';
export { type MailParams, type RenderedMail, renderMail } from './texts.js';
