import {
  checkedPreference,
  type FacilityNotificationSettingsPayload,
  facilityNotificationSettingsChanged,
  facilityRecipient,
  NotificationKind,
  NotificationPreferenceEntity,
  notificationLanguages,
  recipientSettingsOf,
  savePreference,
  UndeliverableNotification,
  undeliverableNotifications,
} from '@kita/notification';
import { clientError, ErrorCode, formatId, recordEvent, requireSignedIn, type SubgraphContext } from '@kita/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, Field, ID, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { FacilityLoaders } from '../loaders.js';
import { membersOf } from '../membership/facility-member.loader.js';
import { isMember } from '../membership/membership.access.js';
import { localFacilityId } from '../onboarding/facility-ref.js';
import { requireOffice } from '../onboarding/onboarding.access.js';

type Context = SubgraphContext<FacilityLoaders>;

@ObjectType({
  description:
    "A facility's e-mail settings: the language of the mails to its contact address and the kinds it gets. Kept by the facility's municipality; read where each mail is sent (profile and permit mails here, NEW_RESERVATION by the reservation subgraph, which follows them through the facility's events).",
})
export class FacilityNotificationSettings {
  @Field(() => ID)
  facilityId!: string;

  @Field(() => String, { description: `The language of the mails: ${notificationLanguages.join(', ')} (German unless chosen).` })
  language!: string;

  @Field(() => [NotificationKind], { description: 'The kinds switched off.' })
  disabledKinds!: NotificationKind[];

  @Field(() => [NotificationKind], {
    description: 'The kinds a facility gets: PROFILE_PUBLISHED, PROFILE_REJECTED, PERMIT_EXPIRING, PERMIT_LAPSED, NEW_RESERVATION.',
  })
  kinds!: NotificationKind[];

  @Field(() => [NotificationKind], { description: 'Of `kinds`, those always sent whatever is switched off: PROFILE_REJECTED, PERMIT_LAPSED.' })
  requiredKinds!: NotificationKind[];
}

const who = "Only the facility's own providers (its members); anonymous: UNAUTHENTICATED, every other role: FORBIDDEN.";

/** A provider who is a member of the facility; for every other viewer FORBIDDEN, also when no such facility exists (nothing learnt about IDs). */
async function requireMemberOf(context: Context, facilityId: string, action: string): Promise<string> {
  requireSignedIn(context.viewer, action);
  const localId = localFacilityId(facilityId, context.municipality, 'facilityId');
  const members = context.viewer.role === 'provider' ? await membersOf(context.em as EntityManager, [localId]) : [];
  if (!isMember(context.viewer, members)) {
    throw clientError(ErrorCode.Forbidden, `Only the facility's own providers (its members) may ${action}.`, { municipality: context.municipality });
  }
  return localId;
}

const settingsOf = (context: Context, localId: string, row: NotificationPreferenceEntity | null): FacilityNotificationSettings => ({
  facilityId: formatId(context.municipality, localId),
  ...recipientSettingsOf('provider', row),
});

/**
 * A facility's notification settings (see @kita/notification): `facilityNotificationSettings` and
 * `setFacilityNotificationSettings`; and for the office the facility subgraph's undeliverable mails.
 */
@Resolver()
export class FacilityNotificationResolver {
  @Query(() => FacilityNotificationSettings, { nullable: true, description: `The e-mail settings of a facility. ${who}` })
  async facilityNotificationSettings(@Arg('facilityId', () => ID) facilityId: string, @Ctx() context: Context): Promise<FacilityNotificationSettings> {
    const localId = await requireMemberOf(context, facilityId, 'see its notification settings');
    return settingsOf(context, localId, await context.em.findOne(NotificationPreferenceEntity, { subject: facilityRecipient(localId) }));
  }

  @Mutation(() => FacilityNotificationSettings, {
    description: `Chooses the language of a facility's mails and the kinds it gets. Only kinds offered to a facility may be switched off, required ones never: naming one is BAD_USER_INPUT and changes nothing. ${who}`,
  })
  async setFacilityNotificationSettings(
    @Arg('facilityId', () => ID) facilityId: string,
    @Arg('language', () => String) language: string,
    @Arg('disabledKinds', () => [NotificationKind]) disabledKinds: NotificationKind[],
    @Ctx() context: Context,
  ): Promise<FacilityNotificationSettings> {
    const localId = await requireMemberOf(context, facilityId, 'change its notification settings');
    const preference = checkedPreference('provider', language, disabledKinds);
    const row = await (context.em as EntityManager).transactional(async (tx) => {
      const saved = await savePreference(tx as EntityManager, facilityRecipient(localId), preference);
      const payload: FacilityNotificationSettingsPayload = {
        facilityId: localId,
        language: saved.language,
        disabledKinds: saved.disabledKinds,
        updatedAt: saved.updatedAt.toISOString(),
      };
      await recordEvent(tx as EntityManager, facilityNotificationSettingsChanged, localId, { ...payload });
      return saved;
    });
    return settingsOf(context, localId, row);
  }

  @Query(() => [UndeliverableNotification], {
    nullable: true,
    description:
      "The facility subgraph's mails to facilities (profile published or rejected, permit lapsing or lapsed) that the mail server refused, that bounced later (BOUNCED, the DSN status code), or that were not attempted because the address had bounced (SKIPPED, ADDRESS_BOUNCED); newest first (at most 200). The families' mails and NEW_RESERVATION are in undeliverableNotifications. Office of the municipality only.",
  })
  async undeliverableFacilityNotifications(
    @Arg('municipality', () => String) municipality: string,
    @Ctx() context: Context,
  ): Promise<UndeliverableNotification[]> {
    if (municipality !== context.municipality) return [];
    requireOffice(context.viewer, context.municipality, 'see undeliverable notifications');
    return undeliverableNotifications(context.em as EntityManager, context.municipality);
  }
}
