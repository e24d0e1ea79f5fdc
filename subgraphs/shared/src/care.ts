import 'reflect-metadata';
import { Field, InputType, Int, registerEnumType } from 'type-graphql';

/*
 * Domain vocabulary that several subgraphs expose: defined and registered once here, so the
 * supergraph has one enum (or input) of each and no copy can drift from the others.
 */

export enum FacilityKind {
  /** Kita: Krippe (under 3), Kindergarten (3 to school), Hort (school children). */
  KINDERTAGESSTAETTE = 'KINDERTAGESSTAETTE',
  /** Kindertagespflege: one Tagespflegeperson, up to 5 children at once, needs a Pflegeerlaubnis. */
  KINDERTAGESPFLEGE = 'KINDERTAGESPFLEGE',
  /** Großtagespflege (Lower Saxony): several Tagespflegepersonen, up to 8 or 10 children. */
  GROSSTAGESPFLEGE = 'GROSSTAGESPFLEGE',
}

registerEnumType(FacilityKind, {
  name: 'FacilityKind',
  description: 'Kindertagesstätte (Kita), Kindertagespflege, or Großtagespflege.',
});

/** Weekly care hours, each band up to its limit (`hoursBandLimits`). */
export enum HoursBand {
  /** Up to 25 hours a week. */
  HALF_DAY = 'HALF_DAY',
  /** Up to 35 hours a week. */
  THREE_QUARTER = 'THREE_QUARTER',
  /** Up to 45 hours a week. */
  FULL_DAY = 'FULL_DAY',
}

/** The most weekly hours of each band, narrowest first: the one place these numbers live. */
export const hoursBandLimits: readonly (readonly [HoursBand, number])[] = [
  [HoursBand.HALF_DAY, 25],
  [HoursBand.THREE_QUARTER, 35],
  [HoursBand.FULL_DAY, 45],
];

/** Most weekly hours a reservation may ask for (the top of FULL_DAY). */
export const maxHoursPerWeek = hoursBandLimits[hoursBandLimits.length - 1][1];

/** The narrowest band that covers the weekly hours. */
export function hoursBandOf(hoursPerWeek: number): HoursBand {
  return (hoursBandLimits.find(([, limit]) => hoursPerWeek <= limit) ?? hoursBandLimits[hoursBandLimits.length - 1])[0];
}

registerEnumType(HoursBand, {
  name: 'HoursBand',
  description: `Weekly care hours: ${hoursBandLimits.map(([band, limit]) => `${band} up to ${limit}`).join(', ')}.`,
});

/** The usual German split of childcare by age. */
export enum AgeGroup {
  /** Krippe: under 3 years. */
  KRIPPE = 'KRIPPE',
  /** Kindergarten: 3 years to school entry (taken as 6). */
  KINDERGARTEN = 'KINDERGARTEN',
  /** School children (Hort): 6 years and older. */
  SCHOOL_AGE = 'SCHOOL_AGE',
}

registerEnumType(AgeGroup, {
  name: 'AgeGroup',
  description: 'KRIPPE under 36 months, KINDERGARTEN 36 to 71 months, SCHOOL_AGE from 72 months.',
});

/** In order; each group ends below `belowMonths`, the last one has no end. */
const ageGroupBands: ReadonlyArray<{ group: AgeGroup; belowMonths?: number }> = [
  { group: AgeGroup.KRIPPE, belowMonths: 36 },
  { group: AgeGroup.KINDERGARTEN, belowMonths: 72 },
  { group: AgeGroup.SCHOOL_AGE },
];

export function ageGroupOf(ageInMonths: number): AgeGroup {
  return ageGroupBands.find((band) => band.belowMonths === undefined || ageInMonths < band.belowMonths)!.group;
}

/** `ageGroupOf` as a SQL expression over an integer expression (constants only, no input). */
export function ageGroupSql(months: string): string {
  const whens = ageGroupBands.slice(0, -1).map((band) => `when ${months} < ${band.belowMonths} then '${band.group}'`);
  return `case ${whens.join(' ')} else '${ageGroupBands.at(-1)!.group}' end`;
}

/** `hoursBandOf` as a SQL expression: the narrowest band whose limit covers the hours, the widest above every limit. */
export function hoursBandSql(hours: string): string {
  const narrower = hoursBandLimits.slice(0, -1).map(([band, limit]) => `when ${hours} <= ${limit} then '${band}'`);
  return `case ${narrower.join(' ')} else '${hoursBandLimits[hoursBandLimits.length - 1][0]}' end`;
}

/** Ages are given in completed months up to 18 years. */
export const maxAgeInMonths = 216;

@InputType({ description: 'An age band in completed months: from ≤ age < to.' })
export class AgeRangeInput {
  @Field(() => Int, { description: '0 or more.' })
  fromMonths!: number;

  @Field(() => Int, { description: `Greater than fromMonths, at most ${maxAgeInMonths}.` })
  toMonths!: number;
}
