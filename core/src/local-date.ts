import { type ASTNode, GraphQLScalarType, type GraphQLSchema, Kind } from 'graphql';
import { ScalarInputError } from './input-errors.js';

const localDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Parses `YYYY-MM-DD` into the same string when it names a real calendar day. The error
 * (BAD_USER_INPUT, a `ScalarInputError`) never quotes the value: a rejected date may be a child's
 * birth date, and graphql-js passes a scalar's message on as it is (into answers and wherever
 * answers are logged). `node`: the literal in the query, so that the edge can name its argument.
 */
export function parseLocalDate(value: unknown, node?: ASTNode): string {
  if (typeof value === 'string') {
    const match = localDatePattern.exec(value);
    if (match) {
      const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
      if (date.toISOString().slice(0, 10) === value) return value;
    }
  }
  throw new ScalarInputError('a calendar date as YYYY-MM-DD', node);
}

/** A calendar day without time zone, e.g. a wished start date. */
export const LocalDate = new GraphQLScalarType({
  name: 'LocalDate',
  description: 'A calendar day, YYYY-MM-DD (no time zone).',
  serialize: (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : parseLocalDate(value)),
  parseValue: (value) => parseLocalDate(value),
  parseLiteral: (ast) => parseLocalDate(ast.kind === Kind.STRING ? ast.value : undefined, ast),
});

/**
 * Gives the copies of our scalars in a schema built from SDL (the gateway's, from the supergraph)
 * their input rules, which SDL cannot carry: without them the gateway passes any value on, every
 * municipality's instance refuses it, and the client gets one error per instance next to an
 * empty answer. Output stays as the subgraphs serialized it. Changes the schema in place.
 */
export function enforceScalarInputs(schema: GraphQLSchema): void {
  for (const scalar of [LocalDate]) {
    const copy = schema.getType(scalar.name);
    if (copy instanceof GraphQLScalarType) Object.assign(copy, { parseValue: scalar.parseValue, parseLiteral: scalar.parseLiteral });
  }
}
