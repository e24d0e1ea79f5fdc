import { type Logger as PinoLogger, pino } from 'pino';

/**
 * Structured one-line JSON logs (pino). Callers pass an event name in snake_case
 * (`municipality_unavailable`) and technical fields only: never names, birth dates, addresses
 * or token contents. Redaction below is the safety net for a field that slips through, not
 * permission to log one.
 */
export interface Logger {
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
  /** A logger whose every line also carries `bindings` (e.g. `{ requestId }` for one request). */
  child(bindings: Record<string, unknown>): Logger;
}

export const logLevels = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

/** Fields that hold a person's data (a child, guardians, contacts) or a secret, wherever they sit. */
const personalFields = [
  'firstName',
  'lastName',
  'givenName',
  'familyName',
  'fullName',
  'childName',
  'birthDate',
  'dateOfBirth',
  'email',
  'phone',
  'mobile',
  'address',
  'street',
  'houseNumber',
  'guardian',
  'guardians',
  'child',
  'siblings',
  'pseudonym',
];
const secretFields = [
  'authorization',
  '["x-service-authorization"]',
  'token',
  'accessToken',
  'idToken',
  'password',
  'secret',
  'cookie',
  'serviceKey',
  'variables',
];

/**
 * pino redaction paths (fast-redact needs explicit depths): each field at the top, one and two
 * levels down, and inside arrays. `name` only below the top: an event's own fields are
 * technical, but a `name` inside a payload or input is a person's or a facility contact's.
 */
export const redactedPaths: string[] = [...personalFields, ...secretFields].flatMap((field) => {
  const key = field.startsWith('[') ? field : `.${field}`;
  return [field, `*${key}`, `*.*${key}`, `*[*]${key}`, `*.*[*]${key}`];
});
redactedPaths.push('*.name', '*.*.name', '*[*].name', '*.*[*].name', '*.headers.authorization', '*.headers["x-service-authorization"]');

/** Every key that a redaction path ends in (`name` counts below the top only, as in the paths). */
const redactedKeys = new Set([...personalFields, ...secretFields.map((field) => field.replace(/^\["(.*)"\]$/, '$1')), 'name']);
/** Deeper than every redaction path reaches (`*.*[*].field`: four levels). */
const redactionDepth = 4;

/**
 * Whether a line's fields hold a key that a redaction path could censor, at any depth the paths
 * reach. Most lines (the access log's, the router's warnings) hold technical fields only and are
 * written without pino's redaction, which walks all its ~140 wildcard paths on every line (it was
 * the largest part of a gateway request's own CPU time in the benchmark's profile). A line that
 * holds such a key anywhere goes through the redacting logger as before.
 */
export function mayNeedRedaction(value: unknown, depth = 0): boolean {
  if (depth > redactionDepth || typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return false;
  if (Array.isArray(value)) return value.some((item) => mayNeedRedaction(item, depth + 1));
  for (const key of Object.keys(value)) {
    if (redactedKeys.has(key) && (depth > 0 || key !== 'name')) return true;
    if (mayNeedRedaction((value as Record<string, unknown>)[key], depth + 1)) return true;
  }
  return false;
}

/** An error as its kind and code only: messages and stacks can quote SQL, values or paths. */
function errorKind(value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const code = (value as { code?: unknown }).code;
  return { kind: value.name, ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}) };
}

/** The same for any Error value among the fields (serializers only see known keys). */
function withoutStacks(fields: Record<string, unknown>): Record<string, unknown> {
  let result = fields;
  for (const [key, value] of Object.entries(fields)) {
    if (value instanceof Error) {
      if (result === fields) result = { ...fields };
      result[key] = errorKind(value);
    }
  }
  return result;
}

/** `redacting` and `plain` write the same lines to the same destination; `plain` has no redaction paths. */
function wrap(redacting: PinoLogger, plain: PinoLogger): Logger {
  // `event` goes last so that no field can overwrite it.
  const emit =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (event: string, fields: Record<string, unknown> = {}) => {
      if (!redacting.isLevelEnabled(level)) return;
      const line = { ...withoutStacks(fields), event };
      (mayNeedRedaction(line) ? redacting : plain)[level](line);
    };
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    // Bindings that need redaction keep every line of the child on the redacting logger.
    child: (bindings) =>
      mayNeedRedaction(bindings) ? wrap(redacting.child(bindings), redacting.child(bindings)) : wrap(redacting.child(bindings), plain.child(bindings)),
  };
}

export interface LoggerOptions {
  /** Lowest level written (default `info`; `LOG_LEVEL`). */
  level?: LogLevel;
}

/**
 * A logger for one component (`gateway`, `facility@03355022`). Without a sink it writes JSON
 * lines to stdout, what a container's log collector reads; a sink gets each line as a string
 * (tests, `npm start`'s console).
 */
export function createLogger(component: string, write?: (line: string) => void, options: LoggerOptions = {}): Logger {
  const destination = write ? { write: (line: string) => write(line.endsWith('\n') ? line.slice(0, -1) : line) } : pino.destination({ dest: 1, sync: true });
  const settings = {
    level: options.level ?? 'info',
    base: { component },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Level names, not numbers: readable by people and by every log collector.
    formatters: { level: (label: string) => ({ level: label }) },
    serializers: { err: errorKind, error: errorKind },
  };
  return wrap(pino({ ...settings, redact: { paths: redactedPaths, censor: '[Redacted]' } }, destination), pino(settings, destination));
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLogger };
