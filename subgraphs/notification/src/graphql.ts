import { registerEnumType } from 'type-graphql';
import { NotificationKind } from './kinds.js';
import { MailStatus } from './mail.entity.js';

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
