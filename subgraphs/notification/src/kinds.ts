/** What a notification is about; the texts (texts.ts) and the preferences speak of these. */
export enum NotificationKind {
  /** Families: a Vormerkung (one municipality's part) was received. */
  RESERVATION_RECEIVED = 'RESERVATION_RECEIVED',
  /** Families: an offer with its deadline (legally relevant: cannot be switched off). */
  OFFER_MADE = 'OFFER_MADE',
  /** Families: the offer's deadline is 3 days away. */
  OFFER_REMINDER = 'OFFER_REMINDER',
  /** Families: an unanswered offer lapsed (cannot be switched off). */
  OFFER_LAPSED = 'OFFER_LAPSED',
  /** Families: a choice was withdrawn because a place was accepted elsewhere. */
  CHOICE_WITHDRAWN_PLACED = 'CHOICE_WITHDRAWN_PLACED',
  /** Families: the Zusage (accepted offer) is confirmed (cannot be switched off). */
  ZUSAGE_CONFIRMED = 'ZUSAGE_CONFIRMED',
  /** Providers: the office published the profile. */
  PROFILE_PUBLISHED = 'PROFILE_PUBLISHED',
  /** Providers: the office rejected the profile, with its reason. */
  PROFILE_REJECTED = 'PROFILE_REJECTED',
  /** Providers: the Pflegeerlaubnis lapses in 60 days. */
  PERMIT_EXPIRING = 'PERMIT_EXPIRING',
  /** Providers: the Pflegeerlaubnis lapsed; the profile is hidden from search. */
  PERMIT_LAPSED = 'PERMIT_LAPSED',
  /** Providers: a new Vormerkung for the facility (no child data, a link instead). */
  NEW_RESERVATION = 'NEW_RESERVATION',
  /** Offices: once a day, what waits for them (counts only). */
  OFFICE_DIGEST = 'OFFICE_DIGEST',
}

/** The kinds a family gets (its settings in the portal choose among these). */
export const familyKinds: readonly NotificationKind[] = [
  NotificationKind.RESERVATION_RECEIVED,
  NotificationKind.OFFER_MADE,
  NotificationKind.OFFER_REMINDER,
  NotificationKind.OFFER_LAPSED,
  NotificationKind.CHOICE_WITHDRAWN_PLACED,
  NotificationKind.ZUSAGE_CONFIRMED,
];

/** The kinds a facility's contact address gets (its providers' settings choose among these). */
export const providerKinds: readonly NotificationKind[] = [
  NotificationKind.PROFILE_PUBLISHED,
  NotificationKind.PROFILE_REJECTED,
  NotificationKind.PERMIT_EXPIRING,
  NotificationKind.PERMIT_LAPSED,
  NotificationKind.NEW_RESERVATION,
];

/** The kinds a municipality's office gets (its settings choose among these). */
export const officeKinds: readonly NotificationKind[] = [NotificationKind.OFFICE_DIGEST];

/**
 * Messages with legal or operational weight: sent whatever the recipient's preferences say. Families:
 * the offer, its lapse and the Zusage (deadlines run from them); providers: a rejected profile (the
 * office waits for a correction) and a lapsed permit (the profile is hidden from search).
 */
export const requiredKinds: ReadonlySet<NotificationKind> = new Set([
  NotificationKind.OFFER_MADE,
  NotificationKind.OFFER_LAPSED,
  NotificationKind.ZUSAGE_CONFIRMED,
  NotificationKind.PROFILE_REJECTED,
  NotificationKind.PERMIT_LAPSED,
]);

/** Who a recipient is: the kinds offered to it and those it cannot switch off follow from it. */
export type RecipientRole = 'family' | 'provider' | 'office';

const kindsByRole: Record<RecipientRole, readonly NotificationKind[]> = { family: familyKinds, provider: providerKinds, office: officeKinds };

/** The kinds a recipient of this role gets, and which of them it cannot switch off. */
export function kindsOf(role: RecipientRole): { kinds: NotificationKind[]; required: NotificationKind[] } {
  const kinds = [...kindsByRole[role]];
  return { kinds, required: kinds.filter((kind) => requiredKinds.has(kind)) };
}

/** The preference subject of a facility's contact address (the mails' recipient) and of a municipality's office. */
export const facilityRecipient = (facilityId: string) => `facility:${facilityId}`;
export const officeRecipient = 'office';

/** The languages of the parent portal; mails fall back to German. */
export const notificationLanguages = ['de', 'en', 'tr', 'ar', 'uk', 'ru', 'pl'] as const;
export type NotificationLanguage = (typeof notificationLanguages)[number];

export function isNotificationLanguage(value: string | null | undefined): value is NotificationLanguage {
  return (notificationLanguages as readonly string[]).includes(value ?? '');
}
