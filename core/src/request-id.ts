import { randomUUID } from 'node:crypto';

/** The header that carries one request's id from the client through the gateway to every subgraph, and back. */
export const requestIdHeader = 'x-request-id';

// What a proxy or client typically sends (UUIDs, ULIDs, hex trace ids): short, and nothing that
// could break a log line or a header when echoed.
const wellFormed = /^[A-Za-z0-9][A-Za-z0-9._:-]{7,127}$/;

/** Whether an incoming request id may be kept as it is. */
export function isWellFormedRequestId(value: unknown): value is string {
  return typeof value === 'string' && wellFormed.test(value);
}

/** The incoming `x-request-id` when well formed (a proxy's or the gateway's), else a new one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return isWellFormedRequestId(value) ? value : randomUUID();
}
