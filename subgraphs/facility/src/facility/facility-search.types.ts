import { LocalDate } from '@kita/shared';
import { Field, Float, InputType, Int, registerEnumType } from 'type-graphql';
import { AccessibilityFeature, FacilityKind, PublicationStatus } from './facility.entity.js';

export enum FacilityOrder {
  NAME = 'NAME',
  DISTANCE = 'DISTANCE',
}

registerEnumType(FacilityOrder, {
  name: 'FacilityOrder',
  description: 'NAME: alphabetical (umlauts as ae/oe/ue). DISTANCE: nearest to "near" first.',
});
@InputType({ description: "A WGS 84 point, e.g. the family's address." })
export class GeoPointInput {
  @Field(() => Float)
  latitude!: number;

  @Field(() => Float)
  longitude!: number;
}

@InputType({ description: 'Open at least from … until … (HH:MM) on each of these weekdays.' })
export class OpeningWindowInput {
  @Field(() => [Int], { defaultValue: [1, 2, 3, 4, 5], description: '1 = Monday … 7 = Sunday; Monday to Friday when omitted.' })
  weekdays!: number[];

  @Field(() => String, { description: 'Drop-off time, HH:MM.' })
  from!: string;

  @Field(() => String, { description: 'Pick-up time, HH:MM.' })
  until!: string;
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

  @Field(() => LocalDate, { nullable: true, description: "The child's birth date (may lie ahead); with wishedStart it gives the age at the start." })
  childBirthDate?: string;

  @Field(() => LocalDate, { nullable: true, description: 'The wished start of care (e.g. 1 August); today when omitted.' })
  wishedStart?: string;

  @Field(() => Int, { nullable: true, description: 'Weekly hours of care needed; with onlyWithFreePlaces, places of a band that covers them.' })
  hoursPerWeek?: number;

  @Field(() => Boolean, {
    nullable: true,
    description: "Only facilities with a free place on the wished start (today when omitted) that fits the child's age and the hours.",
  })
  onlyWithFreePlaces?: boolean;

  @Field(() => OpeningWindowInput, { nullable: true })
  openAt?: OpeningWindowInput;

  @Field(() => [String], { nullable: true, description: 'Pedagogical concepts; all must be offered (e.g. "Montessori").' })
  concepts?: string[];

  @Field(() => [String], { nullable: true, description: 'Languages spoken (ISO 639-1, e.g. "tr"); any of them.' })
  languages?: string[];

  @Field(() => [AccessibilityFeature], { nullable: true, description: 'Accessibility features; all must be present.' })
  accessibility?: AccessibilityFeature[];

  @Field(() => String, {
    nullable: true,
    description:
      "The family's municipality key. Places bound to residence (most Kitas) are then found only in that municipality; Kindertagespflege crosses the border.",
  })
  residence?: string;

  @Field(() => [PublicationStatus], {
    nullable: true,
    description: 'Only for the office of this municipality; everyone else sees PUBLISHED profiles only.',
  })
  publicationStatuses?: PublicationStatus[];
}
