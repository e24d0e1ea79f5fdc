import { newLocalId } from '@kita/shared';
import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

export enum ReservationStatus {
  /** Saved by the parent, not yet released for processing; only the parent (and the office, for a residence exception) sees it. */
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  IN_REVIEW = 'IN_REVIEW',
  OFFERED = 'OFFERED',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
  LAPSED = 'LAPSED',
  WITHDRAWN = 'WITHDRAWN',
}

/** Choices in these states are still waiting for a place: demand. */
export const openStatuses: readonly ReservationStatus[] = [ReservationStatus.SUBMITTED, ReservationStatus.IN_REVIEW, ReservationStatus.OFFERED];

/** Final states: nothing moves a choice out of them. */
export const closedStatuses: readonly ReservationStatus[] = [
  ReservationStatus.ACCEPTED,
  ReservationStatus.DECLINED,
  ReservationStatus.LAPSED,
  ReservationStatus.WITHDRAWN,
];

/**
 * A Vormerkung for one facility: one ranked choice within a municipality's part
 * (`ReservationPartEntity`) of a family's application (`applicationKey`). Holds personal
 * data of a child (its birth date); the rest of the family's data is on its part
 * (`ReservationPartEntity`). It never leaves this municipality's reservation database unprotected.
 */
@Entity({ tableName: 'reservation' })
export class ReservationEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string = newLocalId();

  /** Local ID of the facility in this municipality's facility subgraph. */
  @Index()
  @Property({ type: 'uuid' })
  facilityId!: string;

  /**
   * Personal data (a copy of the part's, so that a facility's queue needs no join). After the
   * retention period only the year remains: the date becomes 1 January of that year.
   */
  @Property({ type: 'date' })
  childBirthDate!: string;

  @Property({ type: 'date' })
  wishedStart!: string;

  @Property({ type: 'integer' })
  hoursPerWeek!: number;

  @Enum({ items: () => ReservationStatus })
  status: ReservationStatus = ReservationStatus.SUBMITTED;

  /** The parent account (token subject) that made the reservation. */
  @Index()
  @Property({ type: 'text' })
  parentSubject!: string;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  /** The part (child, guardians, wishes) this choice belongs to; null for rows written before parts existed. */
  @Index()
  @Property({ type: 'uuid', nullable: true })
  partId: string | null = null;

  /** Preference within the family's whole application, across municipalities: 1 is the first choice. */
  @Property({ type: 'integer', nullable: true })
  rank: number | null = null;

  /** While OFFERED (and kept afterwards): the last day the family may accept. */
  @Property({ type: 'date', nullable: true })
  offerDeadline: string | null = null;

  /** When the status last changed; retention counts from the last closing. */
  @Property({ type: 'datetime' })
  statusChangedAt: Date = new Date();

  /** Set when the office let a non-resident family choose a place bound to residence; why is in the history. */
  @Property({ type: 'datetime', nullable: true })
  residenceExceptionAt: Date | null = null;
}
