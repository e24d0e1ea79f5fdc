import type { GraphQLDataSource } from '@apollo/gateway';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types.js';
import { generateHydratedPaths } from '@apollo/gateway/dist/executeQueryPlan.js';
import { deepMerge } from '@apollo/gateway/dist/utilities/deepMerge.js';
import type { FetchNode, PlanNode, QueryPlan, QueryPlanSelectionNode } from '@apollo/query-planner';
import { type GraphQLSchema, isAbstractType, isObjectType } from 'graphql';
import type { GatewayContext } from '../context.js';

// @apollo/gateway's executeQueryPlan for the plans a prepared operation can have (see
// `plainPlan`): fetches in sequence and in parallel, flattened into lists of entities, with no
// conditions, no @defer and no data rewrites. It does what Apollo's does, minus what a request
// without tracing or usage reporting never reads (the per-node trace objects, spans). Apollo's
// own helpers merge the answers and rebuild error paths, so both paths agree on them.

type Data = Record<string, unknown>;

/** An error of a subgraph answer as a data source returns it. */
export interface SubgraphError {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: Record<string, unknown>;
}

/** A subgraph error as Apollo's gateway passes it on: its path in the client's answer, the subgraph named. */
export interface PlanError {
  message: string;
  path?: Array<string | number>;
  extensions: Record<string, unknown>;
}

interface Cursor {
  path: Array<string | number>;
  data: unknown;
  fullResult: Data;
}

interface Execution {
  serviceMap: Record<string, GraphQLDataSource<GatewayContext>>;
  context: GatewayContext;
  variables: Record<string, unknown>;
  schema: GraphQLSchema;
  errors: PlanError[];
}

/** Whether this executor runs the plan exactly as Apollo's would: only the node kinds and fetch features it knows. */
export function plainPlan(plan: QueryPlan): boolean {
  const plain = (node: PlanNode): boolean => {
    switch (node.kind) {
      case 'Sequence':
      case 'Parallel':
        return node.nodes.every(plain);
      case 'Flatten':
        return plain(node.node);
      case 'Fetch':
        return !node.inputRewrites?.length && !node.outputRewrites?.length && !node.contextRewrites?.length && !node.hasDefers;
      default:
        return false;
    }
  };
  return plan.kind === 'QueryPlan' && (!plan.node || plain(plan.node as PlanNode));
}

/** Runs a plain plan; the merged data of all subgraphs (to be shaped) and their errors, in the order they arrived. */
export async function executePlan(plan: QueryPlan, execution: Omit<Execution, 'errors'>): Promise<{ data: Data; errors: PlanError[] }> {
  const data: Data = Object.create(null);
  const run: Execution = { ...execution, errors: [] };
  if (plan.node) await executeNode(run, plan.node as PlanNode, { path: [], data, fullResult: data });
  return { data, errors: run.errors };
}

async function executeNode(execution: Execution, node: PlanNode, cursor: Cursor | undefined): Promise<void> {
  if (!cursor) return;
  switch (node.kind) {
    case 'Sequence':
      for (const child of node.nodes) await executeNode(execution, child, cursor);
      return;
    case 'Parallel':
      await Promise.all(node.nodes.map((child) => executeNode(execution, child, cursor)));
      return;
    case 'Flatten':
      return executeNode(execution, node.node, moveIntoCursor(cursor, node.path));
    case 'Fetch':
      try {
        await executeFetch(execution, node, cursor);
      } catch (error) {
        // As Apollo's: a failed fetch (a data source's refusal, e.g. the router's BAD_USER_INPUT) is an error of the answer; the rest goes on.
        const { message, path, extensions } = error as { message: string; path?: Array<string | number>; extensions?: Record<string, unknown> };
        execution.errors.push({
          message,
          ...(path ? { path: [...path] } : {}),
          extensions: { ...extensions, code: extensions?.code ?? 'INTERNAL_SERVER_ERROR' },
        });
      }
      return;
    default:
      throw new Error(`a prepared plan holds a ${node.kind} node`);
  }
}

async function executeFetch(execution: Execution, fetch: FetchNode, cursor: Cursor): Promise<void> {
  const service = execution.serviceMap[fetch.serviceName];
  if (!service) throw new Error(`Couldn't find service with name "${fetch.serviceName}"`);
  const entities = (Array.isArray(cursor.data) ? cursor.data.filter((value) => value !== null && value !== undefined) : [cursor.data]) as Data[];
  if (entities.length < 1) return;
  const variables: Record<string, unknown> = Object.create(null);
  for (const name of fetch.variableUsages ?? []) {
    if (Object.hasOwn(execution.variables, name) && execution.variables[name] !== undefined) variables[name] = execution.variables[name];
  }
  if (!fetch.requires) {
    const received = await send(execution, fetch, cursor, variables);
    for (const entity of entities) deepMerge(entity, received);
    return;
  }
  const representations: Data[] = [];
  const entityOf: number[] = [];
  entities.forEach((entity, index) => {
    const representation = selectionOf(execution.schema, entity, fetch.requires!);
    if (representation?.__typename) {
      representations.push(representation);
      entityOf.push(index);
    }
  });
  if (representations.length < 1) return;
  if ('representations' in variables) throw new Error('Variables cannot contain key "representations"');
  const received = await send(execution, fetch, cursor, { ...variables, representations });
  if (!received) return;
  const answered = received._entities;
  if (!Array.isArray(answered)) throw new Error('Expected "data._entities" in response to be an array');
  if (answered.length !== representations.length) throw new Error(`Expected "data._entities" to contain ${representations.length} elements`);
  // Apollo's loop runs over all entities (not only the represented ones): the same here.
  for (let index = 0; index < entities.length; index += 1) {
    const entity = answered[index] as Data | undefined;
    const existing = entities[entityOf[index]];
    if (entity && !entity.__typename) entity.__typename = existing?.__typename;
    deepMerge(existing, entity);
  }
}

async function send(execution: Execution, fetch: FetchNode, cursor: Cursor, variables: Record<string, unknown>): Promise<Data | undefined> {
  const response = await execution.serviceMap[fetch.serviceName].process({
    kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
    request: { query: fetch.operation, variables, operationName: fetch.operationName },
    // Read by Apollo's own data sources for tracing and cache hints, which a prepared operation does without.
    incomingRequestContext: undefined as never,
    context: execution.context,
    document: fetch.operationDocumentNode,
    pathInIncomingRequest: cursor.path,
  });
  if (response.errors) {
    const pathOf = errorPaths(fetch, cursor);
    for (const error of response.errors as SubgraphError[]) {
      const path = pathOf(error.path);
      execution.errors.push({
        message: error.message || `Error while fetching subquery from service "${fetch.serviceName}"`,
        ...(path ? { path } : {}),
        extensions: { ...error.extensions, serviceName: fetch.serviceName, code: error.extensions?.code ?? 'DOWNSTREAM_SERVICE_ERROR' },
      });
    }
  }
  return (response.data ?? undefined) as Data | undefined;
}

/** Apollo's makeLazyErrorPathGenerator: an `_entities` error's path becomes the entity's path in the answer. */
function errorPaths(fetch: FetchNode, cursor: Cursor) {
  let hydrated: Array<Array<string | number>> | undefined;
  return (path: ReadonlyArray<string | number> | undefined): Array<string | number> | undefined => {
    if (fetch.requires && typeof path?.[1] === 'number') {
      if (!hydrated) {
        hydrated = [];
        generateHydratedPaths([], cursor.path, cursor.fullResult, hydrated);
      }
      return [...(hydrated[path[1]] ?? []), ...path.slice(2)];
    }
    return path ? [...cursor.path, ...path] : undefined;
  };
}

/** Apollo's executeSelectionSet: an entity's representation (its `requires`), null when a field is missing. */
function selectionOf(schema: GraphQLSchema, source: unknown, selections: readonly QueryPlanSelectionNode[]): Data | null {
  if (source === null) return null;
  const result: Data = Object.create(null);
  const from = source as Data;
  for (const selection of selections) {
    if (selection.kind === 'Field') {
      const name = selection.alias ?? selection.name;
      if (!Object.hasOwn(from, name) || from[name] === undefined) return null;
      const value = from[name];
      const inner = selection.selections;
      if (Array.isArray(value)) result[name] = value.map((item) => (inner ? selectionOf(schema, item, inner) : item));
      else result[name] = inner ? selectionOf(schema, value, inner) : value;
    } else if (selection.typeCondition && isOfType(schema, from, selection.typeCondition)) {
      deepMerge(result, selectionOf(schema, from, selection.selections));
    }
  }
  return result;
}

function isOfType(schema: GraphQLSchema, source: Data, typeCondition: string): boolean {
  const typename = source.__typename;
  if (typeof typename !== 'string') return false;
  if (typename === typeCondition) return true;
  const condition = schema.getType(typeCondition);
  const type = schema.getType(typename);
  return !!condition && isAbstractType(condition) && isObjectType(type) && schema.isSubType(condition, type);
}

/** Apollo's moveIntoCursor / flattenResultsAtPath: the entities under a path (`@` for each element of a list). */
function moveIntoCursor(cursor: Cursor, path: ReadonlyArray<string | number>): Cursor | undefined {
  const data = flatten(cursor.data, path);
  return data ? { path: cursor.path.concat(path), data, fullResult: cursor.fullResult } : undefined;
}

function flatten(value: unknown, path: ReadonlyArray<string | number>): unknown {
  if (path.length === 0 || value === undefined || value === null) return value;
  const [current, ...rest] = path;
  if (current === '@') return (value as unknown[]).flatMap((element) => flatten(element, rest));
  return flatten(Object.hasOwn(value as Data, current as string) ? (value as Data)[current as string] : undefined, rest);
}
