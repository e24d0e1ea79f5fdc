import { Migration } from '@mikro-orm/migrations';

/**
 * Reservations as the parent portal makes them: a part per municipality (child, guardians,
 * wishes; personal data) with ranked choices, the history of every choice, idempotency keys of
 * submissions, and the projection of the facility subgraph's facts with its event cursor.
 * Additive: existing choices keep their columns; they get no part, a status time from their
 * creation, and a history that says what is known (submitted at creation, then their status).
 */
export class Migration20261122040000Parts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "event_cursor" ("source" text not null, "position" bigint not null, primary key ("source"));`);
    this.addSql(
      `create table "facility_fact" ("facility_id" uuid not null, "kind" text not null, "status" text not null, "bound_to_residence" boolean not null, "district" text not null, "groups" jsonb not null, "event_seq" bigint not null, primary key ("facility_id"));`,
    );

    this.addSql(
      `create table "reservation_part" ("id" uuid not null, "application_key" uuid not null, "parent_subject" text not null, "child_first_name" text null, "child_last_name" text null, "child_birth_date" date null, "child_birth_year" int not null, "child_pseudonym" text not null, "guardians" jsonb not null, "wished_start" date not null, "hours_per_week" int not null, "hours_band" text not null, "kinds_of_care" text[] not null, "submitted_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "personal_data_removed_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "reservation_part_parent_subject_index" on "reservation_part" ("parent_subject");`);
    this.addSql(`create index "reservation_part_child_pseudonym_index" on "reservation_part" ("child_pseudonym");`);
    this.addSql(
      `alter table "reservation_part" add constraint "reservation_part_parent_subject_application_key_unique" unique ("parent_subject", "application_key");`,
    );
    this.addSql(
      `alter table "reservation_part" add constraint "reservation_part_hours_band_check" check ("hours_band" in ('HALF_DAY', 'THREE_QUARTER', 'FULL_DAY'));`,
    );

    this.addSql(
      `create table "reservation_submission" ("parent_subject" text not null, "idempotency_key" text not null, "part_id" uuid not null, "created_at" timestamptz not null, primary key ("parent_subject", "idempotency_key"));`,
    );

    this.addSql(
      `create table "reservation_transition" ("id" uuid not null, "reservation_id" uuid not null, "from_status" text null, "to_status" text not null, "step" text null, "actor_subject" text not null, "actor_role" text not null, "offer_deadline" date null, "reason" text null, "at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "reservation_transition_reservation_id_index" on "reservation_transition" ("reservation_id");`);
    const statuses = `'DRAFT', 'SUBMITTED', 'IN_REVIEW', 'OFFERED', 'ACCEPTED', 'DECLINED', 'LAPSED', 'WITHDRAWN'`;
    this.addSql(`alter table "reservation_transition" add constraint "reservation_transition_from_status_check" check ("from_status" in (${statuses}));`);
    this.addSql(`alter table "reservation_transition" add constraint "reservation_transition_to_status_check" check ("to_status" in (${statuses}));`);
    this.addSql(
      `alter table "reservation_transition" add constraint "reservation_transition_actor_role_check" check ("actor_role" in ('PARENT', 'OFFICE', 'SYSTEM'));`,
    );

    this.addSql(`alter table "reservation" drop constraint "reservation_status_check";`);
    this.addSql(`alter table "reservation" add constraint "reservation_status_check" check ("status" in (${statuses}));`);
    this.addSql(
      `alter table "reservation" add "part_id" uuid null, add "rank" int null, add "offer_deadline" date null, add "status_changed_at" timestamptz null, add "residence_exception_at" timestamptz null;`,
    );
    this.addSql(`update "reservation" set "status_changed_at" = "created_at";`);
    this.addSql(`alter table "reservation" alter column "status_changed_at" set not null;`);
    this.addSql(`create index "reservation_part_id_index" on "reservation" ("part_id");`);

    // What is known of existing choices: submitted by the parent when created, now in their status.
    this.addSql(`insert into "reservation_transition" ("id", "reservation_id", "from_status", "to_status", "actor_subject", "actor_role", "at")
      select gen_random_uuid(), "id", null, 'SUBMITTED', "parent_subject", 'PARENT', "created_at" from "reservation";`);
    this.addSql(`insert into "reservation_transition" ("id", "reservation_id", "from_status", "to_status", "actor_subject", "actor_role", "reason", "at")
      select gen_random_uuid(), "id", 'SUBMITTED', "status", 'system', 'SYSTEM', 'recorded before the history was kept', "created_at" + interval '1 millisecond' from "reservation" where "status" <> 'SUBMITTED';`);
  }
}
