import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * A place taken by an accepted reservation of this municipality (`ChildPlaced`), remembered by the
 * reservation's local ID so that a redelivered event takes no second place.
 */
@Entity({ tableName: 'placement' })
export class PlacementEntity {
  @PrimaryKey({ type: 'uuid' })
  reservationId!: string;

  @Property({ type: 'uuid' })
  facilityId!: string;

  /** The vacancy reduced, or null when the facility had no current vacancy left. */
  @Property({ type: 'uuid', nullable: true })
  vacancyId: string | null = null;

  @Property({ type: 'datetime' })
  appliedAt: Date = new Date();
}
