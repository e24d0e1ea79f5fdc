const berlinDay = new Intl.DateTimeFormat('en', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });

/**
 * Today as `YYYY-MM-DD` in German local time: a vacancy "until 31 July" has expired at
 * 00:30 on 1 August, when it is still 31 July in UTC.
 */
export function today(now: Date = new Date()): string {
  const part = (type: string) => berlinDay.formatToParts(now).find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}
