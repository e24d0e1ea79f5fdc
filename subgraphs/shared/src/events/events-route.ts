import { type RouteHandler, sendJson, type TokenVerifier, verifyServiceToken } from '@kita/core';
import { ErrorCode } from '@kita/schema';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Database } from '../orm.js';
import { backgroundWork } from '../orm.js';
import { plainRows } from '../plain-rows.js';
import { defaultEventPageSize, type EventPage, maxEventPageSize } from './event.js';
import { OutboxEventEntity } from './outbox-event.entity.js';

/** The events after `after`, by seq, at most `limit`. Gap-free because writers serialise (see `outboxWriterLock`). */
export async function readEvents(em: EntityManager, after: number, limit: number): Promise<EventPage> {
  // Every consumer's poll asks this, nearly always for nothing new: one plain statement, plain rows.
  // The newest seq rides along in the same statement (an index lookup), so consumers can report their lag.
  const raw = await em.execute<Array<Record<string, unknown>>>(
    'select *, (select max(seq) from outbox_event) as head from outbox_event where seq > ? order by seq limit ?',
    [after, limit],
  );
  const rows = plainRows(em, OutboxEventEntity, raw);
  const events = rows.map((row) => ({
    seq: row.seq,
    type: row.type,
    aggregateId: row.aggregateId,
    payload: row.payload,
    occurredAt: row.occurredAt.toISOString(),
  }));
  // No rows: nothing newer than `after`, so the consumer is caught up.
  const last = events.at(-1)?.seq ?? after;
  return { events, last, head: raw.length ? Number(raw[0].head) : last };
}

const errorBody = (code: string, message: string, details: Record<string, unknown> = {}) => ({
  errors: [{ message, extensions: { code, ...details } }],
});

/** A whole number from a query parameter, or undefined when it is malformed or out of range. */
function integerParameter(raw: string | null, fallback: number, min: number, max: number): number | undefined {
  if (raw === null) return fallback;
  if (!/^\d{1,16}$/.test(raw)) return undefined;
  const value = Number(raw);
  return value >= min && value <= max ? value : undefined;
}

/**
 * `GET /events?after=<seq>&limit=<n>`: the owner's outbox for consumers, in seq order, for
 * service tokens only (anonymous and bad tokens 401, personal tokens 403). Plain HTTP, not
 * GraphQL: it is an internal feed, not part of the public schema.
 */
export function eventsRoute(database: Database, verifier: TokenVerifier): RouteHandler {
  return async (request, response) => {
    if (request.method !== 'GET') {
      response.setHeader('allow', 'GET');
      return sendJson(response, 405, errorBody('METHOD_NOT_ALLOWED', 'Events are read with GET.'));
    }
    const check = await verifyServiceToken(verifier, request.headers.authorization);
    if (!check.ok) {
      if (check.status === 401) response.setHeader('www-authenticate', 'Bearer');
      return sendJson(response, check.status, errorBody(check.code, check.message));
    }
    const query = new URL(request.url ?? '/', 'http://localhost').searchParams;
    const after = integerParameter(query.get('after'), 0, 0, Number.MAX_SAFE_INTEGER);
    if (after === undefined)
      return sendJson(response, 400, errorBody(ErrorCode.BadUserInput, '"after" must be a seq (a whole number from 0).', { argument: 'after' }));
    const limit = integerParameter(query.get('limit'), defaultEventPageSize, 1, maxEventPageSize);
    if (limit === undefined) {
      return sendJson(response, 400, errorBody(ErrorCode.BadUserInput, `"limit" must be between 1 and ${maxEventPageSize}.`, { argument: 'limit' }));
    }
    // Plumbing between subgraphs, not a client request: kept out of request statement counts.
    sendJson(response, 200, await readEvents(database.orm.em.fork(backgroundWork) as EntityManager, after, limit));
  };
}

/** The events URL of an instance, from its GraphQL URL (as the registry lists it). */
export function eventsUrlOf(graphqlUrl: string): string {
  return new URL('/events', graphqlUrl).toString();
}
