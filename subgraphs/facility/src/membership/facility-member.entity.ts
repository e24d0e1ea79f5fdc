import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** What a member may do for a facility: an OWNER also decides who else acts for it. */
export enum FacilityMemberRole {
  OWNER = 'OWNER',
  MEMBER = 'MEMBER',
}

/**
 * One account (its token subject, `sub`) that acts for a facility as its provider. The provider
 * who registers a facility becomes its first OWNER; owners and the office of the municipality
 * add and remove others. Nothing about the person is stored but the subject.
 */
@Entity({ tableName: 'facility_member' })
export class FacilityMemberEntity {
  @PrimaryKey({ type: 'uuid' })
  facilityId!: string;

  /** `myFacilities` looks members up by subject. */
  @Index()
  @PrimaryKey({ type: 'text' })
  subject!: string;

  @Enum({ items: () => FacilityMemberRole })
  role!: FacilityMemberRole;

  /** Subject of whoever added the member (the registering provider adds itself). */
  @Property({ type: 'text' })
  addedBy!: string;

  @Property({ type: 'datetime' })
  addedAt: Date = new Date();
}
