import { Migration } from '@mikro-orm/migrations';

/** The projection of the vacancy subgraph's free places, fed by its events, and the consumer's cursor. */
export class Migration20261122030000FreePlace extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "free_place" ("vacancy_id" uuid not null, "facility_id" uuid not null, "places" int not null, "age_from_months" int not null, "age_to_months" int not null, "hours_band" text not null, "available_from" date not null, "available_until" date null, "event_seq" bigint not null, primary key ("vacancy_id"));`,
    );
    this.addSql(`create index "free_place_facility_id_index" on "free_place" ("facility_id");`);
    this.addSql(`create table "event_cursor" ("source" text not null, "position" bigint not null, primary key ("source"));`);
  }
}
