import {
  checkedPreference,
  familyKinds,
  NotificationKind,
  NotificationPreferenceEntity,
  notificationLanguages,
  officeRecipient,
  type RecipientRole,
  recipientSettingsOf,
  savePreference,
  UndeliverableNotification,
  undeliverableNotifications,
} from '@kita/notification';
import { clientError, ErrorCode, isOfficeOf, requireSignedIn, type SubgraphContext } from '@kita/shared';
import { Arg, Ctx, Field, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { ReservationLoaders } from '../loaders.js';
import { requireOffice } from '../reservation/reservation.access.js';

type Context = SubgraphContext<ReservationLoaders>;

@ObjectType({
  description:
    "The signed-in parent's or office's e-mail settings in one municipality (each municipality sends its own mail and keeps its own settings). A facility's are Facility-scoped: facilityNotificationSettings.",
})
export class NotificationSettings {
  @Field(() => String, { description: 'The municipality (AGS) these settings belong to.' })
  municipality!: string;

  @Field(() => String, { description: `The language of the mails: ${notificationLanguages.join(', ')} (German unless chosen).` })
  language!: string;

  @Field(() => [NotificationKind], { description: 'The kinds switched off.' })
  disabledKinds!: NotificationKind[];

  @Field(() => [NotificationKind], {
    description: 'The kinds this recipient gets: a parent the family kinds (RESERVATION_RECEIVED … ZUSAGE_CONFIRMED), an office OFFICE_DIGEST.',
  })
  kinds!: NotificationKind[];

  @Field(() => [NotificationKind], { description: 'Of `kinds`, those always sent (legally relevant), whatever is switched off.' })
  requiredKinds!: NotificationKind[];
}

/** Whose settings a request reads or changes: the signed-in parent's (its subject) or the office's of this municipality. */
function recipientOf(context: Context, municipality: string, action: string): { subject: string; role: RecipientRole } {
  requireSignedIn(context.viewer, action);
  const { viewer } = context;
  if (viewer.role === 'parent' && viewer.subject) return { subject: viewer.subject, role: 'family' };
  if (isOfficeOf(viewer, context.municipality) && municipality === context.municipality) return { subject: officeRecipient, role: 'office' };
  throw clientError(
    ErrorCode.Forbidden,
    `Only a parent or the office of municipality ${context.municipality} may ${action}; a facility's providers use facilityNotificationSettings.`,
    { municipality: context.municipality },
  );
}

const settingsOf = (municipality: string, role: RecipientRole, row: NotificationPreferenceEntity | null): NotificationSettings => ({
  municipality,
  ...recipientSettingsOf(role, row),
});

@Resolver()
export class NotificationResolver {
  @Query(() => NotificationSettings, {
    nullable: true,
    description:
      "The signed-in parent's e-mail settings in a municipality, or, for the office of that municipality, the office's (its daily digest). Other roles: FORBIDDEN (providers: facilityNotificationSettings).",
  })
  async notificationSettings(@Arg('municipality', () => String) municipality: string, @Ctx() context: Context): Promise<NotificationSettings> {
    const { subject, role } = recipientOf(context, municipality, 'see notification settings');
    return settingsOf(municipality, role, await context.em.findOne(NotificationPreferenceEntity, { subject }));
  }

  @Mutation(() => NotificationSettings, {
    description:
      'The signed-in parent (or the office of the municipality, for its own mails) chooses the language of the mails and which kinds it gets, in one municipality. Only kinds offered to the role (see NotificationSettings.kinds) may be switched off, required kinds never (see requiredKinds): naming one is BAD_USER_INPUT and changes nothing.',
  })
  async setNotificationSettings(
    @Arg('municipality', () => String) municipality: string,
    @Arg('language', () => String) language: string,
    @Arg('disabledKinds', () => [NotificationKind]) disabledKinds: NotificationKind[],
    @Ctx() context: Context,
  ): Promise<NotificationSettings> {
    const { subject, role } = recipientOf(context, municipality, 'change notification settings');
    const preference = checkedPreference(role, language, disabledKinds);
    return settingsOf(municipality, role, await savePreference(context.em, subject, preference));
  }

  @Query(() => [UndeliverableNotification], {
    nullable: true,
    description:
      "Mails the mail server refused (to families, and facilities' NEW_RESERVATION mails; the facility subgraph's own are undeliverableFacilityNotifications), that bounced later (status BOUNCED, error the DSN status code, e.g. 5.1.1), that were not attempted because the address had bounced (SKIPPED, ADDRESS_BOUNCED), and mails to families that gave no address; newest first (at most 200). Office of the municipality only.",
  })
  async undeliverableNotifications(@Arg('municipality', () => String) municipality: string, @Ctx() context: Context): Promise<UndeliverableNotification[]> {
    if (municipality !== context.municipality) return [];
    requireOffice(context.viewer, context.municipality, 'see undeliverable notifications');
    return undeliverableNotifications(context.em, context.municipality, familyKinds);
  }
}
