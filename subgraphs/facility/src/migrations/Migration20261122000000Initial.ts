import { Migration } from '@mikro-orm/migrations';

/** The catalogue: one row per facility of this municipality. */
export class Migration20261122000000Initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "facility" ("id" uuid not null, "kind" text not null, "name" text not null, "carrier" text not null, "street" text not null, "postal_code" text not null, "city" text not null, "district" text not null, "latitude" double precision not null, "longitude" double precision not null, "age_from_months" int not null, "age_to_months" int not null, "capacity" int not null, "opening_hours" jsonb not null, "status" text not null default 'DRAFT', "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "facility_district_index" on "facility" ("district");`);
    this.addSql(`create index "facility_status_index" on "facility" ("status");`);
    this.addSql(`create index "facility_name_id_index" on "facility" ("name", "id");`);
    this.addSql(
      `alter table "facility" add constraint "facility_kind_check" check ("kind" in ('KINDERTAGESSTAETTE', 'KINDERTAGESPFLEGE', 'GROSSTAGESPFLEGE'));`,
    );
    this.addSql(
      `alter table "facility" add constraint "facility_status_check" check ("status" in ('DRAFT', 'SUBMITTED', 'PUBLISHED', 'REJECTED', 'SUSPENDED'));`,
    );
  }
}
