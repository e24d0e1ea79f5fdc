import { newLocalId } from '@kita/shared';
import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { FacilityProfile } from '../profile/profile.validation.js';

/** Where a provider's change to a published profile stands: waiting for the office, or decided. */
export enum RevisionStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}

/**
 * A provider's edit of a published (or suspended) profile, kept apart until the office of the
 * municipality approves it: the public keeps seeing the published profile. At most one PENDING
 * revision per facility (a later edit replaces it); decided revisions stay as the record of what
 * was asked and decided, and the provider's mail is sent from them.
 */
@Entity({ tableName: 'facility_revision' })
@Index({
  name: 'facility_revision_pending_index',
  expression: `create unique index "facility_revision_pending_index" on "facility_revision" ("facility_id") where "status" = 'PENDING'`,
})
export class FacilityRevisionEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string = newLocalId();

  @Index()
  @Property({ type: 'uuid' })
  facilityId!: string;

  /** The whole proposed profile, checked as an edit is (see validateProfileInput). */
  @Property({ type: 'json' })
  profile!: FacilityProfile;

  @Enum({ items: () => RevisionStatus })
  status: RevisionStatus = RevisionStatus.PENDING;

  /** Token subject of the provider who made the (latest) edit. */
  @Property({ type: 'text' })
  submittedBy!: string;

  @Property({ type: 'datetime' })
  submittedAt: Date = new Date();

  @Property({ type: 'text', nullable: true })
  decidedBy: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  decidedAt: Date | null = null;

  /** The office's reason for a rejection. */
  @Property({ type: 'text', nullable: true })
  reason: string | null = null;
}
