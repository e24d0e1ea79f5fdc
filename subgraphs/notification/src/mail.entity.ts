import { newLocalId } from '@kita/shared';
import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';

/**
 * Where a mail stands: waiting (or retried), handed to the mail server, refused by it, bounced
 * later (a DSN came back), or not sent (no address, switched off, the address bounced before).
 */
export enum MailStatus {
  PENDING = 'PENDING',
  SENT = 'SENT',
  REFUSED = 'REFUSED',
  BOUNCED = 'BOUNCED',
  SKIPPED = 'SKIPPED',
}

/**
 * One mail to one recipient about one event: the idempotency record. `(event_key, recipient)` is
 * unique, so an event seen again (a rescan, a restart, a second replica) queues nothing new, and
 * the delivery marks it SENT in the transaction that holds its row locked.
 */
@Entity({ tableName: 'notification_mail' })
@Unique({ properties: ['eventKey', 'recipient'] })
@Index({ properties: ['status', 'nextAttemptAt'] })
export class NotificationMailEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string = newLocalId();

  /** What happened, stable per event: `step:<transition id>`, `received:<part id>`, `reminder:<choice id>:<deadline>`. */
  @Property({ type: 'text' })
  eventKey!: string;

  /** Whom it is for: an account subject (families) or `facility:<id>` (a facility's contact). */
  @Property({ type: 'text' })
  recipient!: string;

  @Property({ type: 'text' })
  kind!: string;

  /** Personal data: the address it goes to; null when none is known (then SKIPPED). */
  @Property({ type: 'text', nullable: true })
  address: string | null = null;

  @Property({ type: 'text' })
  language: string = 'de';

  /** What the text needs (first name of the child at most, facility name, dates, link); personal data. */
  @Property({ type: 'json' })
  params: Record<string, unknown> = {};

  @Property({ type: 'text' })
  status: MailStatus = MailStatus.PENDING;

  @Property({ type: 'integer' })
  attempts: number = 0;

  @Property({ type: 'datetime' })
  nextAttemptAt: Date = new Date();

  /** Why the last attempt failed or the server refused: an SMTP code or error code, never the server's text. */
  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  sentAt: Date | null = null;

  /** The random token of the mail's envelope sender `bounce+<token>@<bounce domain>` (see bounce.ts); null until sent with one. */
  @Property({ type: 'text', nullable: true, unique: true })
  bounceToken: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  bouncedAt: Date | null = null;
}

/** An address that bounced permanently (as its hash): no mail to it is attempted until the recipient's address changes. */
@Entity({ tableName: 'notification_suppression' })
export class NotificationSuppressionEntity {
  @PrimaryKey({ type: 'text' })
  addressHash!: string;

  /** The DSN's status code, e.g. `5.1.1`. */
  @Property({ type: 'text' })
  statusCode!: string;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
