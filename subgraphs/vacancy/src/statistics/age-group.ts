import { AgeGroup } from '@kita/shared';

export { AgeGroup };

/** In order; each group ends below `belowMonths`, the last one has no end. */
const bands: ReadonlyArray<{ group: AgeGroup; belowMonths?: number }> = [
  { group: AgeGroup.KRIPPE, belowMonths: 36 },
  { group: AgeGroup.KINDERGARTEN, belowMonths: 72 },
  { group: AgeGroup.SCHOOL_AGE },
];

export function ageGroupOf(ageFromMonths: number): AgeGroup {
  return bands.find((band) => band.belowMonths === undefined || ageFromMonths < band.belowMonths)!.group;
}

/** The same classification as a SQL expression over an integer column (constants only, no input). */
export function ageGroupSql(column: string): string {
  const whens = bands.slice(0, -1).map((band) => `when ${column} < ${band.belowMonths} then '${band.group}'`);
  return `case ${whens.join(' ')} else '${bands.at(-1)!.group}' end`;
}
