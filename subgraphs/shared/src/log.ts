/**
 * Structured one-line JSON logs. Callers pass event names and technical fields only:
 * never names, birth dates, addresses or token contents.
 */
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

export function createLogger(component: string, write: (line: string) => void = (line) => process.stderr.write(line + '\n')): Logger {
  const emit = (level: string) => (event: string, fields: Record<string, unknown> = {}) =>
    write(JSON.stringify({ time: new Date().toISOString(), level, component, event, ...fields }));
  return { info: emit('info'), warn: emit('warn'), error: emit('error') };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
