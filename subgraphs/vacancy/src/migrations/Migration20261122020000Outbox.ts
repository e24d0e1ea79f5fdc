import { Migration } from '@mikro-orm/migrations';

/**
 * The outbox: vacancy events for other subgraphs, written in the transaction of each change.
 * Vacancies stored before it existed are published once here, so a consumer starting from seq
 * 0 sees them too (the same snapshot `VacancyPublished` carries, see vacancy.events.ts).
 */
export class Migration20261122020000Outbox extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "outbox_event" ("seq" bigserial primary key, "type" text not null, "aggregate_id" uuid not null, "payload" jsonb not null, "occurred_at" timestamptz not null);`,
    );
    this.addSql(`insert into "outbox_event" ("type", "aggregate_id", "payload", "occurred_at")
      select 'VacancyPublished', "id", jsonb_build_object(
        'id', "id", 'facilityId', "facility_id", 'places', "places",
        'ageFromMonths', "age_from_months", 'ageToMonths', "age_to_months", 'hoursBand', "hours_band",
        'availableFrom', to_char("available_from", 'YYYY-MM-DD'), 'availableUntil', to_char("available_until", 'YYYY-MM-DD')
      ), now()
      from "vacancy" order by "created_at", "id";`);
  }
}
