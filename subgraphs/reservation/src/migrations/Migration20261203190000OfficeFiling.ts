import { Migration } from '@mikro-orm/migrations';

/**
 * Parts the office files for a family (paper, desk, phone): who filed it, how, the noted consent,
 * and the one-time take-over code (its HMAC only) with its expiry; the wrong codes each parent
 * account tried, for the attempt limit. Additive.
 */
export class Migration20261203190000OfficeFiling extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "reservation_part" add column "filed_by" text null, add column "filing_channel" text null, add column "consent_noted_at" timestamptz null, add column "takeover_code_hash" text null, add column "takeover_code_expires_at" timestamptz null, add column "taken_over_at" timestamptz null;`,
    );
    this.addSql(`alter table "reservation_part" add constraint "reservation_part_takeover_code_hash_unique" unique ("takeover_code_hash");`);
    this.addSql(
      `create table "takeover_attempt" ("id" uuid not null, "subject" text not null, "at" timestamptz not null, constraint "takeover_attempt_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "takeover_attempt_subject_at_index" on "takeover_attempt" ("subject", "at");`);
  }
}
