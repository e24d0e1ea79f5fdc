import { Migration } from '@mikro-orm/migrations';

/** The projection of this municipality's free places (the vacancy subgraph's events), for allocation runs. Additive. */
export class Migration20261122080000FreePlace extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "free_place" ("vacancy_id" uuid not null, "facility_id" uuid not null, "places" int not null, "age_from_months" int not null, "age_to_months" int not null, "hours_band" text not null, "available_from" date not null, "available_until" date null, "event_seq" bigint not null, primary key ("vacancy_id"));`,
    );
    this.addSql(`create index "free_place_facility_id_index" on "free_place" ("facility_id");`);
  }
}
