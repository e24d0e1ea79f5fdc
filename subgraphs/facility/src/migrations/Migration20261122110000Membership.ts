import { Migration } from '@mikro-orm/migrations';

/**
 * Who acts for a facility becomes data: `facility_member` (see membership/facility-member.entity.ts)
 * replaces `facility.owner_subject`. The provider who registered a facility becomes its OWNER,
 * and each such facility's members are published once (`FacilityMembersChanged`, the snapshot a
 * membership change records), so the vacancy and reservation subgraphs learn of them too.
 */
export class Migration20261122110000Membership extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "facility_member" ("facility_id" uuid not null, "subject" text not null, "role" text not null, "added_by" text not null, "added_at" timestamptz not null, primary key ("facility_id", "subject"));`,
    );
    this.addSql(`create index "facility_member_subject_index" on "facility_member" ("subject");`);
    this.addSql(`alter table "facility_member" add constraint "facility_member_role_check" check ("role" in ('OWNER', 'MEMBER'));`);
    this.addSql(`insert into "facility_member" ("facility_id", "subject", "role", "added_by", "added_at")
      select "id", "owner_subject", 'OWNER', "owner_subject", "created_at" from "facility" where "owner_subject" is not null;`);
    this.addSql(`insert into "outbox_event" ("type", "aggregate_id", "payload", "occurred_at")
      select 'FacilityMembersChanged', m."facility_id", jsonb_build_object(
        'facilityId', m."facility_id",
        'members', jsonb_agg(jsonb_build_object('subject', m."subject", 'role', m."role") order by m."subject" collate "C")
      ), now()
      from "facility_member" m group by m."facility_id" order by m."facility_id";`);
    this.addSql(`alter table "facility" drop column "owner_subject";`);
  }
}
