import { buildSchema, GraphQLError, Kind, parse, parseValue, type ValueNode, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { enforceScalarInputs, LocalDate, parseLocalDate } from './local-date.js';

const literal = (source: string): ValueNode => parseValue(source);

const invalidDates: Array<[string, unknown]> = [
  ['a day that does not exist', '2026-02-30'],
  ['the 29th of February in a common year', '2026-02-29'],
  ['month 13', '2026-13-01'],
  ['day 0', '2026-08-00'],
  ['unpadded month and day', '2026-8-1'],
  ['German notation', '01.08.2026'],
  ['a timestamp', '2026-08-01T00:00:00Z'],
  ['surrounding whitespace', ' 2026-08-01'],
  ['an empty string', ''],
  ['a number', 20260801],
  ['epoch milliseconds', Date.UTC(2026, 7, 1)],
  ['null', null],
  ['undefined', undefined],
  ['an object', { year: 2026, month: 8, day: 1 }],
];

describe('parseLocalDate', () => {
  it.each(['2026-08-01', '2028-02-29', '2026-12-31', '2027-01-01'])('accepts the calendar day %s unchanged', (value) => {
    expect(parseLocalDate(value)).toBe(value);
  });

  it.each(invalidDates)('rejects %s as BAD_USER_INPUT', (_case, value) => {
    let thrown: unknown;
    try {
      parseLocalDate(value);
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(GraphQLError);
    expect((thrown as GraphQLError).extensions.code).toBe('BAD_USER_INPUT');
    expect((thrown as GraphQLError).message).toBe('Expected a calendar date as YYYY-MM-DD.');
  });
});

describe('LocalDate scalar', () => {
  it('serializes a valid date string unchanged', () => {
    expect(LocalDate.serialize('2026-08-01')).toBe('2026-08-01');
  });

  it('serializes a Date as its UTC calendar day', () => {
    expect(LocalDate.serialize(new Date(Date.UTC(2026, 7, 1)))).toBe('2026-08-01');
  });

  it.each(['2026-02-30', '01.08.2026', 20260801])('refuses to serialize %j', (value) => {
    expect(() => LocalDate.serialize(value)).toThrow(GraphQLError);
  });

  it('parses a variable value', () => {
    expect(LocalDate.parseValue('2026-08-01')).toBe('2026-08-01');
  });

  it.each(['2026-02-30', '2026-8-1', '01.08.2026', 20260801, null])('rejects the variable value %j', (value) => {
    expect(() => LocalDate.parseValue(value)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
  });

  it('parses a string literal', () => {
    const ast = literal('"2026-08-01"');

    expect(ast.kind).toBe(Kind.STRING);
    expect(LocalDate.parseLiteral(ast, undefined)).toBe('2026-08-01');
  });

  it.each(['"2026-02-30"', '"2026-8-1"', '"01.08.2026"', '20260801', '2026.0801', 'true', '["2026-08-01"]', 'AUGUST'])('rejects the literal %s', (source) => {
    expect(() => LocalDate.parseLiteral(literal(source), undefined)).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
    );
  });
});

describe('enforceScalarInputs', () => {
  it("gives a schema built from SDL (the gateway's) LocalDate's input rules, not its output", () => {
    const schema = buildSchema('scalar LocalDate type Query { age(birthDate: LocalDate): Int }');
    const birthDate = (literal: string) => validate(schema, parse(`{ age(birthDate: ${literal}) }`));
    expect(birthDate('"2024-02-30"')).toEqual([]);

    enforceScalarInputs(schema);

    expect(birthDate('"2024-02-29"')).toEqual([]);
    expect(birthDate('"2024-02-30"').map((error) => error.message)).toEqual(['Expected a calendar date as YYYY-MM-DD.']);
    const copy = schema.getType('LocalDate') as typeof LocalDate;
    expect(() => copy.parseValue('2024-02-30')).toThrow('Expected a calendar date as YYYY-MM-DD.');
    expect(copy.serialize('as the subgraph sent it')).toBe('as the subgraph sent it');
  });
});
