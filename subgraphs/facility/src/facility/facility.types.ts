import { AgeRange, GeoPoint, PageInfo } from '@kita/shared';
import { Directive, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { FacilityKind, PublicationStatus } from './facility.entity.js';

registerEnumType(FacilityKind, {
  name: 'FacilityKind',
  description: 'Kindertagesstätte (Kita), Kindertagespflege, or Großtagespflege.',
});
export enum FacilityOrder {
  NAME = 'NAME',
  DISTANCE = 'DISTANCE',
}

registerEnumType(FacilityOrder, {
  name: 'FacilityOrder',
  description: 'NAME: alphabetical (umlauts as ae/oe/ue). DISTANCE: nearest to "near" first.',
});
registerEnumType(PublicationStatus, {
  name: 'PublicationStatus',
  description: 'Where a provider profile stands in the office review; only PUBLISHED is public.',
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
}

@InputType({ description: 'A WGS 84 point, e.g. the family\'s address.' })
export class GeoPointInput {
  @Field(() => Float)
  latitude!: number;

  @Field(() => Float)
  longitude!: number;
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

  @Field(() => Int, { description: 'Facilities matching the filter in all pages.' })
  totalCount!: number;
}

@InputType({ description: 'Search filters; all given filters must match.' })
export class FacilityFilter {
  @Field(() => [String], { nullable: true, description: 'Districts (Stadtteile or Gemeinden), exact names.' })
  districts?: string[];

  @Field(() => [FacilityKind], { nullable: true })
  kinds?: FacilityKind[];

  @Field(() => Int, { nullable: true, description: "The child's age in completed months; matches facilities whose age range includes it." })
  ageInMonths?: number;

  @Field(() => String, { nullable: true, description: 'Words in the name, carrier or district (case-insensitive).' })
  text?: string;

  @Field(() => Float, { nullable: true, description: 'Only facilities within this many kilometres of "near".' })
  radiusKm?: number;

  @Field(() => [PublicationStatus], {
    nullable: true,
    description: 'Only for the office of this municipality; everyone else sees PUBLISHED profiles only.',
  })
  publicationStatuses?: PublicationStatus[];
}
