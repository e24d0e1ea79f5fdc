import { Migration } from '@mikro-orm/migrations';

/** Free places per facility, age band, hours band and date range. */
export class Migration20261122000000Initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "vacancy" ("id" uuid not null, "facility_id" uuid not null, "places" int not null, "age_from_months" int not null, "age_to_months" int not null, "hours_band" text not null, "available_from" date not null, "available_until" date null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "vacancy_facility_id_index" on "vacancy" ("facility_id");`);
    this.addSql(`alter table "vacancy" add constraint "vacancy_hours_band_check" check ("hours_band" in ('HALF_DAY', 'THREE_QUARTER', 'FULL_DAY'));`);
  }
}
