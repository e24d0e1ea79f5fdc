import { Migration } from '@mikro-orm/migrations';

/** The facilities a sibling already attends, per part (facility IDs only, no names). Existing parts get none. */
export class Migration20261122090000SiblingFacilities extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "reservation_part" add column "sibling_facility_ids" text[] not null default '{}';`);
    this.addSql(`alter table "reservation_part" alter column "sibling_facility_ids" drop default;`);
  }
}
