import { parseRatio } from '@kita/schema';
import {
  type ArgumentNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type InlineFragmentNode,
  Kind,
  type OperationDefinitionNode,
  OperationTypeNode,
  parse,
  print,
  type SelectionNode,
  type VariableDefinitionNode,
  valueFromASTUntyped,
  visit,
} from 'graphql';
import type { RootFieldInfo, RootFields } from './supergraph-info.js';

/** Prefix of everything the router adds to a subgraph query; stripped from answers. */
export const internalPrefix = '__kita_';
export const cursorAlias = `${internalPrefix}cursor`;
export const edgesAlias = `${internalPrefix}edges`;
export const pageInfoAlias = `${internalPrefix}pageInfo`;
export const sortAlias = (index: number) => `${internalPrefix}sort_${index}`;
export const keyAlias = (index: number) => `${internalPrefix}key_${index}`;
export const claimsAlias = `${internalPrefix}claims`;
/** A field the bucket policy reads (`@fanOut` suppress, ratios), asked whether or not the client selected it. */
export const valueAlias = (name: string) => `${internalPrefix}value_${name}`;
/** The variable carrying the request's random salt for `@fanOut(distinct …)` claims. */
export const saltVariable = `${internalPrefix}salt`;

export interface RootField {
  alias: string;
  name: string;
  /**
   * The client's field as the fetch asks it, its selection resolved (`resolvedField`): only fields
   * at every depth, fragments included, so that the merge and its policy see every field asked.
   */
  node: FieldNode;
  info?: RootFieldInfo;
  /** For CONNECTION fields: the variable that carries this municipality's own cursor. */
  afterVariable?: string;
  /** For SUM fields with distinct counts: the subgraph query asks for claims with `saltVariable`. */
  claims?: boolean;
  /** Defaults of the operation's variables, for arguments given as an omitted variable. */
  variableDefaults: Record<string, unknown>;
}

/** A fetch of the query plan, parsed once and rewritten for routing and merging. */
export interface AnalyzedOperation {
  kind: 'entities' | 'query' | 'mutation';
  fields: RootField[];
  /** The rewritten operation for all root fields. */
  query: string;
  operation: OperationDefinitionNode;
  document: DocumentNode;
}

/** An operation's fragment definitions by name. */
export type Fragments = ReadonlyMap<string, FragmentDefinitionNode>;

export const fragmentsOf = (document: DocumentNode): Fragments =>
  new Map(document.definitions.flatMap((definition) => (definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition] as const] : [])));

/**
 * The fields a selection set selects, by response key in the order first seen: fields asked
 * directly, in inline fragments and in fragment spreads (`fragments`), through fragments within
 * fragments. The one walker of selections the routing and the merge share: a count asked in a
 * fragment (or under `@include`/`@skip`, which the query planner passes on as an inline fragment)
 * is as much asked as one asked directly. `applies`: which type conditions to follow (all by
 * default: on the object type of a merged field every valid fragment applies). `@include`/`@skip`
 * are not evaluated: what they hold counts as selected (the policy nulls more, never less).
 */
export function collectFields(
  selections: readonly SelectionNode[],
  fragments: Fragments,
  applies: (typeCondition: string | undefined) => boolean = () => true,
): Map<string, FieldNode[]> {
  const fields = new Map<string, FieldNode[]>();
  const collect = (inner: readonly SelectionNode[], spread: ReadonlySet<string>) => {
    for (const selection of inner) {
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        fields.set(key, [...(fields.get(key) ?? []), selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (applies(selection.typeCondition?.name.value)) collect(selection.selectionSet.selections, spread);
      } else {
        const fragment = fragments.get(selection.name.value);
        // A fragment within itself (never valid) is followed once.
        if (fragment && !spread.has(fragment.name.value) && applies(fragment.typeCondition.name.value))
          collect(fragment.selectionSet.selections, new Set([...spread, fragment.name.value]));
      }
    }
  };
  collect(selections, new Set());
  return fields;
}

/**
 * A field with its selection resolved at every depth (`collectFields`): only fields, one per
 * response key, the selections of a key asked several times (directly and in a fragment) merged.
 */
export function resolvedField(node: FieldNode | readonly FieldNode[], fragments: Fragments): FieldNode {
  const resolve = (same: FieldNode[]): FieldNode => {
    const [first] = same;
    if (!same.some((candidate) => candidate.selectionSet)) return first;
    const inner = collectFields(
      same.flatMap((candidate) => candidate.selectionSet?.selections ?? []),
      fragments,
    );
    return { ...first, selectionSet: { kind: Kind.SELECTION_SET, selections: [...inner.values()].map(resolve) } };
  };
  return resolve(Array.isArray(node) ? [...node] : [node as FieldNode]);
}

const field = (name: string, alias?: string, selections?: SelectionNode[]): FieldNode => ({
  kind: Kind.FIELD,
  name: { kind: Kind.NAME, value: name },
  ...(alias ? { alias: { kind: Kind.NAME, value: alias } } : {}),
  ...(selections ? { selectionSet: { kind: Kind.SELECTION_SET, selections } } : {}),
});

/** The fields the bucket policy of a SUM field reads: the suppressed counts and the ratios' operands. */
export function policyInputs(spec: { suppress?: string[]; ratios?: string[] }): string[] {
  const names = [
    ...(spec.suppress ?? []),
    ...(spec.ratios ?? []).flatMap((text) => {
      const ratio = parseRatio(text);
      return [ratio.numerator, ratio.denominator];
    }),
  ];
  return [...new Set(names)];
}

const variable = (name: string) => ({ kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: name } }) as const;

function rewriteField(node: FieldNode, info: RootFieldInfo | undefined, index: number): { node: FieldNode; afterVariable?: string; claims?: boolean } {
  const spec = info?.fanOut;
  if (!spec || !node.selectionSet) return { node };
  const extra: SelectionNode[] = [];
  let args = node.arguments ?? [];
  let afterVariable: string | undefined;
  if (spec.merge === 'CONNECTION') {
    afterVariable = `${internalPrefix}after_${index}`;
    const afterArg: ArgumentNode = { kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'after' }, value: variable(afterVariable) };
    args = [...args.filter((arg) => arg.name.value !== 'after'), afterArg];
    extra.push(field('edges', edgesAlias, [field('cursor', cursorAlias)]), field('pageInfo', pageInfoAlias, [field('hasNextPage')]));
  } else if (spec.merge === 'ORDERED') {
    (spec.sortBy ?? []).forEach((name, position) => extra.push(field(name, sortAlias(position))));
  } else if (spec.merge === 'SUM') {
    (spec.keys ?? []).forEach((name, position) => extra.push(field(name, keyAlias(position))));
    for (const name of policyInputs(spec)) extra.push(field(name, valueAlias(name)));
    if (spec.claims) {
      const claims = field(spec.claims, claimsAlias, [field('token'), field('weight'), field('tally')]);
      extra.push({ ...claims, arguments: [{ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'salt' }, value: variable(saltVariable) }] });
    }
  }
  return {
    afterVariable,
    claims: Boolean(spec.merge === 'SUM' && spec.claims),
    node: { ...node, arguments: args, selectionSet: { ...node.selectionSet, selections: [...node.selectionSet.selections, ...extra] } },
  };
}

/** Drops variable definitions the operation no longer uses (GraphQL refuses unused ones). */
function pruneVariables(operation: OperationDefinitionNode): OperationDefinitionNode {
  const used = new Set<string>();
  visit(
    { ...operation, variableDefinitions: [] },
    {
      Variable(node) {
        used.add(node.name.value);
      },
    },
  );
  return { ...operation, variableDefinitions: (operation.variableDefinitions ?? []).filter((definition) => used.has(definition.variable.name.value)) };
}

/** Names of the fragments an operation uses, directly or through other fragments. */
export function usedFragments(operation: OperationDefinitionNode, document: DocumentNode): Set<string> {
  const fragments = fragmentsOf(document);
  const used = new Set<string>();
  const walk = (node: unknown) =>
    visit(node as OperationDefinitionNode, {
      FragmentSpread(spread) {
        if (used.has(spread.name.value)) return;
        used.add(spread.name.value);
        const fragment = fragments.get(spread.name.value);
        if (fragment) walk(fragment);
      },
    });
  walk(operation);
  return used;
}

/** The document with `operation` in place of `replaced` and only the fragments it uses (GraphQL refuses unused ones). */
export function withOperation(document: DocumentNode, replaced: OperationDefinitionNode, operation: OperationDefinitionNode): DocumentNode {
  const used = usedFragments(operation, document);
  return {
    ...document,
    definitions: document.definitions
      .filter((definition) => definition.kind !== Kind.FRAGMENT_DEFINITION || used.has(definition.name.value))
      .map((definition) => (definition === replaced ? operation : definition)),
  };
}

/**
 * An operation's root selections with each root field replaced (`null`: left out), also where it
 * sits in an inline fragment (the query planner sends a root field under `@include`/`@skip` as
 * `... @include(if: $x) { field }`) or a fragment spread (made an inline fragment here, with the
 * spread's directives); a fragment left without fields is left out.
 */
export function mapRootFields(selections: readonly SelectionNode[], fragments: Fragments, replace: (field: FieldNode) => FieldNode | null): SelectionNode[] {
  const mapped: SelectionNode[] = [];
  for (const selection of selections) {
    if (selection.kind === Kind.FIELD) {
      const replaced = replace(selection);
      if (replaced) mapped.push(replaced);
      continue;
    }
    let inline: InlineFragmentNode | undefined;
    if (selection.kind === Kind.INLINE_FRAGMENT) inline = selection;
    else {
      const fragment = fragments.get(selection.name.value);
      if (fragment)
        inline = { kind: Kind.INLINE_FRAGMENT, typeCondition: fragment.typeCondition, directives: selection.directives, selectionSet: fragment.selectionSet };
    }
    if (!inline) continue;
    const inner = mapRootFields(inline.selectionSet.selections, fragments, replace);
    if (inner.length) mapped.push({ ...inline, selectionSet: { ...inline.selectionSet, selections: inner } });
  }
  return mapped;
}

export function analyzeOperation(query: string, rootFields: RootFields): AnalyzedOperation {
  const document = parse(query);
  const original = document.definitions.find((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  if (!original) throw new Error('fetch without an operation');
  const typeName = original.operation === OperationTypeNode.MUTATION ? 'Mutation' : 'Query';
  const rootSelections = original.selectionSet.selections.filter((selection): selection is FieldNode => selection.kind === Kind.FIELD);
  const isEntities = rootSelections.some((selection) => selection.name.value === '_entities');
  const variableDefaults: Record<string, unknown> = {};
  for (const definition of original.variableDefinitions ?? []) {
    if (definition.defaultValue) variableDefaults[definition.variable.name.value] = valueFromASTUntyped(definition.defaultValue);
  }
  const fragments = fragmentsOf(document);
  if (isEntities) {
    const operation = pruneVariables(original);
    const rewrittenDocument = withOperation(document, original, operation);
    return { kind: 'entities', fields: [], operation, document: rewrittenDocument, query: print(rewrittenDocument) };
  }
  // One root field per response key, wherever the fetch asks it (directly, in fragments, several times): routed and merged once, as all of it.
  const byKey = collectFields(original.selectionSet.selections, fragments);
  const keys = [...byKey.keys()];
  const variableDefinitions: VariableDefinitionNode[] = [...(original.variableDefinitions ?? [])];
  const rewrittenByKey = new Map<string, ReturnType<typeof rewriteField>>();
  const selections = mapRootFields(original.selectionSet.selections, fragments, (selection) => {
    const key = selection.alias?.value ?? selection.name.value;
    const rewritten = rewriteField(selection, rootFields.get(`${typeName}.${selection.name.value}`), keys.indexOf(key));
    if (!rewrittenByKey.has(key)) rewrittenByKey.set(key, rewritten);
    return rewritten.node;
  });
  const fields: RootField[] = [];
  for (const [key, same] of byKey) {
    const info = rootFields.get(`${typeName}.${same[0].name.value}`);
    const rewritten = rewrittenByKey.get(key)!;
    if (rewritten.afterVariable) {
      variableDefinitions.push({
        kind: Kind.VARIABLE_DEFINITION,
        variable: variable(rewritten.afterVariable),
        type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'String' } },
      });
    }
    if (rewritten.claims && !variableDefinitions.some((definition) => definition.variable.name.value === saltVariable)) {
      variableDefinitions.push({
        kind: Kind.VARIABLE_DEFINITION,
        variable: variable(saltVariable),
        type: { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'String' } } },
      });
    }
    fields.push({
      alias: key,
      name: same[0].name.value,
      node: resolvedField(same, fragments),
      info,
      afterVariable: rewritten.afterVariable,
      claims: rewritten.claims,
      variableDefaults,
    });
  }
  const operation = pruneVariables({ ...original, variableDefinitions, selectionSet: { ...original.selectionSet, selections } });
  const rewrittenDocument = withOperation(document, original, operation);
  return {
    kind: original.operation === OperationTypeNode.MUTATION ? 'mutation' : 'query',
    fields,
    operation,
    document: rewrittenDocument,
    query: print(rewrittenDocument),
  };
}

/** The operation restricted to some root fields (when fields of one fetch route differently). */
export function restrictOperation(analyzed: AnalyzedOperation, aliases: Set<string>): string {
  const selections = mapRootFields(analyzed.operation.selectionSet.selections, fragmentsOf(analyzed.document), (selection) =>
    aliases.has(selection.alias?.value ?? selection.name.value) ? selection : null,
  );
  const operation = pruneVariables({ ...analyzed.operation, selectionSet: { ...analyzed.operation.selectionSet, selections } });
  return print(withOperation(analyzed.document, analyzed.operation, operation));
}

/** Names of the variables an operation declares (what a subgraph request may carry). */
export function declaredVariables(query: string): Set<string> {
  const names = new Set<string>();
  const document = parse(query);
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION)
      for (const variableDefinition of definition.variableDefinitions ?? []) names.add(variableDefinition.variable.name.value);
  }
  return names;
}

/**
 * The response keys an `_entities` fetch selects on entities of one type (fields of the
 * matching inline fragments and fragment spreads, and fields asked directly), in order.
 */
export function entityResponseKeys(analyzed: AnalyzedOperation, typeName: string): string[] {
  const entities = analyzed.operation.selectionSet.selections.find(
    (selection): selection is FieldNode => selection.kind === Kind.FIELD && selection.name.value === '_entities',
  );
  const selected = collectFields(entities?.selectionSet?.selections ?? [], fragmentsOf(analyzed.document), (condition) => !condition || condition === typeName);
  return [...selected.keys()];
}
