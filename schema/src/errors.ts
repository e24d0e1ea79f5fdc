import { GraphQLError } from 'graphql';

/** Stable `extensions.code` values: clients branch on these, never on messages. */
export const ErrorCode = {
  BadUserInput: 'BAD_USER_INPUT',
  InvalidId: 'INVALID_ID',
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
  NotFound: 'NOT_FOUND',
  WrongMunicipality: 'WRONG_MUNICIPALITY',
  /** A municipality key or ID names no municipality in the gateway's registry. */
  UnknownMunicipality: 'UNKNOWN_MUNICIPALITY',
  /** A mutation that addresses no municipality or several: refused before anything is sent. */
  MunicipalityRequired: 'MUNICIPALITY_REQUIRED',
  /** A municipality did not answer (down, slow, paused, or serving a mismatching schema). */
  MunicipalityUnavailable: 'MUNICIPALITY_UNAVAILABLE',
  /** A subgraph the gateway reaches at one address, not per municipality (a gateway without a registry), did not answer; `subgraph` names it. */
  SubgraphUnavailable: 'SUBGRAPH_UNAVAILABLE',
  /** An upload (or a whole request body) above its size limit; `limit` gives the bytes allowed. */
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  /** An upload whose declared or actual content type is not accepted; `argument` names it. */
  UnsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
  /** A workflow step that the current status does not allow (e.g. publishing a draft); `from` and `to` name the statuses. */
  InvalidTransition: 'INVALID_TRANSITION',
  /** An allocation run whose choices changed (or gained competitors) since its preview: preview again. */
  StaleAllocation: 'STALE_ALLOCATION',
  /** An operation over a query limit (depth, fields, aliases, tokens): refused before anything runs. */
  QueryTooComplex: 'QUERY_TOO_COMPLEX',
  /** Too many requests from one client address (HTTP 429, `retry-after` says when to try again). */
  RateLimited: 'RATE_LIMITED',
  /** A take-over code that is wrong, used or expired: one code for all three, so that nothing tells them apart. */
  TakeoverCodeInvalid: 'TAKEOVER_CODE_INVALID',
  /** With a safelist (PERSISTED_DOCUMENTS_ONLY): an operation that is not one of the apps' registered documents. */
  PersistedQueryNotInList: 'PERSISTED_QUERY_NOT_IN_LIST',
  Internal: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** An expected failure the client can act on: a message for people, a code for programs. */
export function clientError(code: ErrorCode, message: string, details: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...details } });
}

/** A request whose credentials are bad as a whole: HTTP 401, nothing is executed. */
export function unauthenticatedRequest(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.Unauthenticated, http: { status: 401 } } });
}

export const badInput = (message: string, details?: Record<string, unknown>) => clientError(ErrorCode.BadUserInput, message, details);
