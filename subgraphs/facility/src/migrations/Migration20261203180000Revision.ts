import { Migration } from '@mikro-orm/migrations';

/**
 * Pending revisions: a provider's edit of a published profile waits in `facility_revision` for
 * the office (see revision/revision.entity.ts); at most one PENDING per facility.
 */
export class Migration20261203180000Revision extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "facility_revision" ("id" uuid not null, "facility_id" uuid not null, "profile" jsonb not null, "status" text not null default 'PENDING', "submitted_by" text not null, "submitted_at" timestamptz not null, "decided_by" text null, "decided_at" timestamptz null, "reason" text null, primary key ("id"));`,
    );
    this.addSql(`create index "facility_revision_facility_id_index" on "facility_revision" ("facility_id");`);
    this.addSql(`create unique index "facility_revision_pending_index" on "facility_revision" ("facility_id") where "status" = 'PENDING';`);
    this.addSql(`alter table "facility_revision" add constraint "facility_revision_status_check" check ("status" in ('PENDING', 'APPROVED', 'REJECTED'));`);
  }
}
