const berlinDay = new Intl.DateTimeFormat('en', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });
/** The last answer of `today` and the minute (of UTC) it holds for. */
let lastDay = { minute: Number.NaN, day: '' };

/**
 * Today as `YYYY-MM-DD` in German local time: a vacancy or permit "until 31 July" has ended
 * at 00:30 on 1 August, when it is still 31 July in UTC.
 */
export function today(now: Date = new Date()): string {
  // Requests ask for today several times each and ICU formatting is not cheap: remember the
  // answer for the minute. Exact, because German time changes days on whole minutes of UTC.
  const minute = Math.floor(now.getTime() / 60_000);
  if (minute !== lastDay.minute) {
    const parts = berlinDay.formatToParts(now);
    const part = (type: string) => parts.find((p) => p.type === type)!.value;
    lastDay = { minute, day: `${part('year')}-${part('month')}-${part('day')}` };
  }
  return lastDay.day;
}

/** The same calendar day `years` later; 29 February becomes 28 February in a common year. */
export function addYears(day: string, years: number): string {
  const [year, month, date] = day.split('-').map(Number);
  const lastOfMonth = new Date(Date.UTC(year + years, month, 0)).getUTCDate();
  return new Date(Date.UTC(year + years, month - 1, Math.min(date, lastOfMonth))).toISOString().slice(0, 10);
}

/** The calendar day `days` days after (or before) `day`. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The calendar day `months` months after `day` (clamped to the month's last day). */
export function addMonths(day: string, months: number): string {
  const [year, month, date] = day.split('-').map(Number);
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date, lastDay));
  return target.toISOString().slice(0, 10);
}

/** Completed months between two calendar days (negative before birth): a child's age in months on `day`. */
export function monthsBetween(birth: string, day: string): number {
  const [by, bm, bd] = birth.split('-').map(Number);
  const [dy, dm, dd] = day.split('-').map(Number);
  return (dy - by) * 12 + (dm - bm) - (dd < bd ? 1 : 0);
}

/** The first day (1 August) of the Kita year that `day` falls in: the Kita year runs 1 August to 31 July. */
export function kitaYearStart(day: string): string {
  const [year, month] = day.split('-').map(Number);
  return `${month >= 8 ? year : year - 1}-08-01`;
}
