import { Migration } from '@mikro-orm/migrations';

/** Photos and attachments of facilities, bytes included (see media/media.entity.ts). */
export class Migration20261122025000Media extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "facility_media" ("id" uuid not null, "facility_id" uuid not null, "kind" text not null, "content_type" text not null, "file_name" text not null, "byte_size" int not null, "sha256" text not null, "content" bytea not null, "alt_text" text not null, "caption" text null, "position" int not null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "facility_media_facility_id_index" on "facility_media" ("facility_id");`);
    this.addSql(`alter table "facility_media" add constraint "facility_media_kind_check" check ("kind" in ('PHOTO', 'ATTACHMENT'));`);
  }
}
