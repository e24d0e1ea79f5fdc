import { HoursBand, newLocalId } from '@kita/shared';
import { ArrayType } from '@mikro-orm/core';
import { Entity, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';

export { HoursBand };

import { FacilityKind } from '@kita/shared';

export { FacilityKind };

/** A guardian as stored (personal data): names, contact and address. */
export interface GuardianRecord {
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  street: string;
  postalCode: string;
  city: string;
  /** Key of the municipality (youth office area, as in the registry) the guardian lives in. */
  residenceMunicipality: string;
}

/**
 * One municipality's part of a family's application: the child, the guardians, what care is
 * wished, and (as `ReservationEntity` rows) the choices of this municipality's facilities. The
 * application is what the family released at once, across municipalities: its parts share the
 * client's `applicationKey`; there is no row for the application itself. Holds
 * the most sensitive data of the system; retention removes it (see maintenance/retention.ts).
 */
@Entity({ tableName: 'reservation_part' })
@Unique({ properties: ['parentSubject', 'applicationKey'] })
export class ReservationPartEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string = newLocalId();

  /** The client's key of the family's whole application (a UUID), the same in every municipality's part. */
  @Property({ type: 'uuid' })
  applicationKey!: string;

  /** The parent account (token subject) that owns the part. */
  @Index()
  @Property({ type: 'text' })
  parentSubject!: string;

  /** Personal data; null once removed. */
  @Property({ type: 'text', nullable: true })
  childFirstName: string | null = null;

  @Property({ type: 'text', nullable: true })
  childLastName: string | null = null;

  @Property({ type: 'date', nullable: true })
  childBirthDate: string | null = null;

  /** What retention keeps of the birth date. */
  @Property({ type: 'integer' })
  childBirthYear!: number;

  /** Keyed pseudonym of the child (HMAC of names and birth date), equal across facilities and municipalities. */
  @Index()
  @Property({ type: 'text' })
  childPseudonym!: string;

  /** Personal data; empty once removed. */
  @Property({ type: 'json' })
  guardians: GuardianRecord[] = [];

  @Property({ type: 'date' })
  wishedStart!: string;

  @Property({ type: 'integer' })
  hoursPerWeek!: number;

  @Enum({ items: () => HoursBand })
  hoursBand!: HoursBand;

  /** Names of the `FacilityKind`s the family would take. */
  @Property({ type: ArrayType, columnType: 'text[]' })
  kindsOfCare: string[] = [];

  /**
   * Local IDs of this municipality's facilities a sibling of the child already attends, as the
   * parent states them: only the facility, never the sibling's name. Gives the child priority
   * there in an allocation run (SIBLING). Removed with the personal data.
   */
  @Property({ type: ArrayType, columnType: 'text[]' })
  siblingFacilityIds: string[] = [];

  /** When the parent released the part for processing; null while it is a draft. */
  @Property({ type: 'datetime', nullable: true })
  submittedAt: Date | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime' })
  updatedAt: Date = new Date();

  /**
   * Set when the office filed the part for the family (paper, desk, phone): the office account
   * that filed it, how, and when the family's consent was noted. The part then belongs to no parent
   * account (`parentSubject` is `filedOwner(id)`) until the family takes it over by its code.
   */
  @Property({ type: 'text', nullable: true })
  filedBy: string | null = null;

  @Property({ type: 'text', nullable: true })
  filingChannel: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  consentNotedAt: Date | null = null;

  /** HMAC of the one-time take-over code (never the code itself); null once taken over. */
  @Unique()
  @Property({ type: 'text', nullable: true })
  takeoverCodeHash: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  takeoverCodeExpiresAt: Date | null = null;

  /** When the family took the office's filing over into its account. */
  @Property({ type: 'datetime', nullable: true })
  takenOverAt: Date | null = null;

  /** When retention removed the child's names, exact birth date and the guardians. */
  @Property({ type: 'datetime', nullable: true })
  personalDataRemovedAt: Date | null = null;
}
