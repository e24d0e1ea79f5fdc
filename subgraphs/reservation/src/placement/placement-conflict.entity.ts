import { newLocalId } from '@kita/shared';
import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';

/**
 * A child with an accepted place here whose place was also accepted in another municipality:
 * both acceptances happened before either `ChildPlaced` reached the other side. Nothing is
 * withdrawn automatically (both are binding Zusagen); the office clears it with the family and
 * the other municipality, then records how. No personal data: IDs only.
 */
@Entity({ tableName: 'placement_conflict' })
@Unique({ name: 'placement_conflict_once', properties: ['reservationId', 'otherMunicipality', 'otherReservationId'] })
export class PlacementConflictEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string = newLocalId();

  /** The accepted choice of this municipality. */
  @Index()
  @Property({ type: 'uuid' })
  reservationId!: string;

  /** The municipality (AGS) where the child also accepted a place. */
  @Property({ type: 'text' })
  otherMunicipality!: string;

  /** Local IDs in the other municipality, as its `ChildPlaced` named them. */
  @Property({ type: 'uuid' })
  otherReservationId!: string;

  @Property({ type: 'uuid' })
  otherFacilityId!: string;

  @Property({ type: 'datetime' })
  detectedAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  resolvedAt: Date | null = null;

  /** The office account (token subject) that recorded the resolution. */
  @Property({ type: 'text', nullable: true })
  resolvedBy: string | null = null;

  /** How it was cleared, in the office's words (no personal data, please). */
  @Property({ type: 'text', nullable: true })
  resolution: string | null = null;
}
