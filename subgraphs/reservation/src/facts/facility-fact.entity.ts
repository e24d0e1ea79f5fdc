import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** One group of a facility as the facility subgraph publishes it. */
export interface FacilityGroupFact {
  ageFromMonths: number;
  ageToMonths: number;
  hoursBand: string;
  capacity: number;
}

/**
 * The reservation subgraph's copy of a facility's facts (owned by the facility subgraph), kept
 * current by its `FacilityFactsChanged` events, so that submission rules and statistics never
 * read another subgraph's database.
 */
@Entity({ tableName: 'facility_fact' })
export class FacilityFactEntity {
  @PrimaryKey({ type: 'uuid' })
  facilityId!: string;

  @Property({ type: 'text' })
  kind!: string;

  /** PublicationStatus of the profile; only PUBLISHED facilities take reservations. */
  @Property({ type: 'text' })
  status!: string;

  @Property({ type: 'boolean' })
  boundToResidence!: boolean;

  @Property({ type: 'text' })
  district!: string;

  @Property({ type: 'json' })
  groups: FacilityGroupFact[] = [];

  /** Outbox sequence of the event this row reflects; older events never overwrite it. */
  @Property({ type: 'bigint' })
  eventSeq!: string;
}
