import { createHmac } from 'node:crypto';
import type { BucketPolicy } from './bucket-policy.js';

export * from './bucket-policy.js';

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
 *   cursor holds each municipality's position; `totalCount` is summed. The connection type
 *   declares `missingMunicipalities: [String!]!` (always `[]` from a subgraph; the gateway names
 *   the municipalities that could not answer, and `totalCount` is then null).
 *
 * Whatever the merge, a municipality that could not answer is named by a
 * MUNICIPALITY_UNAVAILABLE error at the field, and the field is null when none could: so every
 * fanned-out root field is nullable.
 * - SUM: lists of statistics buckets; items with equal `keys` fields are merged by summing
 *   every numeric field. With `distinct` and `claims`, the `distinct` fields count things (a
 *   child, say) that several municipalities may report: each bucket lists, in its `claims`
 *   field (an `@inaccessible` field taking `salt: String!`), a salted token per thing with a
 *   weight and the fields it tallies. The gateway asks for the claims with one random salt per
 *   request, gives each token to the bucket of its lowest weight (ties: the first bucket in key
 *   order), sets the `distinct` fields from those tallies and drops the claims: across
 *   municipalities each thing counts once, and the tokens never leave the gateway.
 *   After the merge, the bucket policy (`suppress`, `suppressBelow`, `suppressTotal`,
 *   `suppressedFlag`, `margins`, `ratios`; see `BucketPolicy`) suppresses small counts (and
 *   complementary ones along `margins`) and computes ratios from the merged values; the router asks the municipalities for the fields it needs under internal aliases.
 */
export type FanOutMerge = 'CONCAT' | 'ORDERED' | 'CONNECTION' | 'SUM';

export interface FanOutSpec extends BucketPolicy {
  merge: FanOutMerge;
  sortBy?: string[];
  limit?: string;
  keys?: string[];
  /** SUM: fields counted from `claims` rather than summed. */
  distinct?: string[];
  /** SUM: the `@inaccessible` list field (`salt: String!`) of `FanOutClaim`s behind `distinct`. */
  claims?: string;
}

/** One thing counted in a bucket, as the gateway reads it from the `claims` field. */
export interface FanOutClaimValue {
  /** The salted token of the thing: equal across municipalities for one salt, nothing else. */
  token: string;
  /** The thing counts in the bucket of its lowest weight. */
  weight: number;
  /** The `distinct` fields the thing adds one to where it counts. */
  tally: string[];
}

export const fanOutSpecUrl = 'https://kita-federation.de/fan-out/v1.0';

export const fanOutDirectiveDefinition =
  'directive @fanOut(merge: String!, sortBy: [String!], limit: String, keys: [String!], distinct: [String!], claims: String, suppress: [String!], suppressBelow: Int, suppressTotal: String, suppressedFlag: String, margins: [String!], ratios: [String!]) on FIELD_DEFINITION';

const list = (values: string[]) => `[${values.map((value) => JSON.stringify(value)).join(', ')}]`;

/** The directive text for `@Directive(...)` on a root field. */
export function fanOut(spec: FanOutSpec): string {
  const args = [`merge: ${JSON.stringify(spec.merge)}`];
  if (spec.sortBy) args.push(`sortBy: ${list(spec.sortBy)}`);
  if (spec.limit) args.push(`limit: ${JSON.stringify(spec.limit)}`);
  if (spec.keys) args.push(`keys: ${list(spec.keys)}`);
  if (spec.distinct) args.push(`distinct: ${list(spec.distinct)}`);
  if (spec.claims) args.push(`claims: ${JSON.stringify(spec.claims)}`);
  if (spec.suppress) args.push(`suppress: ${list(spec.suppress)}`);
  if (spec.suppressBelow !== undefined) args.push(`suppressBelow: ${spec.suppressBelow}`);
  if (spec.suppressTotal) args.push(`suppressTotal: ${JSON.stringify(spec.suppressTotal)}`);
  if (spec.suppressedFlag) args.push(`suppressedFlag: ${JSON.stringify(spec.suppressedFlag)}`);
  if (spec.margins) args.push(`margins: ${list(spec.margins)}`);
  if (spec.ratios) args.push(`ratios: ${list(spec.ratios)}`);
  return `@fanOut(${args.join(', ')})`;
}

/** A sentence for the field description, because Sandbox does not show composed directives. */
export function fanOutNote(spec: FanOutSpec): string {
  const how = {
    CONCAT: 'results of all municipalities are concatenated',
    ORDERED: `results are merged in order of ${spec.sortBy?.join(', ')} and cut to "${spec.limit}"`,
    CONNECTION: "pages are merged in cursor order; the cursor keeps each municipality's position",
    SUM: `buckets with equal ${spec.keys?.join(', ')} are summed${spec.distinct ? `, except ${spec.distinct.join(', ')}, which count each one once across municipalities` : ''}`,
  }[spec.merge];
  const partial =
    spec.merge === 'CONNECTION'
      ? 'a municipality that could not answer is named in missingMunicipalities (totalCount is then null) and by a MUNICIPALITY_UNAVAILABLE error'
      : 'a municipality that could not answer is named by a MUNICIPALITY_UNAVAILABLE error at this field';
  const policy = [
    spec.suppress
      ? `${spec.suppress.join(', ')} are suppressed (null, ${spec.suppressedFlag} true) when any lies between 1 and ${(spec.suppressBelow ?? 1) - 1}, after merging`
      : '',
    spec.margins
      ? `a count suppressed in one bucket only of the buckets that add up to a total over ${spec.margins.join(', ')} is suppressed in a second one too, so that no suppressed count follows from a total`
      : '',
    spec.ratios ? `${spec.ratios.join(', ')} computed after merging` : '',
  ].filter(Boolean);
  return `Across municipalities (@fanOut ${spec.merge}): ${how}; ${policy.length ? `${policy.join('; ')}; ` : ''}${partial}; null when none could.`;
}

/**
 * The token of a counted thing for one salt: an HMAC of its identity (e.g. a child's
 * pseudonym), so that equal things match within one request and nothing can be linked across
 * requests or read back. The salt is the gateway's, random per request.
 */
export function claimToken(salt: string, identity: string): string {
  return createHmac('sha256', salt).update(identity).digest('base64url').slice(0, 22);
}
