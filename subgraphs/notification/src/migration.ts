import { Migration } from '@mikro-orm/migrations';

/**
 * The notification tables of a subgraph that sends mail (see @kita/notification): the mails with
 * their idempotency key, and the recipients' preferences. Additive.
 */
export class Migration20261203160000Notification extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "notification_mail" ("id" uuid not null, "event_key" text not null, "recipient" text not null, "kind" text not null, "address" text null, "language" text not null default 'de', "params" jsonb not null, "status" text not null default 'PENDING', "attempts" int not null default 0, "next_attempt_at" timestamptz not null, "last_error" text null, "created_at" timestamptz not null, "sent_at" timestamptz null, constraint "notification_mail_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "notification_mail" add constraint "notification_mail_event_key_recipient_unique" unique ("event_key", "recipient");`);
    this.addSql(`create index "notification_mail_status_next_attempt_at_index" on "notification_mail" ("status", "next_attempt_at");`);
    this.addSql(
      `create table "notification_preference" ("subject" text not null, "language" text null, "disabled_kinds" text[] not null, "updated_at" timestamptz not null, constraint "notification_preference_pkey" primary key ("subject"));`,
    );
  }
}
