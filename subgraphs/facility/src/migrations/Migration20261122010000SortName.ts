import { Migration } from '@mikro-orm/migrations';

/**
 * One ordering for every municipality and the gateway: a folded sort name compared byte-wise,
 * so that pages merged across municipalities interleave exactly.
 */
export class Migration20261122010000SortName extends Migration {
  override async up(): Promise<void> {
    this.addSql(`drop index "facility_name_id_index";`);
    this.addSql(
      `alter table "facility" add "sort_name" text generated always as (replace(replace(replace(replace(lower(name), 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'ß', 'ss')) stored null;`,
    );
    this.addSql(`create index "facility_sort_name_id_index" on "facility" ("sort_name" collate "C", "id");`);
  }
}
