import { FacilityKind, newLocalId } from '@kita/shared';
import { ArrayType } from '@mikro-orm/core';
import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

export { FacilityKind };

export enum PublicationStatus {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  PUBLISHED = 'PUBLISHED',
  REJECTED = 'REJECTED',
  SUSPENDED = 'SUSPENDED',
}

/** Träger type: who runs the facility. */
export enum CarrierType {
  /** The municipality itself (kommunaler Träger). */
  MUNICIPAL = 'MUNICIPAL',
  /** A church or its charity (kirchlicher Träger: Diakonie, Caritas, parishes). */
  CHURCH = 'CHURCH',
  /** A welfare association (AWO, DRK, Paritätischer, Lebenshilfe …). */
  WELFARE = 'WELFARE',
  /** A parents' association (Elterninitiative). */
  PARENTS = 'PARENTS',
  /** A private company or association. */
  PRIVATE = 'PRIVATE',
  /** A natural person: the Tagespflegeperson herself or himself. */
  PERSON = 'PERSON',
}

/** What a facility offers for meals; stored as text[] of these names. */
export enum Meal {
  ORGANIC = 'ORGANIC',
  REGIONAL = 'REGIONAL',
  VEGETARIAN_OPTION = 'VEGETARIAN_OPTION',
  VEGAN_OPTION = 'VEGAN_OPTION',
  HALAL_OPTION = 'HALAL_OPTION',
  ALLERGY_AWARE = 'ALLERGY_AWARE',
  OWN_KITCHEN = 'OWN_KITCHEN',
  CATERED = 'CATERED',
  /** Parents pack the food (common in Kindertagespflege). */
  BROUGHT_FROM_HOME = 'BROUGHT_FROM_HOME',
}

/** Accessibility of the premises and of care; stored as text[] of these names. */
export enum AccessibilityFeature {
  WHEELCHAIR_ACCESSIBLE = 'WHEELCHAIR_ACCESSIBLE',
  STEP_FREE_ENTRANCE = 'STEP_FREE_ENTRANCE',
  ACCESSIBLE_TOILET = 'ACCESSIBLE_TOILET',
  /** Integrative or inclusive places for children with disabilities. */
  INCLUSIVE_CARE = 'INCLUSIVE_CARE',
}

/** Kinds of care that need a Pflegeerlaubnis (§43 SGB VIII) and may not take more children than it allows. */
export const kindsWithPermit: readonly FacilityKind[] = [FacilityKind.KINDERTAGESPFLEGE, FacilityKind.GROSSTAGESPFLEGE];

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

  @Enum({ items: () => FacilityKind })
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

  @Enum({ items: () => CarrierType })
  carrierType: CarrierType = CarrierType.PRIVATE;

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

  /**
   * Summary of all groups (youngest age any group takes, oldest age, places in total), kept
   * by the profile service on every write so that search filters need no join.
   */
  @Property({ type: 'integer' })
  ageFromMonths!: number;

  @Property({ type: 'integer' })
  ageToMonths!: number;

  @Property({ type: 'integer' })
  capacity!: number;

  @Property({ type: 'json' })
  openingHours: OpeningHoursRow[] = [];

  @Property({ type: 'text', nullable: true })
  phone: string | null = null;

  @Property({ type: 'text', nullable: true })
  email: string | null = null;

  @Property({ type: 'text', nullable: true })
  website: string | null = null;

  /** Short description written by the provider (plain text). */
  @Property({ type: 'text' })
  description: string = '';

  /** Pedagogical concept tags, free text: 'Montessori', 'Waldkindergarten', 'bilingual' … */
  @Property({ type: ArrayType, columnType: 'text[]', default: [] })
  concepts: string[] = [];

  /** Languages spoken in care, ISO 639-1 lower-case codes. */
  @Property({ type: ArrayType, columnType: 'text[]', default: [] })
  languages: string[] = [];

  /** Names of `Meal` values. */
  @Property({ type: ArrayType, columnType: 'text[]', default: [] })
  meals: string[] = [];

  /** Names of `AccessibilityFeature` values. */
  @Property({ type: ArrayType, columnType: 'text[]', default: [] })
  accessibility: string[] = [];

  /**
   * Whether places go only to families living in the municipality. Kitas usually are,
   * Kindertagespflege is not; the profile service sets it by kind unless the provider says otherwise.
   */
  @Property({ type: 'boolean' })
  boundToResidence: boolean = false;

  /** Pflegeerlaubnis (§43 SGB VIII) of a Kindertagespflege or Großtagespflege, recorded by the office. */
  @Property({ type: 'text', nullable: true })
  permitNumber: string | null = null;

  @Property({ type: 'date', nullable: true })
  permitIssuedOn: string | null = null;

  @Property({ type: 'date', nullable: true })
  permitValidUntil: string | null = null;

  /** Children at once the permit allows: 5 (Kindertagespflege), 8 or 10 (Großtagespflege). */
  @Property({ type: 'integer', nullable: true })
  permitMaxChildren: number | null = null;

  @Index()
  @Enum({ items: () => PublicationStatus })
  status: PublicationStatus = PublicationStatus.DRAFT;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
