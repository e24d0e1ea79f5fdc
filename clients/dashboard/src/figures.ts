/** The counts of one bucket as the API gives them: child counts and coverage are null when suppressed. */
export interface Figures {
  capacity: number;
  freePlaces: number;
  children?: number | null;
  waiting?: number | null;
  placed?: number | null;
  suppressed: boolean;
  coverage?: number | null;
}

/** What a suppressed count reads as, on screen and in CSV. */
export const suppressedText = '< 5';

/** A count for a table or CSV cell: the suppressed mark where the API suppressed it. */
export function countText(value: number | null | undefined, suppressed: boolean, format: (value: number) => string): string {
  if (value === null || value === undefined) return suppressed ? suppressedText : '–';
  return format(value);
}

/** A coverage value (free places per waiting child): the suppressed mark when the waiting children are suppressed. */
export function coverageText(figures: Figures, format: (value: number) => string): string {
  if (figures.coverage !== null && figures.coverage !== undefined) return format(figures.coverage);
  return figures.suppressed && (figures.waiting === null || figures.waiting === undefined) ? suppressedText : '–';
}
