/**
 * The days of the year's time series: one a week back from today (the chart) and each first of
 * the month (the table), not all 365: the history is read and merged for these days only.
 */
export function seriesDays(today = new Date().toISOString().slice(0, 10)): { from: string; days: string[] } {
  const end = Date.parse(`${today}T00:00:00Z`);
  const day = (time: number) => new Date(time).toISOString().slice(0, 10);
  const from = day(end - 365 * 86_400_000);
  const days = new Set<string>();
  for (let week = 0; week * 7 <= 365; week += 1) days.add(day(end - week * 7 * 86_400_000));
  for (let month = 0; month <= 12; month += 1) {
    const first = new Date(end);
    first.setUTCDate(1);
    first.setUTCMonth(first.getUTCMonth() - month);
    if (day(first.getTime()) >= from) days.add(day(first.getTime()));
  }
  return { from, days: [...days].sort() };
}
