import 'reflect-metadata';
import { registerEnumType } from 'type-graphql';
import { addMonths } from './calendar.js';

/** The traffic light of a facility's free places, as parents see it on a list or map. */
export enum Availability {
  FREE_NOW = 'FREE_NOW',
  FREE_SOON = 'FREE_SOON',
  NONE = 'NONE',
}

registerEnumType(Availability, {
  name: 'Availability',
  description: 'Traffic light of free places: FREE_NOW (a place is free today), FREE_SOON (one becomes free within 3 months), NONE.',
});

export interface FreePlaceDates {
  places: number;
  availableFrom: string;
  availableUntil: string | null;
}

/** FREE_NOW, FREE_SOON (within 3 months of `today`) or NONE; expired entries never count. */
export function availabilityOf(vacancies: FreePlaceDates[], today: string): Availability {
  const current = vacancies.filter((vacancy) => vacancy.places > 0 && (vacancy.availableUntil === null || vacancy.availableUntil >= today));
  if (current.some((vacancy) => vacancy.availableFrom <= today)) return Availability.FREE_NOW;
  const horizon = addMonths(today, 3);
  if (current.some((vacancy) => vacancy.availableFrom <= horizon)) return Availability.FREE_SOON;
  return Availability.NONE;
}
