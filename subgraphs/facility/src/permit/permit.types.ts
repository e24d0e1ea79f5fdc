import { LocalDate } from '@kita/shared';
import { ArgsType, Field, ID, InputType, Int, ObjectType } from 'type-graphql';

/** Pflegeerlaubnis (§43 SGB VIII) as the public sees it: the permit number is not personal data. */
@ObjectType({ description: 'Pflegeerlaubnis (§43 SGB VIII): the permit a Kindertagespflege needs, valid at most 5 years.' })
export class Permit {
  @Field(() => String, { description: 'The number the office issued the permit under.' })
  number!: string;

  @Field(() => LocalDate)
  issuedOn!: string;

  @Field(() => LocalDate, { description: 'Last day the permit is valid.' })
  validUntil!: string;

  @Field(() => Int, { description: 'Children the permit allows at once: 5, or 8 or 10 for a Großtagespflege.' })
  maxChildren!: number;
}

@InputType({ description: 'A Pflegeerlaubnis as the office records it.' })
export class PermitInput {
  @Field(() => String, { description: 'The permit number, 1 to 50 characters.' })
  number!: string;

  @Field(() => LocalDate, { description: 'Not in the future.' })
  issuedOn!: string;

  @Field(() => LocalDate, { description: 'Not before issuedOn, not in the past, at most 5 years after issuedOn.' })
  validUntil!: string;

  @Field(() => Int, { description: '5 for a Kindertagespflege; 8, or 10 with professional qualification, for a Großtagespflege.' })
  maxChildren!: number;
}

// Argument classes keep the arguments in declaration order in the SDL.

@ArgsType()
export class RecordPermitArgs {
  @Field(() => ID, { description: 'A Kindertagespflege or Großtagespflege of the municipality this request goes to.' })
  facilityId!: string;

  @Field(() => PermitInput)
  input!: PermitInput;
}

export const maxLapsingDays = 365;

@ArgsType()
export class PermitsLapsingArgs {
  @Field(() => String, { description: 'The municipality (AGS) whose permits these are; the gateway routes by it.' })
  municipality!: string;

  @Field(() => Int, { defaultValue: 60, description: `Permits that lapsed already or lapse within this many days from today, 0 to ${maxLapsingDays}.` })
  withinDays!: number;
}
