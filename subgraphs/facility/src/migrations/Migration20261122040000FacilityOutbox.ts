import { Migration } from '@mikro-orm/migrations';

/**
 * The outbox: facility facts for other subgraphs (the reservation subgraph's rules), written in
 * the transaction of each change. Facilities stored before it existed are published once here,
 * so a consumer starting from seq 0 sees them too (the snapshot `FacilityFactsChanged` carries,
 * see facts/facility-fact.events.ts).
 */
export class Migration20261122040000FacilityOutbox extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "outbox_event" ("seq" bigserial primary key, "type" text not null, "aggregate_id" uuid not null, "payload" jsonb not null, "occurred_at" timestamptz not null);`,
    );
    this.addSql(`insert into "outbox_event" ("type", "aggregate_id", "payload", "occurred_at")
      select 'FacilityFactsChanged', f."id", jsonb_build_object(
        'id', f."id", 'kind', f."kind", 'status', f."status", 'boundToResidence', f."bound_to_residence", 'district', f."district",
        'groups', coalesce((
          select jsonb_agg(jsonb_build_object('ageFromMonths', g."age_from_months", 'ageToMonths', g."age_to_months", 'hoursBand', g."hours_band", 'capacity', g."capacity")
            order by g."age_from_months", g."age_to_months")
          from "facility_group" g where g."facility_id" = f."id"), '[]'::jsonb)
      ), now()
      from "facility" f order by f."created_at", f."id";`);
  }
}
