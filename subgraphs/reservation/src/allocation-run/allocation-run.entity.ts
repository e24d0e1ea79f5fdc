import { newLocalId } from '@kita/shared';
import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { ReservationStatus } from '../reservation/reservation.entity.js';

export enum AllocationRunStatus {
  /** Proposed; nothing went out yet. Only the newest preview of a municipality may be confirmed. */
  PREVIEW = 'PREVIEW',
  /** The office confirmed it: its proposals went out as offers with a deadline. */
  CONFIRMED = 'CONFIRMED',
  /** The office discarded it. (A preview a newer one replaced stays PREVIEW; confirming it is STALE_ALLOCATION.) */
  DISCARDED = 'DISCARDED',
}

/** What a run was computed with, kept so that the office (and an audit) can see it later. */
export interface AllocationRunConfigSnapshot {
  priorities: string[];
  /** The day the ages and legal claims were computed for (the run's day). */
  day: string;
  /** The free places the run gave away, as `freePlacesFingerprint`; runs from before it have none. */
  freePlaces?: string;
}

/** An open choice as the preview saw it: confirm refuses when any of them changed since. */
export interface AllocationChoiceSnapshot {
  reservationId: string;
  status: ReservationStatus;
}

/** One allocation run (Platzvergabe) of the municipality: a preview the office confirms or discards. */
@Entity({ tableName: 'allocation_run' })
export class AllocationRunEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string = newLocalId();

  @Property({ type: 'text' })
  municipality!: string;

  /** Token subject of the office account that made the preview. */
  @Property({ type: 'text' })
  createdBy!: string;

  @Index()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Enum({ items: () => AllocationRunStatus })
  status: AllocationRunStatus = AllocationRunStatus.PREVIEW;

  @Property({ type: 'json' })
  config!: AllocationRunConfigSnapshot;

  /** Every open choice (SUBMITTED / IN_REVIEW) the run looked at, with its status then. */
  @Property({ type: 'json' })
  choices: AllocationChoiceSnapshot[] = [];

  @Property({ type: 'integer' })
  childCount!: number;

  @Property({ type: 'integer' })
  matchedCount!: number;

  /** byRank[i]: children placed at their (i + 1)-th choice in this municipality. */
  @Property({ type: 'json' })
  byRank: number[] = [];

  /** The stability self-check of the preview: must be 0. */
  @Property({ type: 'integer' })
  blockingPairs!: number;

  @Property({ type: 'text', nullable: true })
  confirmedBy: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  confirmedAt: Date | null = null;

  /** The offers' deadline, set on confirmation. */
  @Property({ type: 'date', nullable: true })
  offerDeadline: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  discardedAt: Date | null = null;

  /** Token subject of the office account that discarded it. */
  @Property({ type: 'text', nullable: true })
  discardedBy: string | null = null;
}

/** One proposed offer of a run: a choice (reservation) at its facility and group. */
@Entity({ tableName: 'allocation_proposal' })
export class AllocationProposalEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string = newLocalId();

  @Index()
  @Property({ type: 'uuid' })
  runId!: string;

  /** The choice that gets the offer. */
  @Property({ type: 'uuid' })
  reservationId!: string;

  @Property({ type: 'uuid' })
  facilityId!: string;

  /** The free place (vacancy ID in `free_place`) the run seated the child in; `<facility id>#<index>` of its groups in runs before free places. */
  @Property({ type: 'text' })
  groupId!: string;

  /** 1-based position of the facility among the child's choices in this municipality. */
  @Property({ type: 'integer' })
  rank!: number;
}
