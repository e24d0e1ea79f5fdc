/**
 * `npm start`'s console: the stack's JSON log lines as one readable line each, warnings and
 * errors only (the caller's logger level), so that a developer sees a municipality going away,
 * a circuit opening or a refused registry edit without reading JSON.
 */

type Line = Record<string, unknown>;

/** Fields every line has, shown in the prefix or not at all. */
const framing = new Set(['time', 'level', 'component', 'instance', 'event', 'pid', 'hostname']);

const words = (value: unknown) => String(value).replaceAll('-', ' ');

/** Sentences for the events a developer should recognise at a glance; every other event is its name in words. */
const sentences: Record<string, (line: Line) => string> = {
  municipality_unavailable: (line) => `municipality ${line.municipality} unavailable (${line.subgraph}: ${words(line.reason)})`,
  instance_not_ready: (line) => `${line.subgraph} of municipality ${line.municipality} not ready: ${words(line.state)}`,
  registry_edit_refused: (line) =>
    `registry edit refused (${line.problems} problem${line.problems === 1 ? '' : 's'} in ${line.path}); the last good registry stays in use`,
  event_source_unavailable: (line) => `event source of ${line.consumer} unavailable (${line.reason})`,
};
const shown: Record<string, string[]> = {
  municipality_unavailable: ['requestId'],
  instance_not_ready: ['reason'],
  registry_edit_refused: [],
  event_source_unavailable: ['source'],
};

const formatValue = (value: unknown) => (typeof value === 'string' && !/\s/.test(value) ? value : JSON.stringify(value));

/** One JSON log line as `10:15:02 WARN  [gateway] municipality 03355 unavailable (facility: timeout) requestId=…`. */
export function formatLogLine(raw: string): string {
  let line: Line;
  try {
    line = JSON.parse(raw) as Line;
  } catch {
    return raw;
  }
  const event = String(line.event ?? '');
  const time = typeof line.time === 'string' ? line.time.slice(11, 19) : '';
  const level = String(line.level ?? '')
    .toUpperCase()
    .padEnd(5);
  const source = line.instance ?? line.component;
  const sentence = sentences[event]?.(line) ?? event.replaceAll('_', ' ');
  const extra = Object.entries(line)
    .filter(([key, value]) => value !== undefined && !framing.has(key) && (sentences[event] ? shown[event].includes(key) : true))
    .map(([key, value]) => `${key}=${formatValue(value)}`);
  return [time, level, source ? `[${source}]` : '', sentence, ...extra].filter(Boolean).join(' ');
}

/** A sink for `createLogger` that prints each line readably to stderr. */
export const consoleSink = (line: string): void => {
  process.stderr.write(`${formatLogLine(line)}\n`);
};
