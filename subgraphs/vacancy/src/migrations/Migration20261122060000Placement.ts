import { Migration } from '@mikro-orm/migrations';

/** The reservation events this subgraph consumes: its cursor, and the places taken by accepted reservations (one per reservation). */
export class Migration20261122060000Placement extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "event_cursor" ("source" text not null, "position" bigint not null, primary key ("source"));`);
    this.addSql(
      `create table "placement" ("reservation_id" uuid not null, "facility_id" uuid not null, "vacancy_id" uuid null, "applied_at" timestamptz not null, primary key ("reservation_id"));`,
    );
  }
}
