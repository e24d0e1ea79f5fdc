import { newLocalId } from '@kita/shared';
import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { ReservationStatus } from './reservation.entity.js';

/** Who took a step of a reservation: the PARENT, the municipal OFFICE, or the SYSTEM (a lapsed offer, retention). */
export enum ReservationActorRole {
  PARENT = 'PARENT',
  OFFICE = 'OFFICE',
  SYSTEM = 'SYSTEM',
}

/**
 * One step of a choice: from, to, who, when and why. A step that keeps the status (a residence
 * exception) has from = to. Never changed once written, except that retention removes reasons.
 */
@Entity({ tableName: 'reservation_transition' })
export class ReservationTransitionEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string = newLocalId();

  @Index()
  @Property({ type: 'uuid' })
  reservationId!: string;

  /** Null for the first step (saving the draft). */
  @Enum({ items: () => ReservationStatus, nullable: true })
  fromStatus: ReservationStatus | null = null;

  @Enum({ items: () => ReservationStatus })
  toStatus!: ReservationStatus;

  /** The step's name when from and to do not say what happened (`RESIDENCE_EXCEPTION`). */
  @Property({ type: 'text', nullable: true })
  step: string | null = null;

  /** Token subject of the actor; `system` for automatic steps. Shown to the office only. */
  @Property({ type: 'text' })
  actorSubject!: string;

  @Enum({ items: () => ReservationActorRole })
  actorRole!: ReservationActorRole;

  /** The deadline of an offer (OFFERED steps), so the history says it as it was. */
  @Property({ type: 'date', nullable: true })
  offerDeadline: string | null = null;

  /** Free text of the actor; may hold personal data, so retention removes it. */
  @Property({ type: 'text', nullable: true })
  reason: string | null = null;

  @Property({ type: 'datetime' })
  at: Date = new Date();
}
