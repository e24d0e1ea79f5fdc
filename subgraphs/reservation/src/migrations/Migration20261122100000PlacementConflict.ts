import { Migration } from '@mikro-orm/migrations';

/** Places of one child accepted in two municipalities at once, for the office to clear up. */
export class Migration20261122100000PlacementConflict extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "placement_conflict" ("id" uuid not null, "reservation_id" uuid not null, "other_municipality" text not null, "other_reservation_id" uuid not null, "other_facility_id" uuid not null, "detected_at" timestamptz not null, "resolved_at" timestamptz null, "resolved_by" text null, "resolution" text null, constraint "placement_conflict_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "placement_conflict_reservation_id_index" on "placement_conflict" ("reservation_id");`);
    this.addSql(
      `alter table "placement_conflict" add constraint "placement_conflict_once" unique ("reservation_id", "other_municipality", "other_reservation_id");`,
    );
  }
}
