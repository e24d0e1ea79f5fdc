import { Migration } from '@mikro-orm/migrations';

/**
 * Late bounces (see bounce.ts): each mail's random VERP token and when it bounced, and the
 * addresses that bounced permanently, as hashes. Additive.
 */
export class Migration20261203200000NotificationBounce extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "notification_mail" add column "bounce_token" text null, add column "bounced_at" timestamptz null;`);
    this.addSql(`alter table "notification_mail" add constraint "notification_mail_bounce_token_unique" unique ("bounce_token");`);
    this.addSql(
      `create table "notification_suppression" ("address_hash" text not null, "status_code" text not null, "created_at" timestamptz not null, constraint "notification_suppression_pkey" primary key ("address_hash"));`,
    );
  }
}
