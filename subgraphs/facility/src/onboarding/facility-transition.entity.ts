import { newLocalId } from '@kita/shared';
import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { PublicationStatus } from '../facility/facility.entity.js';

/** Who moved a profile: its provider, the municipal office, or the system (a lapsed permit). */
export enum ActorRole {
  PROVIDER = 'PROVIDER',
  OFFICE = 'OFFICE',
  SYSTEM = 'SYSTEM',
}

/** One step of a facility profile through the review: from, to, who, when and why. Never changed once written. */
@Entity({ tableName: 'facility_transition' })
export class FacilityTransitionEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string = newLocalId();

  @Index()
  @Property({ type: 'uuid' })
  facilityId!: string;

  /** Null for the first step (registration). */
  @Enum({ items: () => PublicationStatus, nullable: true })
  fromStatus: PublicationStatus | null = null;

  @Enum({ items: () => PublicationStatus })
  toStatus!: PublicationStatus;

  /** Token subject of the actor; `system` for automatic steps. */
  @Property({ type: 'text' })
  actorSubject!: string;

  @Enum({ items: () => ActorRole })
  actorRole!: ActorRole;

  @Property({ type: 'text', nullable: true })
  reason: string | null = null;

  @Property({ type: 'datetime' })
  at: Date = new Date();
}
