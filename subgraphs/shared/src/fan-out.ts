/**
 * How the gateway merges a root field that it sends to several municipalities. Declared next
 * to the field with `@Directive(fanOut(...))`, composed into the supergraph (Sandbox shows
 * it in the field description too), read by the gateway's tenant router.
 *
 * - CONCAT: lists are concatenated in registry order.
 * - ORDERED: lists are merged by `sortBy` (item fields, compared in order; numbers and
 *   strings) and cut to the value of the `limit` argument.
 * - CONNECTION: Relay connections merged by their edges' cursors, which must be
 *   `encodeCursor([...sortKey])` of the edge (the sort key tuple, ascending); the merged
 *   cursor holds each municipality's position; `totalCount` is summed.
 * - SUM: lists of statistics buckets; items with equal `keys` fields are merged by summing
 *   every numeric field.
 */
export type FanOutMerge = 'CONCAT' | 'ORDERED' | 'CONNECTION' | 'SUM';

export interface FanOutSpec {
  merge: FanOutMerge;
  sortBy?: string[];
  limit?: string;
  keys?: string[];
}

export const fanOutSpecUrl = 'https://kita-federation.de/fan-out/v1.0';

export const fanOutDirectiveDefinition =
  'directive @fanOut(merge: String!, sortBy: [String!], limit: String, keys: [String!]) on FIELD_DEFINITION';

const list = (values: string[]) => `[${values.map((value) => JSON.stringify(value)).join(', ')}]`;

/** The directive text for `@Directive(...)` on a root field. */
export function fanOut(spec: FanOutSpec): string {
  const args = [`merge: ${JSON.stringify(spec.merge)}`];
  if (spec.sortBy) args.push(`sortBy: ${list(spec.sortBy)}`);
  if (spec.limit) args.push(`limit: ${JSON.stringify(spec.limit)}`);
  if (spec.keys) args.push(`keys: ${list(spec.keys)}`);
  return `@fanOut(${args.join(', ')})`;
}

/** A sentence for the field description, because Sandbox does not show composed directives. */
export function fanOutNote(spec: FanOutSpec): string {
  const how = {
    CONCAT: 'results of all municipalities are concatenated',
    ORDERED: `results are merged in order of ${spec.sortBy?.join(', ')} and cut to "${spec.limit}"`,
    CONNECTION: 'pages are merged in cursor order; the cursor keeps each municipality\'s position',
    SUM: `buckets with equal ${spec.keys?.join(', ')} are summed`,
  }[spec.merge];
  return `Across municipalities (@fanOut ${spec.merge}): ${how}.`;
}
