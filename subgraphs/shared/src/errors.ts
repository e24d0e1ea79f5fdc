import { GraphQLError } from 'graphql';

/** Stable `extensions.code` values: clients branch on these, never on messages. */
export const ErrorCode = {
  BadUserInput: 'BAD_USER_INPUT',
  InvalidId: 'INVALID_ID',
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
  NotFound: 'NOT_FOUND',
  WrongMunicipality: 'WRONG_MUNICIPALITY',
  Internal: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const httpStatus: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.Unauthenticated]: 401,
};

/** An expected failure the client can act on: a message for people, a code for programs. */
export function clientError(code: ErrorCode, message: string, details: Record<string, unknown> = {}): GraphQLError {
  const status = httpStatus[code];
  return new GraphQLError(message, {
    extensions: { code, ...details, ...(status ? { http: { status } } : {}) },
  });
}

export const badInput = (message: string, details?: Record<string, unknown>) =>
  clientError(ErrorCode.BadUserInput, message, details);
