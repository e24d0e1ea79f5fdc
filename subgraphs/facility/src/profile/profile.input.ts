import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { AccessibilityFeature, CarrierType, FacilityKind, Meal } from '../facility/facility.entity.js';
import { GeoPointInput } from '../facility/facility-search.types.js';
import { HoursBand } from './facility-group.entity.js';
import { limits } from './profile.limits.js';

@InputType({ description: 'Postal address; district is the Stadtteil or Gemeinde used for search.' })
export class AddressInput {
  @Field(() => String)
  street!: string;

  @Field(() => String, { description: 'Five digits.' })
  postalCode!: string;

  @Field(() => String)
  city!: string;

  @Field(() => String, { description: 'Stadtteil or Gemeinde, as the municipality names it.' })
  district!: string;
}

@InputType({ description: 'How to reach the facility; empty or absent items are not shown.' })
export class ContactInput {
  @Field(() => String, { nullable: true, description: 'Digits, spaces and + ( ) / - only.' })
  phone?: string | null;

  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'An http(s) URL.' })
  website?: string | null;
}

@InputType({ description: 'Opening hours on one weekday (1 = Monday … 7 = Sunday), local time HH:MM.' })
export class OpeningHoursInput {
  @Field(() => Int)
  weekday!: number;

  @Field(() => String)
  opens!: string;

  @Field(() => String, { description: 'After opens.' })
  closes!: string;
}

import { AgeRangeInput } from '@kita/shared';

export { AgeRangeInput };

@InputType({ description: 'One group: Krippe, Kindergarten or Hort group of a Kita, or the children of a Tagespflege.' })
export class FacilityGroupInput {
  @Field(() => String, { description: `1 to ${limits.groupName} characters, e.g. "Krippe Spatzen".` })
  name!: string;

  @Field(() => AgeRangeInput)
  ageRange!: AgeRangeInput;

  @Field(() => HoursBand)
  hoursBand!: HoursBand;

  @Field(() => Int, { description: `Children at once, 1 to ${limits.groupCapacity}.` })
  capacity!: number;
}

@InputType({ description: 'The whole profile of a facility; an update replaces every item, groups included.' })
export class FacilityProfileInput {
  @Field(() => FacilityKind, { description: 'Can change only while the profile is a DRAFT or REJECTED and has no permit.' })
  kind!: FacilityKind;

  @Field(() => String, { description: `1 to ${limits.name} characters.` })
  name!: string;

  @Field(() => String, { description: 'Träger: the organisation or person running the facility.' })
  carrier!: string;

  @Field(() => CarrierType)
  carrierType!: CarrierType;

  @Field(() => AddressInput)
  address!: AddressInput;

  @Field(() => GeoPointInput, { description: 'Inside Germany (latitude 47 to 55.1, longitude 5.8 to 15.1).' })
  location!: GeoPointInput;

  @Field(() => ContactInput, { nullable: true })
  contact?: ContactInput | null;

  @Field(() => String, { nullable: true, description: `Plain text, at most ${limits.description} characters.` })
  description?: string | null;

  @Field(() => [String], { nullable: true, description: `Concept tags: at most ${limits.concepts}, each at most ${limits.concept} characters.` })
  concepts?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'ISO 639-1 language codes, e.g. "de", "en", "tr".' })
  languages?: string[] | null;

  @Field(() => [Meal], { nullable: true })
  meals?: Meal[] | null;

  @Field(() => [AccessibilityFeature], { nullable: true })
  accessibility?: AccessibilityFeature[] | null;

  @Field(() => [OpeningHoursInput], { nullable: true, description: 'At most one entry per weekday.' })
  openingHours?: OpeningHoursInput[] | null;

  @Field(() => [FacilityGroupInput], {
    description: `1 to ${limits.groups} groups. A Kindertagespflege takes at most 5 children in total, a Großtagespflege at most 10 (and no more than its permit allows).`,
  })
  groups!: FacilityGroupInput[];

  @Field(() => Boolean, {
    nullable: true,
    description: 'Places only for residents of the municipality; when absent, true for a Kita and false for Kindertagespflege.',
  })
  boundToResidence?: boolean | null;
}

// Argument classes keep the arguments in declaration order in the SDL (parameter decorators
// would list them last to first).

@ArgsType()
export class RegisterFacilityArgs {
  @Field(() => String, { description: 'Municipality key (AGS) of the office responsible for the facility; the gateway routes by it.' })
  municipality!: string;

  @Field(() => FacilityProfileInput)
  input!: FacilityProfileInput;
}

@ArgsType()
export class UpdateFacilityProfileArgs {
  @Field(() => ID)
  id!: string;

  @Field(() => FacilityProfileInput)
  input!: FacilityProfileInput;
}
