import { GraphQLError, Kind, type ASTVisitor, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext } from 'graphql';

export interface QueryLimits {
  /** Deepest nesting of fields (the root field is depth 1). */
  maxDepth: number;
  /** Field selections in the whole operation, fragments expanded. */
  maxFields: number;
  /** Aliases in the whole operation (aliases multiply work without nesting). */
  maxAliases: number;
}

export const defaultQueryLimits: QueryLimits = { maxDepth: 12, maxFields: 1500, maxAliases: 60 };

/**
 * A validation rule that refuses operations too deep, too broad or with too many aliases,
 * before the gateway plans or sends anything. Fragments are expanded (and cycles cut).
 * Apollo Server answers HTTP 400 with code GRAPHQL_VALIDATION_FAILED; the message says which
 * limit was hit.
 */
export function queryLimitsRule(limits: QueryLimits = defaultQueryLimits) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    return {
      OperationDefinition(operation) {
        let fields = 0;
        let aliases = 0;
        let deepest = 0;
        const walk = (selectionSet: SelectionSetNode, depth: number, seen: Set<string>): void => {
          for (const selection of selectionSet.selections) {
            if (selection.kind === Kind.FIELD) {
              if (selection.name.value.startsWith('__')) continue;
              fields += 1;
              if (selection.alias) aliases += 1;
              deepest = Math.max(deepest, depth);
              if (selection.selectionSet) walk(selection.selectionSet, depth + 1, seen);
            } else if (selection.kind === Kind.INLINE_FRAGMENT) {
              walk(selection.selectionSet, depth, seen);
            } else {
              const fragment = fragments.get(selection.name.value);
              if (fragment && !seen.has(fragment.name.value)) walk(fragment.selectionSet, depth, new Set([...seen, fragment.name.value]));
            }
            if (fields > limits.maxFields) return;
          }
        };
        walk(operation.selectionSet, 1, new Set());
        const problems: string[] = [];
        if (deepest > limits.maxDepth) problems.push(`nests ${deepest} levels deep (at most ${limits.maxDepth})`);
        if (fields > limits.maxFields) problems.push(`selects more than ${limits.maxFields} fields`);
        if (aliases > limits.maxAliases) problems.push(`uses ${aliases} aliases (at most ${limits.maxAliases})`);
        if (problems.length) {
          context.reportError(
            new GraphQLError(`This operation ${problems.join(', ')}. Split it into smaller queries.`, {
              nodes: [operation],
              extensions: { code: 'QUERY_TOO_COMPLEX' },
            }),
          );
        }
      },
    };
  };
}
