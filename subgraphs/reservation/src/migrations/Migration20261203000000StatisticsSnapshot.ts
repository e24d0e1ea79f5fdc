import { Migration } from '@mikro-orm/migrations';

/** Daily supply-and-demand snapshots of the municipality (counts only), for the regional dashboard's time series. */
export class Migration20261203000000StatisticsSnapshot extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "statistics_snapshot" ("id" uuid not null, "day" date not null, "district" text null, "kind" text null, "age_group" text null, "hours_band" text null, "capacity" int not null, "free_places" int not null, "children" int not null, "waiting" int not null, "placed" int not null, constraint "statistics_snapshot_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "statistics_snapshot_day_index" on "statistics_snapshot" ("day");`);
  }
}
