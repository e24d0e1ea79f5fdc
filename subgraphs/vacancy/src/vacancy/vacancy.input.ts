import { badInput, LocalDate } from '@kita/shared';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { HoursBand } from './vacancy.entity.js';

export const maxPlacesPerVacancy = 50;
/** 18 years: the oldest age any kind of care in this system is for. */
export const maxAgeInMonths = 216;

import { AgeRangeInput } from '@kita/shared';

export { AgeRangeInput };

@InputType({ description: 'Free places to publish for one age band, hours band and date range.' })
export class VacancyInput {
  @Field(() => Int, { description: `Places, 1 to ${maxPlacesPerVacancy}.` })
  places!: number;

  @Field(() => AgeRangeInput)
  ageRange!: AgeRangeInput;

  @Field(() => HoursBand)
  hoursBand!: HoursBand;

  @Field(() => LocalDate, { description: 'First day the places can be taken.' })
  availableFrom!: string;

  @Field(() => LocalDate, {
    nullable: true,
    description: 'Last day the places are offered: not before availableFrom and not in the past; null or absent when open-ended.',
  })
  availableUntil?: string | null;
}

// Argument classes keep the arguments in declaration order in the SDL (parameter decorators
// would list them last to first).

@ArgsType()
export class AddVacancyArgs {
  @Field(() => ID, { description: 'The facility, in the municipality this request goes to.' })
  facilityId!: string;

  @Field(() => VacancyInput)
  input!: VacancyInput;
}

@ArgsType()
export class UpdateVacancyArgs {
  @Field(() => ID, { description: 'The vacancy, in the municipality this request goes to.' })
  id!: string;

  @Field(() => VacancyInput, { description: 'The whole vacancy as it shall be from now on.' })
  input!: VacancyInput;
}

export const maxUpcomingPageSize = 100;

@ArgsType()
export class UpcomingVacanciesArgs {
  @Field(() => [String], { nullable: true, description: 'Municipality keys (AGS) to search; all when absent.' })
  municipalities?: string[] | null;

  @Field(() => LocalDate, { nullable: true, description: 'Only vacancies available from this day on; no lower bound when absent.' })
  from?: string | null;

  @Field(() => Int, { nullable: true, defaultValue: 20, description: `How many, 1 to ${maxUpcomingPageSize}.` })
  first!: number | null;
}

/**
 * Checks what GraphQL types cannot express; the first violation becomes BAD_USER_INPUT with
 * `argument` naming the field. Dates are `YYYY-MM-DD` (LocalDate), so they compare as strings.
 */
export function validateVacancyInput(input: VacancyInput, today: string, argument = 'input'): void {
  if (input.places < 1 || input.places > maxPlacesPerVacancy) {
    throw badInput(`"places" must be between 1 and ${maxPlacesPerVacancy}.`, { argument: `${argument}.places` });
  }
  const { fromMonths, toMonths } = input.ageRange;
  if (fromMonths < 0 || fromMonths >= maxAgeInMonths) {
    throw badInput(`"ageRange.fromMonths" must be between 0 and ${maxAgeInMonths - 1}.`, { argument: `${argument}.ageRange.fromMonths` });
  }
  if (toMonths <= fromMonths || toMonths > maxAgeInMonths) {
    throw badInput(`"ageRange.toMonths" must be greater than fromMonths and at most ${maxAgeInMonths}.`, {
      argument: `${argument}.ageRange.toMonths`,
    });
  }
  const until = input.availableUntil;
  if (until !== null && until !== undefined) {
    if (until < input.availableFrom) {
      throw badInput('"availableUntil" must not be before "availableFrom".', { argument: `${argument}.availableUntil` });
    }
    // An already expired vacancy would never be shown: almost certainly a typo.
    if (until < today) throw badInput('"availableUntil" must not be in the past.', { argument: `${argument}.availableUntil` });
  }
}
