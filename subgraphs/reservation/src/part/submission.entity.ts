import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * An idempotency key of a submission: a retried `submitReservation` with the same key finds its
 * row and returns the part it submitted, without writing anything. Keys are per parent account,
 * so one parent's key never reaches another's part.
 */
@Entity({ tableName: 'reservation_submission' })
export class ReservationSubmissionEntity {
  @PrimaryKey({ type: 'text' })
  parentSubject!: string;

  @PrimaryKey({ type: 'text' })
  idempotencyKey!: string;

  @Property({ type: 'uuid' })
  partId!: string;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
