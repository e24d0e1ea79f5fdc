import { Migration } from '@mikro-orm/migrations';

/** Who discarded an allocation run, for the office's list of runs. Additive; unknown for runs discarded before. */
export class Migration20261122095000AllocationRunDiscardedBy extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "allocation_run" add column "discarded_by" text null;`);
  }
}
