import { Migration } from '@mikro-orm/migrations';

/**
 * The provider profile (carrier type, contact, description, concepts, languages, meals,
 * accessibility, residence rule, owner, Pflegeerlaubnis), groups by age and hours band, and the
 * recorded steps of the office review. Generated from the entity diff.
 */
export class Migration20261122020000Profile extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "facility" add "carrier_type" text not null default 'PRIVATE', add "phone" text null, add "email" text null, add "website" text null, add "description" text not null default '', add "concepts" text[] not null default '{}', add "languages" text[] not null default '{}', add "meals" text[] not null default '{}', add "accessibility" text[] not null default '{}', add "bound_to_residence" boolean not null default false, add "owner_subject" text null, add "permit_number" text null, add "permit_issued_on" date null, add "permit_valid_until" date null, add "permit_max_children" int null;`,
    );
    this.addSql(
      `alter table "facility" add constraint "facility_carrier_type_check" check ("carrier_type" in ('MUNICIPAL', 'CHURCH', 'WELFARE', 'PARENTS', 'PRIVATE', 'PERSON'));`,
    );
    // Institutional places are usually bound to residence; existing Kitas get the rule new ones get.
    this.addSql(`update "facility" set "bound_to_residence" = true where "kind" = 'KINDERTAGESSTAETTE';`);

    this.addSql(
      `create table "facility_group" ("id" uuid not null, "facility_id" uuid not null, "name" text not null, "age_from_months" int not null, "age_to_months" int not null, "hours_band" text not null, "capacity" int not null, primary key ("id"));`,
    );
    this.addSql(`create index "facility_group_facility_id_index" on "facility_group" ("facility_id");`);
    this.addSql(
      `alter table "facility_group" add constraint "facility_group_hours_band_check" check ("hours_band" in ('HALF_DAY', 'THREE_QUARTER', 'FULL_DAY'));`,
    );

    this.addSql(
      `create table "facility_transition" ("id" uuid not null, "facility_id" uuid not null, "from_status" text null, "to_status" text not null, "actor_subject" text not null, "actor_role" text not null, "reason" text null, "at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "facility_transition_facility_id_index" on "facility_transition" ("facility_id");`);
    this.addSql(
      `alter table "facility_transition" add constraint "facility_transition_from_status_check" check ("from_status" in ('DRAFT', 'SUBMITTED', 'PUBLISHED', 'REJECTED', 'SUSPENDED'));`,
    );
    this.addSql(
      `alter table "facility_transition" add constraint "facility_transition_to_status_check" check ("to_status" in ('DRAFT', 'SUBMITTED', 'PUBLISHED', 'REJECTED', 'SUSPENDED'));`,
    );
    this.addSql(
      `alter table "facility_transition" add constraint "facility_transition_actor_role_check" check ("actor_role" in ('PROVIDER', 'OFFICE', 'SYSTEM'));`,
    );
  }
}
