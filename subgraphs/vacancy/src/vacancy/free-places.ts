/** A vacancy as the count reads it (stored rows and projected rows alike). */
export interface PlacesRow {
  places: number;
  availableFrom: string;
  availableUntil: string | null;
}

/**
 * The one meaning of free places: `now` counts the places of vacancies available on `day`
 * (from that day or earlier, not expired), `later` those available only from a later day.
 * Expired vacancies count nowhere.
 */
export function freePlacesOf(rows: readonly PlacesRow[], day: string): { now: number; later: number } {
  let now = 0;
  let later = 0;
  for (const row of rows) {
    if (row.availableUntil !== null && row.availableUntil < day) continue;
    if (row.availableFrom <= day) now += row.places;
    else later += row.places;
  }
  return { now, later };
}
