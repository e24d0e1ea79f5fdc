import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ErrorCode } from '@kita/schema';
import { type ASTNode, type DocumentNode, GraphQLError, Kind, type ValueNode } from 'graphql';

/**
 * A value that one of our scalars refuses (a malformed `LocalDate`), thrown by its
 * `parseLiteral` / `parseValue`. graphql-js reports it in two shapes: as a validation error when
 * the value is written into the query (GRAPHQL_VALIDATION_FAILED, no argument), and inside a
 * "Variable … got invalid value" error when it came as a variable. `inputErrors` makes both one
 * BAD_USER_INPUT naming the argument path. The message never holds the value.
 */
export class ScalarInputError extends GraphQLError {
  /** What a valid value is, for the message: `a calendar date as YYYY-MM-DD`. */
  readonly expectation: string;

  constructor(expectation: string, node?: ASTNode) {
    super(`Expected ${expectation}.`, { nodes: node ? [node] : undefined, extensions: { code: ErrorCode.BadUserInput } });
    this.expectation = expectation;
  }
}

function scalarErrorIn(error: GraphQLError): ScalarInputError | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 5; current = (current as { originalError?: unknown }).originalError, depth += 1) {
    if (current instanceof ScalarInputError) return current;
  }
  return undefined;
}

type Found = { argument: string; node: ValueNode };

/**
 * Every argument value of the document with its path (`input.child.birthDate`,
 * `input.choices[2]`), of fields and directives, in operations and fragments.
 */
function argumentValues(document: DocumentNode): Found[] {
  const found: Found[] = [];
  const walk = (node: ValueNode, path: string) => {
    found.push({ argument: path, node });
    if (node.kind === Kind.OBJECT) for (const field of node.fields) walk(field.value, `${path}.${field.name.value}`);
    else if (node.kind === Kind.LIST) node.values.forEach((value, index) => walk(value, `${path}[${index}]`));
  };
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    const ast = node as { kind?: string; arguments?: Array<{ name: { value: string }; value: ValueNode }> };
    if ((ast.kind === Kind.FIELD || ast.kind === Kind.DIRECTIVE) && ast.arguments)
      for (const argument of ast.arguments) walk(argument.value, argument.name.value);
    for (const [key, value] of Object.entries(node)) if (key !== 'loc' && key !== 'arguments' && typeof value === 'object') visit(value);
  };
  visit(document.definitions);
  return found;
}

const sameNode = (a: ASTNode, b: ASTNode) => a === b || (a.loc !== undefined && b.loc !== undefined && a.loc.start === b.loc.start && a.kind === b.kind);

/** The argument path of a refused value: written into the query (its node), or inside a variable. */
function argumentOf(error: GraphQLError, document: DocumentNode | undefined): string | undefined {
  if (!document) return undefined;
  const values = argumentValues(document);
  const node = error.nodes?.[0];
  if (node && node.kind !== Kind.VARIABLE_DEFINITION) {
    const direct = values.find((value) => sameNode(value.node, node));
    if (direct) return direct.argument;
  }
  // `Variable "$input" got invalid value … at "input.child.birthDate"; …`: the path inside the
  // variable's value follows its name. The argument is where the operation uses the variable
  // (also for a bad default value of the variable).
  const variable =
    node?.kind === Kind.VARIABLE_DEFINITION
      ? node.variable.name.value
      : (/^Variable "\$(\w+)"/.exec(error.message)?.[1] ?? variableWithDefault(node, document));
  if (!variable) return undefined;
  const inner = new RegExp(` at "${variable}((?:\\.\\w+|\\[\\d+\\])*)"`).exec(error.message)?.[1] ?? '';
  const usage = values.find((value) => value.node.kind === Kind.VARIABLE && value.node.name.value === variable);
  return usage ? `${usage.argument}${inner}` : `$${variable}${inner}`;
}

/** The variable whose default value holds `node`, if any. */
function variableWithDefault(node: ASTNode | undefined, document: DocumentNode): string | undefined {
  if (!node?.loc) return undefined;
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const variable of definition.variableDefinitions ?? []) {
      const at = variable.defaultValue?.loc;
      if (at && node.loc.start >= at.start && node.loc.end <= at.end) return variable.variable.name.value;
    }
  }
  return undefined;
}

/**
 * One error for one mistake, the same written inline or sent as a variable: a value one of our
 * scalars refuses is BAD_USER_INPUT with `extensions.argument` (the argument and the path inside
 * it, `filter.childBirthDate`, `input.child.birthDate`) and a message that names that path, never
 * the value. Part of `edgeProtection`, so the gateway (which refuses before anything is sent) and
 * every subgraph called directly answer alike.
 */
export function inputErrors<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, document }) {
          for (const error of errors) {
            const refused = scalarErrorIn(error);
            if (!refused) continue;
            const argument = argumentOf(error, document);
            error.extensions.code = ErrorCode.BadUserInput;
            if (argument) {
              error.extensions.argument = argument;
              error.message = `"${argument}" must be ${refused.expectation}.`;
            } else error.message = refused.message;
          }
        },
      };
    },
  };
}
