import { newLocalId } from '@kita/shared';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * One bucket of one day's supply-and-demand snapshot of this municipality (finest grain:
 * district, kind, age group, hours band). Counts only: no child, no pseudonym, no facility.
 * Recorded once a day by the snapshot job; served by `supplyDemandHistory`.
 */
@Entity({ tableName: 'statistics_snapshot' })
@Index({ name: 'statistics_snapshot_day_index', properties: ['day'] })
export class StatisticsSnapshotEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string = newLocalId();

  @Property({ type: 'date' })
  day!: string;

  @Property({ type: 'text', nullable: true })
  district: string | null = null;

  @Property({ type: 'text', nullable: true })
  kind: string | null = null;

  @Property({ type: 'text', nullable: true })
  ageGroup: string | null = null;

  @Property({ type: 'text', nullable: true })
  hoursBand: string | null = null;

  @Property({ type: 'integer' })
  capacity!: number;

  @Property({ type: 'integer' })
  freePlaces!: number;

  @Property({ type: 'integer' })
  children!: number;

  @Property({ type: 'integer' })
  waiting!: number;

  @Property({ type: 'integer' })
  placed!: number;
}
