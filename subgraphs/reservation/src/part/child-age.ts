import { HoursBand } from './part.entity.js';

/** Completed months between two calendar days (negative before birth). */
export function monthsBetween(birth: string, day: string): number {
  const [by, bm, bd] = birth.split('-').map(Number);
  const [dy, dm, dd] = day.split('-').map(Number);
  return (dy - by) * 12 + (dm - bm) - (dd < bd ? 1 : 0);
}

/** Most weekly hours a reservation may ask for (the top of FULL_DAY). */
export const maxHoursPerWeek = 45;

/** The narrowest band that covers the weekly hours: up to 25, 35, 45. */
export function hoursBandOf(hoursPerWeek: number): HoursBand {
  if (hoursPerWeek <= 25) return HoursBand.HALF_DAY;
  if (hoursPerWeek <= 35) return HoursBand.THREE_QUARTER;
  return HoursBand.FULL_DAY;
}
