import { Migration } from '@mikro-orm/migrations';

/** Allocation runs (previews the office confirms or discards) and their proposed offers. Additive. */
export class Migration20261122070000AllocationRun extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "allocation_run" ("id" uuid not null, "municipality" text not null, "created_by" text not null, "created_at" timestamptz not null, "status" text not null default 'PREVIEW', "config" jsonb not null, "choices" jsonb not null, "child_count" int not null, "matched_count" int not null, "by_rank" jsonb not null, "blocking_pairs" int not null, "confirmed_by" text null, "confirmed_at" timestamptz null, "offer_deadline" date null, "discarded_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "allocation_run_created_at_index" on "allocation_run" ("created_at");`);
    this.addSql(`alter table "allocation_run" add constraint "allocation_run_status_check" check ("status" in ('PREVIEW', 'CONFIRMED', 'DISCARDED'));`);
    this.addSql(
      `create table "allocation_proposal" ("id" uuid not null, "run_id" uuid not null, "reservation_id" uuid not null, "facility_id" uuid not null, "group_id" text not null, "rank" int not null, primary key ("id"));`,
    );
    this.addSql(`create index "allocation_proposal_run_id_index" on "allocation_proposal" ("run_id");`);
  }
}
