import { AgeRange, GeoPoint, PageInfo } from '@kita/shared';
import { Directive, Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Permit } from '../permit/permit.types.js';
import { AccessibilityFeature, CarrierType, FacilityKind, Meal, PublicationStatus } from './facility.entity.js';

registerEnumType(PublicationStatus, {
  name: 'PublicationStatus',
  description: 'Where a provider profile stands in the office review; only PUBLISHED is public.',
});
registerEnumType(CarrierType, {
  name: 'CarrierType',
  description: 'Kind of Träger: MUNICIPAL, CHURCH, WELFARE (AWO, DRK …), PARENTS (Elterninitiative), PRIVATE, or PERSON (a Tagespflegeperson).',
});
registerEnumType(Meal, { name: 'Meal', description: 'What a facility offers for meals.' });
registerEnumType(AccessibilityFeature, {
  name: 'AccessibilityFeature',
  description: 'Accessibility of the premises, and INCLUSIVE_CARE for integrative places.',
});

@ObjectType({ description: 'Postal address; district is the Stadtteil or Gemeinde used for search.' })
export class Address {
  @Field(() => String)
  street!: string;

  @Field(() => String)
  postalCode!: string;

  @Field(() => String)
  city!: string;

  @Field(() => String)
  district!: string;
}

@ObjectType({ description: 'Opening hours on one weekday (1 = Monday … 7 = Sunday), local time HH:MM.' })
export class OpeningHours {
  @Field(() => Int)
  weekday!: number;

  @Field(() => String)
  opens!: string;

  @Field(() => String)
  closes!: string;
}

@ObjectType({ description: 'How to reach the facility; each item only when the provider gave it.' })
export class Contact {
  @Field(() => String, { nullable: true })
  phone!: string | null;

  @Field(() => String, { nullable: true })
  email!: string | null;

  @Field(() => String, { nullable: true, description: 'An http(s) URL.' })
  website!: string | null;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A Kita, Kindertagespflege or Großtagespflege in one municipality.' })
export class Facility {
  @Field(() => ID, { description: 'Global ID: <municipality key>:<uuid v7>.' })
  id!: string;

  @Field(() => String, { description: 'Municipality key (AGS) of the office responsible for this facility.' })
  municipality!: string;

  @Field(() => FacilityKind)
  kind!: FacilityKind;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'Träger: the organisation or person running the facility.' })
  carrier!: string;

  @Field(() => Address)
  address!: Address;

  @Field(() => GeoPoint)
  location!: GeoPoint;

  @Field(() => AgeRange, { description: 'Ages the facility cares for, in months.' })
  ageRange!: AgeRange;

  @Field(() => Int, { description: 'Places in total (children at once).' })
  capacity!: number;

  @Field(() => [OpeningHours])
  openingHours!: OpeningHours[];

  @Field(() => PublicationStatus)
  publicationStatus!: PublicationStatus;

  @Field(() => CarrierType)
  carrierType!: CarrierType;

  @Field(() => Contact)
  contact!: Contact;

  @Field(() => String, { description: 'Short description by the provider, plain text; empty when none.' })
  description!: string;

  @Field(() => [String], { description: "Pedagogical concept tags, e.g. 'Montessori', 'Waldkindergarten', 'bilingual'." })
  concepts!: string[];

  @Field(() => [String], { description: 'Languages spoken in care, ISO 639-1 codes (lower case).' })
  languages!: string[];

  @Field(() => [Meal])
  meals!: Meal[];

  @Field(() => [AccessibilityFeature])
  accessibility!: AccessibilityFeature[];

  @Field(() => Boolean, { description: 'Whether places go only to families living in this municipality (usual for Kitas, not for Kindertagespflege).' })
  boundToResidence!: boolean;

  @Field(() => Permit, { nullable: true, description: 'Pflegeerlaubnis of a Kindertagespflege or Großtagespflege; null for Kitas and while none is recorded.' })
  permit!: Permit | null;
}

@ObjectType()
export class FacilityEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => Facility)
  node!: Facility;

  @Field(() => Float, { nullable: true, description: 'Distance from "near" in kilometres (great circle), when given.' })
  distanceKm!: number | null;
}

@ObjectType({ description: 'A page of facilities in the requested order.' })
export class FacilityConnection {
  @Field(() => [FacilityEdge])
  edges!: FacilityEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  /** Absent when the query does not select it: then it is not counted (see FacilityResolver.facilities). */
  @Field(() => Int, {
    nullable: true,
    description: 'Facilities matching the filter in all pages; null when a municipality could not answer (see missingMunicipalities).',
  })
  totalCount?: number | null;

  /** Always empty from one municipality; the gateway's merge names those that did not answer. */
  @Field(() => [String], {
    description:
      'Keys of the municipalities that could not answer this page (each also has a MUNICIPALITY_UNAVAILABLE error): the page lacks their facilities and totalCount is null. Empty when the page is complete.',
  })
  missingMunicipalities!: string[];
}
