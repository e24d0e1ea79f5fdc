import { formatId, type MunicipalityKey } from '@kita/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Directive, Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from 'type-graphql';
import { NotificationKind } from './kinds.js';
import { MailStatus, NotificationMailEntity } from './mail.entity.js';

/**
 * The notification enums in the GraphQL schemas of the subgraphs that send mail (facility,
 * reservation), registered once per process (`npm start` runs every subgraph in one), with the
 * same values in each subgraph, as federation requires of an enum used as input.
 */
registerEnumType(NotificationKind, {
  name: 'NotificationKind',
  description:
    'What an e-mail notification is about. Families get RESERVATION_RECEIVED … ZUSAGE_CONFIRMED, a facility PROFILE_PUBLISHED … NEW_RESERVATION, an office OFFICE_DIGEST. Always sent (cannot be switched off): OFFER_MADE, OFFER_LAPSED, ZUSAGE_CONFIRMED, PROFILE_REJECTED, PERMIT_LAPSED.',
});
registerEnumType(MailStatus, {
  name: 'NotificationStatus',
  description:
    'PENDING (waiting or retried), SENT (the mail server accepted it), REFUSED by the mail server, BOUNCED (a delivery status notification came back later), SKIPPED (no address, switched off, or the address bounced before).',
});

/** One mail for the office to follow up; the same type wherever mail is sent (facility, reservation), hence shareable. */
@Directive('@shareable')
@ObjectType({
  description: 'An e-mail the mail server refused or that bounced (or that had no address), for the office to follow up: address and code, never the text.',
})
export class UndeliverableNotification {
  @Field(() => ID)
  id!: string;

  @Field(() => NotificationKind)
  kind!: NotificationKind;

  @Field(() => MailStatus)
  status!: MailStatus;

  @Field(() => String, { nullable: true, description: 'The address the server refused or that bounced; null when none was given.' })
  address!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Why: the SMTP reply code (REFUSED), the DSN status code (BOUNCED, e.g. 5.1.1), ADDRESS_BOUNCED or NO_ADDRESS (SKIPPED).',
  })
  error!: string | null;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;
}

/**
 * This database's mails for the office to follow up, newest first (at most 200): refused, bounced,
 * not attempted because the address had bounced, and those of `noAddressKinds` that had no address.
 */
export async function undeliverableNotifications(
  em: EntityManager,
  municipality: MunicipalityKey,
  noAddressKinds: readonly NotificationKind[] = [],
): Promise<UndeliverableNotification[]> {
  const rows = await em.find(
    NotificationMailEntity,
    {
      $or: [
        { status: { $in: [MailStatus.REFUSED, MailStatus.BOUNCED] } },
        { status: MailStatus.SKIPPED, lastError: 'ADDRESS_BOUNCED' },
        ...(noAddressKinds.length ? [{ status: MailStatus.SKIPPED, lastError: 'NO_ADDRESS', kind: { $in: [...noAddressKinds] } }] : []),
      ],
    },
    { orderBy: { createdAt: 'desc', id: 'desc' }, limit: 200 },
  );
  return rows.map((row) => ({
    id: formatId(municipality, row.id),
    kind: row.kind as NotificationKind,
    status: row.status,
    address: row.address,
    error: row.lastError,
    createdAt: row.createdAt,
  }));
}
