import { badInput, clientError, ErrorCode } from '@kita/schema';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { maskUnexpectedErrors, withoutInputValues } from './apollo.js';
import { createLogger } from './log.js';

/** A logger whose lines the test can read. */
function capturingLogger() {
  const lines: string[] = [];
  return { lines, logger: createLogger('test-subgraph', (line) => lines.push(line)) };
}

/** What Apollo hands to `formatError`: the formatted error and the GraphQLError wrapping the thrown value. */
function asApolloWouldFormat(thrown: Error, path: Array<string | number> = ['reservation', 'childName']) {
  const error =
    thrown instanceof GraphQLError ? thrown : new GraphQLError(thrown.message, { path, originalError: thrown, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  const formatted: GraphQLFormattedError = {
    ...error.toJSON(),
    path,
    extensions: { ...error.extensions, stacktrace: (thrown.stack ?? '').split('\n') },
  };
  return { formatted, error };
}

const personalName = 'Erika Mustermann';

describe('maskUnexpectedErrors', () => {
  it('passes an expected error through but drops its stack trace', () => {
    const { lines, logger } = capturingLogger();
    const { formatted, error } = asApolloWouldFormat(badInput('"after" is not a cursor returned by this API.', { argument: 'after' }));

    const result = maskUnexpectedErrors(logger)(formatted, error);

    expect(result).toEqual({
      message: '"after" is not a cursor returned by this API.',
      path: ['reservation', 'childName'],
      extensions: { code: 'BAD_USER_INPUT', argument: 'after' },
    });
    expect(result.extensions).not.toHaveProperty('stacktrace');
    expect(lines).toEqual([]);
  });

  it.each([ErrorCode.InvalidId, ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.WrongMunicipality])(
    'passes the exposed code %s through',
    (code) => {
      const { formatted, error } = asApolloWouldFormat(clientError(code, 'expected failure'));

      const result = maskUnexpectedErrors(createLogger('test', () => {}))(formatted, error);

      expect(result.message).toBe('expected failure');
      expect(result.extensions?.code).toBe(code);
    },
  );

  it.each(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND'])(
    'passes the Apollo request error %s through',
    (code) => {
      const formatted: GraphQLFormattedError = { message: 'Syntax Error: Unexpected "}".', extensions: { code, stacktrace: ['at parse'] } };

      const result = maskUnexpectedErrors(createLogger('test', () => {}))(formatted, new GraphQLError(formatted.message));

      expect(result).toEqual({ message: 'Syntax Error: Unexpected "}".', extensions: { code } });
    },
  );

  it('replaces an unexpected error with a generic internal error', () => {
    const { logger } = capturingLogger();
    const { formatted, error } = asApolloWouldFormat(new TypeError(`Cannot read properties of undefined (reading '${personalName}')`));

    const result = maskUnexpectedErrors(logger)(formatted, error);

    expect(result).toEqual({ message: 'Internal server error', path: ['reservation', 'childName'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });

  it('masks an error that claims INTERNAL_SERVER_ERROR itself', () => {
    const { formatted, error } = asApolloWouldFormat(clientError(ErrorCode.Internal, `SELECT * FROM reservation WHERE child_name = '${personalName}'`));

    const result = maskUnexpectedErrors(createLogger('test', () => {}))(formatted, error);

    expect(result).toEqual({ message: 'Internal server error', path: ['reservation', 'childName'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });

  it('masks an error with a code that is not on the exposed list', () => {
    const formatted: GraphQLFormattedError = { message: `duplicate key: ${personalName}`, extensions: { code: '23505' } };

    const result = maskUnexpectedErrors(createLogger('test', () => {}))(formatted, new Error(formatted.message));

    expect(result).toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });

  it('masks an error without any code', () => {
    const formatted: GraphQLFormattedError = { message: `no code for ${personalName}` };

    const result = maskUnexpectedErrors(createLogger('test', () => {}))(formatted, new Error(formatted.message));

    expect(result).toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });

  it('logs the path and kind of an unexpected error but none of its message', () => {
    const { lines, logger } = capturingLogger();
    const { formatted, error } = asApolloWouldFormat(new RangeError(`birth date of ${personalName} is out of range`));

    maskUnexpectedErrors(logger)(formatted, error);

    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain(personalName);
    expect(lines[0]).not.toContain('birth date');
    expect(JSON.parse(lines[0])).toMatchObject({
      level: 'error',
      component: 'test-subgraph',
      event: 'unexpected_error',
      path: ['reservation', 'childName'],
      kind: 'RangeError',
    });
  });

  it('logs the kind of a thrown value that is not wrapped', () => {
    const { lines, logger } = capturingLogger();
    const formatted: GraphQLFormattedError = { message: personalName, extensions: { code: 'INTERNAL_SERVER_ERROR' } };

    maskUnexpectedErrors(logger)(formatted, new SyntaxError(personalName));

    expect(lines[0]).not.toContain(personalName);
    expect(JSON.parse(lines[0])).toMatchObject({ kind: 'SyntaxError' });
  });
});

describe('withoutInputValues', () => {
  it.each([
    [
      'Variable "$input" got invalid value { firstName: "Katarzyna", lastName: "Schröder", email: "k.schroeder@example.org" } at "input.guardians[0]"; Field "nickname" is not defined by type "GuardianInput". Did you mean "firstName" or "lastName"?',
      'Variable "$input" got an invalid value at "input.guardians[0]"; Field "nickname" is not defined by type "GuardianInput". Did you mean "firstName" or "lastName"?',
    ],
    [
      'Variable "$input" got invalid value "viel" at "input.hoursPerWeek"; Int cannot represent non-integer value: "viel"',
      'Variable "$input" got an invalid value at "input.hoursPerWeek"; Int cannot represent non-integer value.',
    ],
    [
      'Variable "$m" got invalid value 3355022; String cannot represent a non string value: 3355022',
      'Variable "$m" got an invalid value; String cannot represent a non string value.',
    ],
    [
      'Variable "$input" got invalid value { child: { firstName: "Mila\\"; at \\"x" } }; Expected type "ReservationDraftInput" to be an object.',
      'Variable "$input" got an invalid value; Expected type "ReservationDraftInput" to be an object.',
    ],
    [
      'Variable "$s" got invalid value "Mila" at "s"; Value "Mila" does not exist in "ReservationStatus" enum.',
      'Variable "$s" got an invalid value at "s"; The value does not exist in "ReservationStatus" enum.',
    ],
    ['Expected value of type "Int!", found "Schröder".', 'Expected value of type "Int!".'],
    [
      'Expected value of type "LocalDate!", found "2024-02-30"; Expected a calendar date as YYYY-MM-DD.',
      'Expected value of type "LocalDate!"; Expected a calendar date as YYYY-MM-DD.',
    ],
    ['Only parents may save reservations.', 'Only parents may save reservations.'],
  ])('%s', (message, expected) => {
    expect(withoutInputValues(message)).toBe(expected);
  });
});
