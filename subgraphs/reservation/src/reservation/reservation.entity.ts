import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { newLocalId } from '@kita/shared';

export enum ReservationStatus {
  SUBMITTED = 'SUBMITTED',
  IN_REVIEW = 'IN_REVIEW',
  OFFERED = 'OFFERED',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
  LAPSED = 'LAPSED',
  WITHDRAWN = 'WITHDRAWN',
}

/**
 * A Vormerkung: a family's reservation of a place in one facility. Holds personal data of a
 * child; it never leaves this municipality's reservation database unprotected.
 */
@Entity({ tableName: 'reservation' })
export class ReservationEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string = newLocalId();

  /** Local ID of the facility in this municipality's facility subgraph. */
  @Index()
  @Property({ type: 'uuid' })
  facilityId!: string;

  /** Personal data. */
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
}
