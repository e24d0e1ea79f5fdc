import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * The facility subgraph's copy of a vacancy (owned by the vacancy subgraph), kept current by
 * its events so that search can filter by free places without reading another database.
 */
@Entity({ tableName: 'free_place' })
export class FreePlaceEntity {
  @PrimaryKey({ type: 'uuid' })
  vacancyId!: string;

  @Index()
  @Property({ type: 'uuid' })
  facilityId!: string;

  @Property({ type: 'integer' })
  places!: number;

  @Property({ type: 'integer' })
  ageFromMonths!: number;

  @Property({ type: 'integer' })
  ageToMonths!: number;

  @Property({ type: 'text' })
  hoursBand!: string;

  @Property({ type: 'date' })
  availableFrom!: string;

  @Property({ type: 'date', nullable: true })
  availableUntil: string | null = null;

  /** Outbox sequence of the event this row reflects; older events never overwrite it. */
  @Property({ type: 'bigint' })
  eventSeq!: string;
}
