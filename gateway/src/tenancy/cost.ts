import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { Registry } from '@kita/registry';
import { ErrorCode } from '@kita/schema';
import {
  type FieldNode,
  GraphQLError,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  parse,
  type SelectionSetNode,
  valueFromASTUntyped,
} from 'graphql';
import { collectFields, type Fragments, fragmentsOf } from './operation.js';
import type { RootFields } from './supergraph-info.js';
import { argumentValue, selectTargetsOnce } from './targets.js';

/**
 * The cost spec's `@listSize` (https://ibm.github.io/graphql-specs/cost-spec.html), as composed into
 * the supergraph (federation v2.9 `@listSize`, or any subgraph that links the cost spec).
 */
export interface ListSize {
  assumedSize?: number;
  slicingArguments?: string[];
  sizedFields?: string[];
}

/** What the cost of an operation depends on, read once from the supergraph SDL. */
export interface CostModel {
  /** `Type.field` → its declared `@listSize`. */
  listSizes: Map<string, ListSize>;
  /** `Query.field` / `Mutation.field` → the subgraph that resolves it. */
  rootFieldGraphs: Map<string, string>;
  rootFields: RootFields;
  /** Size of a list without `@listSize` and without a `first` argument. */
  defaultListSize: number;
}

/** The list size assumed when nothing declares one (nested lists such as a facility's groups or media). */
export const defaultListSize = 10;
/** `MAX_QUERY_COST`: rows an operation may make the municipalities produce (see `operationCost`). */
export const defaultMaxQueryCost = 50_000;

/** Reads `@listSize` and each root field's subgraph from the supergraph. */
export function readCostModel(supergraphSdl: string, rootFields: RootFields, options: { defaultListSize?: number } = {}): CostModel {
  const document = parse(supergraphSdl);
  const graphNames = new Map<string, string>();
  const listSizes = new Map<string, ListSize>();
  const rootFieldGraphs = new Map<string, string>();
  let listSizeName = 'listSize';
  for (const definition of document.definitions) {
    if (definition.kind === Kind.SCHEMA_DEFINITION || definition.kind === Kind.SCHEMA_EXTENSION) {
      // `@link(url: ".../cost/v0.1", import: [{ name: "@listSize", as: "@x" }])` may rename it.
      for (const link of definition.directives ?? []) {
        if (link.name.value !== 'link') continue;
        const args = Object.fromEntries((link.arguments ?? []).map((arg) => [arg.name.value, valueFromASTUntyped(arg.value)]));
        if (typeof args.url !== 'string' || !/\/cost\/v/.test(args.url)) continue;
        for (const imported of (args.import as unknown[] | undefined) ?? []) {
          if (typeof imported === 'object' && imported && (imported as { name?: string }).name === '@listSize')
            listSizeName = String((imported as { as?: string }).as ?? '@listSize').replace(/^@/, '');
        }
      }
    }
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === 'join__Graph') {
      for (const value of definition.values ?? []) {
        const graph = value.directives?.find((directive) => directive.name.value === 'join__graph');
        const name = graph?.arguments?.find((arg) => arg.name.value === 'name');
        if (name?.value.kind === Kind.STRING) graphNames.set(value.name.value, name.value.value);
      }
    }
  }
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.INTERFACE_TYPE_DEFINITION) continue;
    const typeName = definition.name.value;
    // A field without `@join__field` belongs to the type's one subgraph (a supergraph of one subgraph has none).
    const typeGraphs = (definition.directives ?? [])
      .filter((directive) => directive.name.value === 'join__type')
      .map((join) => join.arguments?.find((arg) => arg.name.value === 'graph')?.value)
      .flatMap((value) => (value?.kind === Kind.ENUM ? [value.value] : []));
    for (const field of definition.fields ?? []) {
      const key = `${typeName}.${field.name.value}`;
      const listSize = field.directives?.find((directive) => directive.name.value === listSizeName);
      if (listSize) {
        const args = Object.fromEntries((listSize.arguments ?? []).map((arg) => [arg.name.value, valueFromASTUntyped(arg.value)]));
        listSizes.set(key, {
          ...(typeof args.assumedSize === 'number' ? { assumedSize: args.assumedSize } : {}),
          ...(Array.isArray(args.slicingArguments) ? { slicingArguments: args.slicingArguments.map(String) } : {}),
          ...(Array.isArray(args.sizedFields) ? { sizedFields: args.sizedFields.map(String) } : {}),
        });
      }
      if (typeName === 'Query' || typeName === 'Mutation') {
        const joins = (field.directives ?? []).filter((directive) => directive.name.value === 'join__field');
        const graphs = joins
          .map((join) => join.arguments?.find((arg) => arg.name.value === 'graph')?.value)
          .flatMap((value) => (value?.kind === Kind.ENUM ? [value.value] : []));
        const graph = graphs[0] ?? (joins.length === 0 && typeGraphs.length === 1 ? typeGraphs[0] : undefined);
        if (graph && graphNames.has(graph)) rootFieldGraphs.set(key, graphNames.get(graph)!);
      }
    }
  }
  return { listSizes, rootFieldGraphs, rootFields, defaultListSize: options.defaultListSize ?? defaultListSize };
}

/** Per field of the (API) schema, replaced whole with a new supergraph: its arguments' schema defaults. */
const argumentDefaults = new WeakMap<GraphQLField<unknown, unknown>, Record<string, unknown>>();

export interface CostRequest {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: Fragments;
  variables: Record<string, unknown>;
  registry: Registry;
  /** The request's context object: the router reuses the target selections made here (`selectTargetsOnce`). */
  context?: object;
}

export interface OperationCost {
  /** Rows the operation makes the municipalities produce, plus one per municipality asked per root field. */
  cost: number;
  /** Per root field (its response key): how many municipalities it reaches and what it costs. */
  fields: Array<{ key: string; municipalities: number; cost: number }>;
}

/** Which child list fields a size applies to (a connection's `edges`), and what their children multiply by. */
interface Sized {
  fields: Set<string>;
  size: number;
  /** For a merged fan-out: the gateway keeps one page of `size`, so what is below it is fetched that often. */
  below: number;
}

const numeric = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined);

/**
 * What an operation costs before anything is sent: the rows it makes the municipalities produce.
 *
 * - A root field of a per-municipality subgraph counts once per municipality it reaches
 *   (`selectTargets`: all active ones when it fans out, one when a municipality is named); any
 *   other root field once.
 * - A list counts its size times what encloses it: the slicing argument's value (`@listSize`
 *   `slicingArguments`, else a `first` argument, else the `@fanOut` `limit` argument; a
 *   connection's size applies to its `edges`), else `@listSize(assumedSize)`, else
 *   `defaultListSize`. Every municipality returns that many: `facilities(first: 100)` over 21 is
 *   2,100 rows.
 * - Under a merged page (`@fanOut` CONNECTION, ORDERED) the gateway keeps one page, so fields
 *   below it (e.g. the facilities' vacancies, fetched afterwards) count for that page only.
 * - Scalars and `__typename` are free; introspection is free.
 */
export function operationCost(model: CostModel, request: CostRequest): OperationCost {
  const { schema, fragments, variables, registry } = request;
  const variableDefaults: Record<string, unknown> = {};
  for (const definition of request.operation.variableDefinitions ?? [])
    if (definition.defaultValue) variableDefaults[definition.variable.name.value] = valueFromASTUntyped(definition.defaultValue);
  const rootType = request.operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  if (!rootType) return { cost: 0, fields: [] };

  const schemaDefaults = (field: GraphQLField<unknown, unknown>) => {
    let defaults = argumentDefaults.get(field);
    if (!defaults)
      argumentDefaults.set(
        field,
        (defaults = Object.fromEntries(field.args.filter((arg) => arg.defaultValue !== undefined).map((arg) => [arg.name, arg.defaultValue]))),
      );
    return defaults;
  };

  /** The value of the first slicing argument given (or defaulted), if any. */
  const sliceOf = (typeName: string, field: GraphQLField<unknown, unknown>, node: FieldNode): { size?: number; sizedFields?: string[] } => {
    const declared = model.listSizes.get(`${typeName}.${field.name}`);
    const fanOut = typeName === rootType.name ? model.rootFields.get(`${typeName}.${field.name}`)?.fanOut : undefined;
    const slicing = declared?.slicingArguments ?? ['first', ...(fanOut?.limit && fanOut.limit !== 'first' ? [fanOut.limit] : [])];
    const defaults = schemaDefaults(field);
    const sizes = slicing
      .filter((name) => field.args.some((arg) => arg.name === name))
      .map((name) => numeric(argumentValue(node, name, variables, variableDefaults, defaults)))
      .filter((size): size is number => size !== undefined);
    const size = sizes.length ? Math.max(...sizes) : declared?.assumedSize;
    let sizedFields = declared?.sizedFields;
    if (!sizedFields && size !== undefined && !isListType(getNullableType(field.type))) {
      const type = getNamedType(field.type);
      if ((isObjectType(type) || isInterfaceType(type)) && type.getFields().edges) sizedFields = ['edges'];
    }
    return { size, sizedFields };
  };

  const walk = (selectionSet: SelectionSetNode, type: GraphQLNamedType, multiplier: number, sized: Sized | undefined, seen: Set<string>): number => {
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? (schema.getType(selection.typeCondition.name.value) ?? type) : type;
        cost += walk(selection.selectionSet, condition, multiplier, sized, seen);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) continue;
        const condition = schema.getType(fragment.typeCondition.name.value) ?? type;
        cost += walk(fragment.selectionSet, condition, multiplier, sized, new Set([...seen, fragment.name.value]));
        continue;
      }
      const name = selection.name.value;
      if (name.startsWith('__') || !(isObjectType(type) || isInterfaceType(type))) continue;
      const field = type.getFields()[name];
      if (!field || !selection.selectionSet) continue;
      const slice = sliceOf(type.name, field, selection);
      let rows = multiplier;
      let below = multiplier;
      if (sized?.fields.has(name)) {
        rows = multiplier * sized.size;
        below = sized.below;
      } else if (isListType(getNullableType(field.type))) {
        const size = slice.sizedFields ? 1 : (slice.size ?? model.listSizes.get(`${type.name}.${name}`)?.assumedSize ?? model.defaultListSize);
        rows = multiplier * size;
        below = rows;
      } else {
        rows = 0;
      }
      cost += rows;
      const inner: Sized | undefined =
        slice.sizedFields && slice.size !== undefined ? { fields: new Set(slice.sizedFields), size: slice.size, below: below * slice.size } : undefined;
      cost += walk(selection.selectionSet, getNamedType(field.type), below, inner, seen);
    }
    return cost;
  };

  const fields: OperationCost['fields'] = [];
  // The root fields as the routing sees them (`collectFields`, through fragments); a key asked
  // several times is priced each time, as its selections may differ.
  for (const [key, nodes] of collectFields(request.operation.selectionSet.selections, fragments)) {
    for (const selection of nodes) {
      const name = selection.name.value;
      if (name.startsWith('__')) continue;
      const field = rootType.getFields()[name];
      if (!field) continue;
      const rootKey = `${rootType.name}.${name}`;
      const info = model.rootFields.get(rootKey);
      const graph = model.rootFieldGraphs.get(rootKey);
      let municipalities = 1;
      if (graph && registry.tenantSubgraphs.has(graph)) {
        const defaults = schemaDefaults(field);
        const selected = selectTargetsOnce(request.context, registry, {
          subgraph: graph,
          fieldName: name,
          info,
          mutation: request.operation.operation === 'mutation',
          argument: (argument) => argumentValue(selection, argument, variables, variableDefaults, defaults),
        });
        // A field refused by target selection sends nothing; the router says why.
        municipalities = 'error' in selected ? 0 : selected.targets.length;
      }
      let cost = municipalities;
      if (municipalities > 0 && selection.selectionSet) {
        const slice = sliceOf(rootType.name, field, selection);
        const merged = info?.fanOut?.merge === 'CONNECTION' || info?.fanOut?.merge === 'ORDERED';
        const isList = isListType(getNullableType(field.type));
        const size = slice.size ?? (isList ? model.defaultListSize : 1);
        if (isList && !slice.sizedFields) {
          // Each municipality returns up to `size`; a merged list keeps `size` of them for what lies below.
          cost += municipalities * size;
          cost += walk(selection.selectionSet, getNamedType(field.type), merged ? size : municipalities * size, undefined, new Set());
        } else {
          const inner: Sized | undefined =
            slice.sizedFields && slice.size !== undefined
              ? { fields: new Set(slice.sizedFields), size: slice.size, below: merged ? slice.size : municipalities * slice.size }
              : undefined;
          cost += walk(selection.selectionSet, getNamedType(field.type), municipalities, inner, new Set());
        }
      }
      fields.push({ key, municipalities, cost });
    }
  }
  return { cost: fields.reduce((sum, field) => sum + field.cost, 0), fields };
}

export interface QueryCostOptions {
  model: CostModel;
  registry: () => Registry;
  /** Largest cost accepted (`MAX_QUERY_COST`). */
  maxCost: number;
}

/**
 * Refuses an operation over the cost budget once it is resolved (its variables known), before
 * anything is planned or sent: one QUERY_TOO_COMPLEX error, HTTP 400, naming the cost and the
 * budget, never the query's values.
 */
export function queryCostPlugin<C extends BaseContext>(options: QueryCostOptions): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request, schema, contextValue }) {
          if (!operation) return;
          const { cost } = operationCost(options.model, {
            schema,
            operation,
            fragments: fragmentsOf(document),
            variables: request.variables ?? {},
            registry: options.registry(),
            context: contextValue,
          });
          if (cost <= options.maxCost) return;
          throw new GraphQLError(
            `This operation would make the municipalities produce about ${cost} rows (at most ${options.maxCost}). ` +
              'Name the municipalities, search near a point with a radius, or ask for smaller pages or fewer aliased fields.',
            { extensions: { code: ErrorCode.QueryTooComplex, cost, maxCost: options.maxCost, http: { status: 400 } } },
          );
        },
      };
    },
  };
}
