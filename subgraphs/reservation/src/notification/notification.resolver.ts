import {
  familyKinds,
  isNotificationLanguage,
  MailStatus,
  NotificationKind,
  NotificationMailEntity,
  NotificationPreferenceEntity,
  notificationLanguages,
  requiredKinds,
} from '@kita/notification';
import { badInput, clientError, ErrorCode, formatId, requireSignedIn, type SubgraphContext } from '@kita/shared';
import { Arg, Ctx, Field, GraphQLISODateTime, ID, Mutation, ObjectType, Query, Resolver, registerEnumType } from 'type-graphql';
import type { ReservationLoaders } from '../loaders.js';
import { requireOffice } from '../reservation/reservation.access.js';

type Context = SubgraphContext<ReservationLoaders>;

registerEnumType(NotificationKind, {
  name: 'NotificationKind',
  description: 'What an e-mail notification is about. OFFER_MADE, OFFER_LAPSED and ZUSAGE_CONFIRMED are always sent.',
});
registerEnumType(MailStatus, {
  name: 'NotificationStatus',
  description: 'PENDING (waiting or retried), SENT, REFUSED by the mail server, SKIPPED (no address, or switched off).',
});

@ObjectType({ description: "A family's notification settings in one municipality (each municipality sends its own mail)." })
export class NotificationSettings {
  @Field(() => String, { description: 'The municipality (AGS) these settings belong to.' })
  municipality!: string;

  @Field(() => String, { description: `The language of the mails: ${notificationLanguages.join(', ')} (German unless chosen).` })
  language!: string;

  @Field(() => [NotificationKind], { description: 'The kinds switched off.' })
  disabledKinds!: NotificationKind[];

  @Field(() => [NotificationKind], { description: 'The kinds that are always sent (legally relevant), whatever is switched off.' })
  requiredKinds!: NotificationKind[];
}

@ObjectType({ description: 'An e-mail the mail server refused (or that had no address), for the office to follow up: address and SMTP code, never the text.' })
export class UndeliverableNotification {
  @Field(() => ID)
  id!: string;

  @Field(() => NotificationKind)
  kind!: NotificationKind;

  @Field(() => MailStatus)
  status!: MailStatus;

  @Field(() => String, { nullable: true, description: 'The address the server refused; null when the family gave none.' })
  address!: string | null;

  @Field(() => String, { nullable: true, description: 'The SMTP reply code or error code.' })
  error!: string | null;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;
}

const settingsOf = (municipality: string, row: NotificationPreferenceEntity | null): NotificationSettings => ({
  municipality,
  language: row?.language ?? 'de',
  disabledKinds: (row?.disabledKinds ?? []) as NotificationKind[],
  requiredKinds: [...requiredKinds],
});

function requireParent(context: Context, action: string): string {
  requireSignedIn(context.viewer, action);
  if (context.viewer.role !== 'parent' || !context.viewer.subject) throw clientError(ErrorCode.Forbidden, `Only a parent may ${action}.`);
  return context.viewer.subject;
}

@Resolver()
export class NotificationResolver {
  @Query(() => NotificationSettings, { nullable: true, description: "The signed-in parent's e-mail settings in a municipality." })
  async notificationSettings(@Arg('municipality', () => String) municipality: string, @Ctx() context: Context): Promise<NotificationSettings> {
    const subject = requireParent(context, 'see notification settings');
    return settingsOf(municipality, await context.em.findOne(NotificationPreferenceEntity, { subject }));
  }

  @Mutation(() => NotificationSettings, {
    description:
      'The signed-in parent chooses the language of the mails and which kinds it gets, in one municipality. Required kinds (see requiredKinds) cannot be switched off; naming one is refused.',
  })
  async setNotificationSettings(
    @Arg('municipality', () => String) municipality: string,
    @Arg('language', () => String) language: string,
    @Arg('disabledKinds', () => [NotificationKind]) disabledKinds: NotificationKind[],
    @Ctx() context: Context,
  ): Promise<NotificationSettings> {
    const subject = requireParent(context, 'change notification settings');
    if (!isNotificationLanguage(language)) throw badInput(`"language" must be one of ${notificationLanguages.join(', ')}.`, { argument: 'language' });
    if (disabledKinds.some((kind) => requiredKinds.has(kind)))
      throw badInput('Offers, lapsed offers and confirmed Zusagen are always sent.', { argument: 'disabledKinds' });
    await context.em.upsert(NotificationPreferenceEntity, { subject, language, disabledKinds: [...new Set(disabledKinds)].sort(), updatedAt: new Date() });
    return settingsOf(municipality, await context.em.findOne(NotificationPreferenceEntity, { subject }, { refresh: true }));
  }

  @Query(() => [UndeliverableNotification], {
    nullable: true,
    description:
      'Mails the mail server refused (to families or facilities), and mails to families that gave no address, newest first (at most 200). Office of the municipality only.',
  })
  async undeliverableNotifications(@Arg('municipality', () => String) municipality: string, @Ctx() context: Context): Promise<UndeliverableNotification[]> {
    if (municipality !== context.municipality) return [];
    requireOffice(context.viewer, context.municipality, 'see undeliverable notifications');
    const rows = await context.em.find(
      NotificationMailEntity,
      { $or: [{ status: MailStatus.REFUSED }, { status: MailStatus.SKIPPED, lastError: 'NO_ADDRESS', kind: { $in: [...familyKinds] } }] },
      { orderBy: { createdAt: 'desc', id: 'desc' }, limit: 200 },
    );
    return rows.map((row) => ({
      id: formatId(context.municipality, row.id),
      kind: row.kind as NotificationKind,
      status: row.status,
      address: row.address,
      error: row.lastError,
      createdAt: row.createdAt,
    }));
  }
}
