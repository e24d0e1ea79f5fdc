import { badInput } from '@kita/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  facilityRecipient,
  isNotificationLanguage,
  kindsOf,
  type NotificationKind,
  type NotificationLanguage,
  notificationLanguages,
  type RecipientRole,
} from './kinds.js';
import { NotificationPreferenceEntity } from './preference.entity.js';

/** One recipient's settings as the APIs show them: its language, what it switched off, what it is offered and cannot switch off. */
export interface RecipientSettings {
  language: NotificationLanguage;
  disabledKinds: NotificationKind[];
  kinds: NotificationKind[];
  requiredKinds: NotificationKind[];
}

export function recipientSettingsOf(role: RecipientRole, row: Pick<NotificationPreferenceEntity, 'language' | 'disabledKinds'> | null): RecipientSettings {
  const { kinds, required } = kindsOf(role);
  return {
    language: isNotificationLanguage(row?.language) ? row.language : 'de',
    disabledKinds: (row?.disabledKinds ?? []) as NotificationKind[],
    kinds,
    requiredKinds: required,
  };
}

/**
 * A recipient's choice, checked against its role: one of the portal's languages, and only kinds
 * offered to the role that are not required (BAD_USER_INPUT otherwise, nothing stored). Answers
 * the disabled kinds sorted and without repeats.
 */
export function checkedPreference(
  role: RecipientRole,
  language: string,
  disabledKinds: NotificationKind[],
): { language: NotificationLanguage; disabledKinds: NotificationKind[] } {
  if (!isNotificationLanguage(language)) throw badInput(`"language" must be one of ${notificationLanguages.join(', ')}.`, { argument: 'language' });
  const { kinds, required } = kindsOf(role);
  if (disabledKinds.some((kind) => required.includes(kind)))
    throw badInput(`${required.join(', ')} are always sent and cannot be switched off.`, { argument: 'disabledKinds' });
  if (disabledKinds.some((kind) => !kinds.includes(kind))) throw badInput(`"disabledKinds" may name only ${kinds.join(', ')}.`, { argument: 'disabledKinds' });
  return { language, disabledKinds: [...new Set(disabledKinds)].sort() };
}

/** Stores a recipient's (checked) choice; answers the stored row. */
export async function savePreference(
  em: EntityManager,
  subject: string,
  preference: { language: NotificationLanguage; disabledKinds: NotificationKind[] },
  now: Date = new Date(),
): Promise<NotificationPreferenceEntity> {
  await em.upsert(NotificationPreferenceEntity, { subject, language: preference.language, disabledKinds: preference.disabledKinds, updatedAt: now });
  return (await em.findOne(NotificationPreferenceEntity, { subject }, { refresh: true })) as NotificationPreferenceEntity;
}

/**
 * Applies a preference that another subgraph of the same municipality owns (a facility's, from
 * the facility subgraph's outbox): newer replaces older, a redelivered or older one changes nothing.
 */
export async function applyPreference(
  em: EntityManager,
  subject: string,
  preference: { language: string | null; disabledKinds: string[]; updatedAt: string },
): Promise<void> {
  await em.execute(
    `insert into notification_preference (subject, language, disabled_kinds, updated_at) values (?, ?, ?, ?)
     on conflict (subject) do update set language = excluded.language, disabled_kinds = excluded.disabled_kinds, updated_at = excluded.updated_at
     where notification_preference.updated_at < excluded.updated_at`,
    [subject, preference.language, `{${preference.disabledKinds.join(',')}}`, new Date(preference.updatedAt)],
  );
}

/**
 * The facility subgraph's outbox event with a facility's notification settings after a change:
 * the reservation subgraph of the same municipality, which sends the facility its NEW_RESERVATION
 * mails, applies it to its own preferences (`applyFacilityPreference`). Nothing personal: a
 * facility's language and the kinds it switched off.
 */
export const facilityNotificationSettingsChanged = 'FacilityNotificationSettingsChanged';

export interface FacilityNotificationSettingsPayload {
  facilityId: string;
  language: string | null;
  disabledKinds: string[];
  /** ISO time of the change: the newer one wins. */
  updatedAt: string;
}

export async function applyFacilityPreference(em: EntityManager, payload: FacilityNotificationSettingsPayload): Promise<void> {
  await applyPreference(em, facilityRecipient(payload.facilityId), payload);
}
