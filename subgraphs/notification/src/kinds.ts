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
}

/** Messages with legal weight: sent whatever the recipient's preferences say. */
export const requiredKinds: ReadonlySet<NotificationKind> = new Set([
  NotificationKind.OFFER_MADE,
  NotificationKind.OFFER_LAPSED,
  NotificationKind.ZUSAGE_CONFIRMED,
]);

/** The languages of the parent portal; mails fall back to German. */
export const notificationLanguages = ['de', 'en', 'tr', 'ar', 'uk', 'ru', 'pl'] as const;
export type NotificationLanguage = (typeof notificationLanguages)[number];

export function isNotificationLanguage(value: string | null | undefined): value is NotificationLanguage {
  return (notificationLanguages as readonly string[]).includes(value ?? '');
}
