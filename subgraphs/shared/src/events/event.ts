import { z } from 'zod';

/** An event as the owner serves it and a consumer's `apply` receives it. */
export interface OutboxEvent<Payload = unknown> {
  seq: number;
  type: string;
  /** Local ID (uuid) of the entity the event is about, in the owner's municipality. */
  aggregateId: string;
  payload: Payload;
  /** ISO 8601 timestamp. */
  occurredAt: string;
}

/** One page of `GET /events?after=<seq>&limit=<n>`; `last` is the last event's seq, or `after` when empty. */
export interface EventPage {
  events: OutboxEvent[];
  last: number;
  /** The owner's newest seq when the page was read (how far behind the consumer is); owners before it was added omit it. */
  head?: number;
}

export const maxEventPageSize = 1000;
export const defaultEventPageSize = 500;

const seqSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** What a consumer accepts from an owner: anything else is treated like an owner that is down. */
export const eventPageSchema = z.object({
  events: z.array(
    z.object({
      seq: seqSchema.min(1),
      type: z.string().min(1),
      aggregateId: z.string().min(1),
      payload: z.unknown(),
      occurredAt: z.string(),
    }),
  ),
  last: seqSchema,
  head: seqSchema.optional(),
});
