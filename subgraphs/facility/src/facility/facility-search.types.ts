import { Field, Float, InputType, Int, registerEnumType } from 'type-graphql';
import { FacilityKind, PublicationStatus } from './facility.entity.js';

export enum FacilityOrder {
  NAME = 'NAME',
  DISTANCE = 'DISTANCE',
}

registerEnumType(FacilityOrder, {
  name: 'FacilityOrder',
  description: 'NAME: alphabetical (umlauts as ae/oe/ue). DISTANCE: nearest to "near" first.',
});
@InputType({ description: 'A WGS 84 point, e.g. the family\'s address.' })
export class GeoPointInput {
  @Field(() => Float)
  latitude!: number;

  @Field(() => Float)
  longitude!: number;
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
