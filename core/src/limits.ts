import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { ErrorCode } from '@kita/schema';
import {
  type ASTVisitor,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
  type ParseOptions,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { inputErrors } from './input-errors.js';

export interface QueryLimits {
  /** Deepest nesting of fields (the root field is depth 1). */
  maxDepth: number;
  /** Field selections in the whole operation, fragments expanded, `__typename` included. */
  maxFields: number;
  /** Aliases in the whole operation (aliases multiply work without nesting), `__typename` aliases included. */
  maxAliases: number;
  /** Lexical tokens of the document: a huge document is refused while it is parsed, before any validation work. */
  maxTokens: number;
}

/**
 * The same for the gateway and every subgraph. A subgraph sees the gateway's plan of a client's
 * operation: smaller pieces of it, with `__typename`, key fields and the gateway's own aliases
 * (`__kita_edges`, `__kita_cursor`, … per fanned-out root field) added.
 */
export const defaultQueryLimits: QueryLimits = { maxDepth: 12, maxFields: 1500, maxAliases: 60, maxTokens: 10_000 };

/**
 * What a subgraph accepts: the gateway's limits, with room for the at most three aliases the
 * gateway adds to each aliased field it merges (`__kita_edges`, `__kita_cursor`,
 * `__kita_pageInfo`), so that no operation the gateway accepted is refused on its way.
 */
export const subgraphQueryLimits: QueryLimits = { ...defaultQueryLimits, maxAliases: defaultQueryLimits.maxAliases * 4 };

// Limits hit by graphql-armor's rules, collected per validation so that the operation gets one error.
const armorProblems = new WeakMap<ValidationContext, string[]>();

function problemsOf(context: ValidationContext): string[] {
  let problems = armorProblems.get(context);
  if (!problems) armorProblems.set(context, (problems = []));
  return problems;
}

/** graphql-armor's rules for what its semantics fit: aliases, every alias counted (its default lets `__typename` aliases go free). */
function armorRules(limits: QueryLimits): ValidationRule[] {
  const { validationRules } = new ApolloArmor({
    maxAliases: {
      n: limits.maxAliases,
      allowList: [],
      propagateOnRejection: false,
      onReject: [(context) => context && problemsOf(context).push(`uses more than ${limits.maxAliases} aliases`)],
    },
    // Depth and breadth are the rule below (fragments expanded, introspection's type chains allowed);
    // tokens are graphql-js's own parse option; suggestions are hidden in `edgeErrors`.
    maxDepth: { enabled: false },
    costLimit: { enabled: false },
    maxDirectives: { enabled: false },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return validationRules;
}

/**
 * A validation rule that refuses operations too deep or too broad, and reports the limits armor's
 * rules found with them: one QUERY_TOO_COMPLEX error per operation naming every limit hit. Runs on
 * leaving the operation, after armor's rules have seen it. Fragments are expanded (and cycles cut).
 */
export function queryLimitsRule(limits: QueryLimits = defaultQueryLimits): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    return {
      OperationDefinition: {
        leave(operation: OperationDefinitionNode) {
          let fields = 0;
          let deepest = 0;
          const walk = (selectionSet: SelectionSetNode, depth: number, seen: Set<string>, introspection: boolean): void => {
            for (const selection of selectionSet.selections) {
              if (selection.kind === Kind.FIELD) {
                const name = selection.name.value;
                fields += 1;
                deepest = Math.max(deepest, depth);
                const inIntrospection = introspection || name === '__schema' || name === '__type';
                // Introspection unwraps list and non-null types through `ofType` (seven levels in the
                // standard query Sandbox sends): a chain of single values, so it adds no depth.
                const next = inIntrospection && name === 'ofType' ? depth : depth + 1;
                if (selection.selectionSet) walk(selection.selectionSet, next, seen, inIntrospection);
              } else if (selection.kind === Kind.INLINE_FRAGMENT) {
                walk(selection.selectionSet, depth, seen, introspection);
              } else {
                const fragment = fragments.get(selection.name.value);
                if (fragment && !seen.has(fragment.name.value)) walk(fragment.selectionSet, depth, new Set([...seen, fragment.name.value]), introspection);
              }
              if (fields > limits.maxFields) return;
            }
          };
          walk(operation.selectionSet, 1, new Set(), false);
          const problems: string[] = [];
          if (deepest > limits.maxDepth) problems.push(`nests ${deepest} levels deep (at most ${limits.maxDepth})`);
          if (fields > limits.maxFields) problems.push(`selects more than ${limits.maxFields} fields`);
          problems.push(...problemsOf(context).splice(0));
          if (problems.length) {
            context.reportError(
              new GraphQLError(`This operation ${problems.join(', ')}. Split it into smaller queries.`, {
                nodes: [operation],
                extensions: { code: ErrorCode.QueryTooComplex },
              }),
            );
          }
        },
      },
    };
  };
}

/** graphql-js's message when a document has more tokens than `maxTokens` (it spells "that" for "than"). */
const tokenLimitMessage = /^Syntax Error: Document contains more tha[nt] \d+ tokens/;

/** graphql-js's suggestions: ` Did you mean "x"?`, `… the enum value "X"?`, `… to use an inline fragment on "T"?`. */
const suggestion = / Did you mean [^?]*\?/g;

/**
 * What the edge makes of an error before it is formatted: a refused limit keeps its stable code
 * (Apollo Server reports every validation error as GRAPHQL_VALIDATION_FAILED and every parse
 * error as GRAPHQL_PARSE_FAILED), and in production no message suggests names of the schema.
 * `originalCode` is the code of the error it wraps, if any.
 */
export function refineEdgeError(limits: QueryLimits, production: boolean) {
  return (error: { message: string; extensions: Record<string, unknown> }, originalCode: unknown): void => {
    if (originalCode === ErrorCode.QueryTooComplex) {
      error.extensions.code = ErrorCode.QueryTooComplex;
    } else if (tokenLimitMessage.test(error.message)) {
      error.message = `This operation has more than ${limits.maxTokens} tokens. Split it into smaller queries.`;
      error.extensions.code = ErrorCode.QueryTooComplex;
    }
    // graphql-js has no switch for suggestions; armor's plugin leaves two of their forms and a dangling "?".
    if (production) error.message = error.message.replace(suggestion, '');
  };
}

function edgeErrors<C extends BaseContext>(refine: ReturnType<typeof refineEdgeError>): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) refine(error, (error.originalError as GraphQLError | undefined)?.extensions?.code);
        },
      };
    },
  };
}

export interface EdgeProtectionOptions {
  /** Defaults in `defaultQueryLimits`. */
  limits?: Partial<QueryLimits>;
  /** Hides field suggestions ("Did you mean …"); development keeps them for Sandbox. */
  production: boolean;
}

/**
 * What the gateway's and every subgraph's Apollo Server get against hostile documents: the query
 * limits (HTTP 400 QUERY_TOO_COMPLEX before anything is planned, sent or resolved) and no field
 * suggestions in production. Spread the parts into the ApolloServer options.
 */
export function edgeProtection<C extends BaseContext>(options: EdgeProtectionOptions) {
  const limits: QueryLimits = { ...defaultQueryLimits, ...options.limits };
  const refine = refineEdgeError(limits, options.production);
  return {
    // graphql-js stops lexing at the limit; armor's own token plugin answers 500 in Apollo Server.
    parseOptions: { maxLexicalTokens: limits.maxTokens } satisfies ParseOptions,
    // Armor's rules first: the limits rule reports what they found, on leaving each operation.
    validationRules: [...armorRules(limits), queryLimitsRule(limits)],
    // A malformed scalar value (LocalDate), inline or as a variable: one BAD_USER_INPUT with its argument.
    plugins: [edgeErrors<C>(refine), inputErrors<C>()],
    /** The same for errors of an answer given outside Apollo Server's pipeline (the gateway's prepared operations). */
    refineError: refine,
  };
}
