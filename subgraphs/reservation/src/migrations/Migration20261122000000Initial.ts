import { Migration } from '@mikro-orm/migrations';

/** Vormerkungen; child_birth_date is personal data. */
export class Migration20261122000000Initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "reservation" ("id" uuid not null, "facility_id" uuid not null, "child_birth_date" date not null, "wished_start" date not null, "hours_per_week" int not null, "status" text not null default 'SUBMITTED', "parent_subject" text not null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "reservation_facility_id_index" on "reservation" ("facility_id");`);
    this.addSql(`create index "reservation_parent_subject_index" on "reservation" ("parent_subject");`);
    this.addSql(
      `alter table "reservation" add constraint "reservation_status_check" check ("status" in ('SUBMITTED', 'IN_REVIEW', 'OFFERED', 'ACCEPTED', 'DECLINED', 'LAPSED', 'WITHDRAWN'));`,
    );
  }
}
