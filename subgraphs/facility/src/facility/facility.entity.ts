import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { newLocalId } from '@kita/shared';

export enum FacilityKind {
  /** Kita: Krippe (under 3), Kindergarten (3 to school), Hort (school children). */
  KINDERTAGESSTAETTE = 'KINDERTAGESSTAETTE',
  /** Kindertagespflege: one Tagespflegeperson, up to 5 children at once, needs a Pflegeerlaubnis. */
  KINDERTAGESPFLEGE = 'KINDERTAGESPFLEGE',
  /** Großtagespflege (Lower Saxony): several Tagespflegepersonen, up to 8 or 10 children. */
  GROSSTAGESPFLEGE = 'GROSSTAGESPFLEGE',
}

export enum PublicationStatus {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  PUBLISHED = 'PUBLISHED',
  REJECTED = 'REJECTED',
  SUSPENDED = 'SUSPENDED',
}

export interface OpeningHoursRow {
  weekday: number;
  opens: string;
  closes: string;
}

/** A place of care as its municipality records it; the row behind the public profile. */
@Entity({ tableName: 'facility' })
@Index({
  name: 'facility_sort_name_id_index',
  expression: 'create index "facility_sort_name_id_index" on "facility" ("sort_name" collate "C", "id")',
})
export class FacilityEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string = newLocalId();

  @Enum({ items: () => FacilityKind})
  kind!: FacilityKind;

  @Property({ type: 'text' })
  name!: string;

  /**
   * The name folded for ordering (lower case, umlauts spelled out), compared byte-wise
   * (COLLATE "C") so that every municipality and the gateway agree on one order.
   */
  @Property({
    type: 'text',
    generated: `(replace(replace(replace(replace(lower(name), 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'ß', 'ss')) stored`,
    nullable: true,
  })
  sortName?: string;

  /** Träger: the organisation (or person) running the facility. */
  @Property({ type: 'text' })
  carrier!: string;

  @Property({ type: 'text' })
  street!: string;

  @Property({ type: 'text' })
  postalCode!: string;

  @Property({ type: 'text' })
  city!: string;

  @Index()
  @Property({ type: 'text' })
  district!: string;

  @Property({ type: 'double' })
  latitude!: number;

  @Property({ type: 'double' })
  longitude!: number;

  @Property({ type: 'integer' })
  ageFromMonths!: number;

  @Property({ type: 'integer' })
  ageToMonths!: number;

  @Property({ type: 'integer' })
  capacity!: number;

  @Property({ type: 'json' })
  openingHours: OpeningHoursRow[] = [];

  @Index()
  @Enum({ items: () => PublicationStatus})
  status: PublicationStatus = PublicationStatus.DRAFT;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
