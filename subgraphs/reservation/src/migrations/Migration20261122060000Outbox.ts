import { Migration } from '@mikro-orm/migrations';

/** The outbox: reservation events (`ChildPlaced`) for other subgraphs, written in the transaction of each change. */
export class Migration20261122060000Outbox extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "outbox_event" ("seq" bigserial primary key, "type" text not null, "aggregate_id" uuid not null, "payload" jsonb not null, "occurred_at" timestamptz not null);`,
    );
  }
}
