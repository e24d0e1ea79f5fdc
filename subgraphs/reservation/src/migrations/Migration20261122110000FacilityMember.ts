import { Migration } from '@mikro-orm/migrations';

/**
 * The projection of who acts for each facility (the facility subgraph's `FacilityMembersChanged`
 * events, on the stream this subgraph already follows for facility facts), which decides the
 * providers who see a facility's Vormerkungen. The facility subgraph publishes the members of
 * existing facilities once when it gets membership, so this starts empty. Additive.
 */
export class Migration20261122110000FacilityMember extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "facility_member" ("facility_id" uuid not null, "subject" text not null, "role" text not null, "event_seq" bigint not null, primary key ("facility_id", "subject"));`,
    );
    this.addSql(`create index "facility_member_subject_index" on "facility_member" ("subject");`);
  }
}
