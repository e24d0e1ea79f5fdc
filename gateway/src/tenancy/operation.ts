import { parseRatio } from '@kita/schema';
import {
  type ArgumentNode,
  type DocumentNode,
  type FieldNode,
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
  const fields: RootField[] = [];
  const selections: SelectionNode[] = [];
  const variableDefinitions: VariableDefinitionNode[] = [...(original.variableDefinitions ?? [])];
  original.selectionSet.selections.forEach((selection, index) => {
    if (selection.kind !== Kind.FIELD || isEntities) {
      selections.push(selection);
      return;
    }
    const info = rootFields.get(`${typeName}.${selection.name.value}`);
    const rewritten = rewriteField(selection, info, index);
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
    selections.push(rewritten.node);
    fields.push({
      alias: selection.alias?.value ?? selection.name.value,
      name: selection.name.value,
      node: selection,
      info,
      afterVariable: rewritten.afterVariable,
      claims: rewritten.claims,
      variableDefaults,
    });
  });
  const operation = pruneVariables({ ...original, variableDefinitions, selectionSet: { ...original.selectionSet, selections } });
  const rewrittenDocument: DocumentNode = {
    ...document,
    definitions: document.definitions.map((definition) => (definition === original ? operation : definition)),
  };
  return {
    kind: isEntities ? 'entities' : original.operation === OperationTypeNode.MUTATION ? 'mutation' : 'query',
    fields,
    operation,
    document: rewrittenDocument,
    query: print(rewrittenDocument),
  };
}

/** The operation restricted to some root fields (when fields of one fetch route differently). */
export function restrictOperation(analyzed: AnalyzedOperation, aliases: Set<string>): string {
  const selections = analyzed.operation.selectionSet.selections.filter(
    (selection) => selection.kind !== Kind.FIELD || aliases.has(selection.alias?.value ?? selection.name.value),
  );
  const operation = pruneVariables({ ...analyzed.operation, selectionSet: { ...analyzed.operation.selectionSet, selections } });
  return print({
    ...analyzed.document,
    definitions: analyzed.document.definitions.map((definition) => (definition === analyzed.operation ? operation : definition)),
  });
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
  const fragments = new Map(
    analyzed.document.definitions.flatMap((definition) => (definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition] as const] : [])),
  );
  const keys: string[] = [];
  const collect = (selections: readonly SelectionNode[]) => {
    for (const selection of selections) {
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        if (!keys.includes(key)) keys.push(key);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (!selection.typeCondition || selection.typeCondition.name.value === typeName) collect(selection.selectionSet.selections);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment && fragment.typeCondition.name.value === typeName) collect(fragment.selectionSet.selections);
      }
    }
  };
  collect(entities?.selectionSet?.selections ?? []);
  return keys;
}
