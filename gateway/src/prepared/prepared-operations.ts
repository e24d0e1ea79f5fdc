import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Experimental_DidResolveQueryPlanCallback, GraphQLDataSource } from '@apollo/gateway';
import type { QueryPlan } from '@apollo/query-planner';
import type { ApolloServerPlugin } from '@apollo/server';
import { Counter, type Exchange, type MetricsRegistry, tracingActive } from '@kita/core';
import type { Registry } from '@kita/registry';
import type { FragmentDefinitionNode, GraphQLFormattedError, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { getVariableValues } from 'graphql';
import type { ResponseCache } from '../cache/response-cache.js';
import type { GatewayContext } from '../context.js';
import { mediaTypeFor, passesApolloChecks } from '../early-answer.js';
import { type CostModel, operationCost } from '../tenancy/cost.js';
import { type Fragments, fragmentsOf } from '../tenancy/operation.js';
import { executePlan, plainPlan } from './execute-plan.js';
import { compileShaper, type Shaper, shapeable } from './shape.js';

// Prepared operations: a query that has passed Apollo Server's whole pipeline once (parsed,
// validated against the edge limits, safelisted, planned by @apollo/gateway) is answered the next
// time without it. Per request what depends on the request is done again: the variables are
// checked against the operation (any problem: the pipeline answers, with its error), the token is
// verified, the query cost is priced with the current registry (over the budget: the pipeline
// refuses it). Then the plan that @apollo/gateway made for it runs on the same data sources (the
// tenant routers), and the answer is shaped and its errors formatted as the pipeline would.
// A request is recognised by its own words: the document text or persisted-query hash and the
// operation name, sent by POST as JSON. Everything else (GET, mutations, @skip/@include, @defer,
// introspection, plans with conditions or rewrites, public reads the response cache answers,
// a process that records traces) always takes the pipeline.

type Data = Record<string, unknown>;

interface Planned {
  plan: QueryPlan;
  serviceMap: Record<string, GraphQLDataSource<GatewayContext>>;
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
}

interface Prepared extends Planned {
  operation: OperationDefinitionNode;
  /** The document's fragments as the query cost reads them. */
  costFragments: Fragments;
  shape: Shaper;
  /** A public read: anonymous requests are the response cache's. */
  publicRead: boolean;
}

export interface PreparedOperationsSetup {
  /** The context the pipeline would build (the viewer from the token). */
  context: (request: IncomingMessage, exchange: Exchange) => Promise<GatewayContext>;
  registry: () => Registry;
  costModel: CostModel;
  maxCost: number;
  /** Apollo Server's `formatError` (the gateway's masking of unexpected errors). */
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  /** What the edge makes of an error's message and code (core's `refineEdgeError`). */
  refineError: (error: { message: string; extensions: Record<string, unknown> }, originalCode: unknown) => void;
  responseCache?: ResponseCache;
  metrics?: MetricsRegistry;
}

const maxPrepared = 2000;
/** Longer documents are not remembered by their text. */
const maxKeyLength = 16_384;

/** A request's own words: document or hash, operation name; undefined for what the pipeline would read otherwise. */
function keyOf(body: unknown): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const { query, operationName, extensions } = body as { query?: unknown; operationName?: unknown; extensions?: unknown };
  if (query !== undefined && typeof query !== 'string') return undefined;
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return undefined;
  let persisted: unknown = null;
  if (extensions !== undefined && extensions !== null) {
    if (typeof extensions !== 'object' || Array.isArray(extensions)) return undefined;
    const { persistedQuery } = extensions as { persistedQuery?: { sha256Hash?: unknown; version?: unknown } };
    if (persistedQuery !== undefined) {
      if (!persistedQuery || typeof persistedQuery.sha256Hash !== 'string' || persistedQuery.version !== 1) return undefined;
      persisted = persistedQuery.sha256Hash;
    }
  }
  if (query === undefined && persisted === null) return undefined;
  const key = JSON.stringify([query ?? null, operationName ?? null, persisted]);
  return key.length <= maxKeyLength ? key : undefined;
}

export class PreparedOperations {
  /** Plans as @apollo/gateway resolved them, by the operation (Apollo keeps one parsed document per text). */
  private readonly planned = new WeakMap<OperationDefinitionNode, Planned>();
  private readonly prepared = new Map<string, Prepared>();
  private schema?: GraphQLSchema;
  private readonly requests?: Counter<never>;

  constructor(private readonly setup: PreparedOperationsSetup) {
    if (setup.metrics)
      this.requests = new Counter({
        name: 'kita_gateway_prepared_requests_total',
        help: 'GraphQL requests answered as prepared operations, without Apollo Server’s pipeline.',
        registers: [setup.metrics],
      });
  }

  /** A new supergraph: every operation is prepared again. */
  schemaChanged(schema: GraphQLSchema): void {
    this.schema = schema;
    this.prepared.clear();
  }

  /** For ApolloGateway's `experimental_didResolveQueryPlan`. */
  readonly didResolveQueryPlan: Experimental_DidResolveQueryPlanCallback = ({ queryPlan, serviceMap, operationContext }) => {
    if (operationContext.operation.operation !== 'query' || this.planned.has(operationContext.operation)) return;
    this.planned.set(operationContext.operation, {
      plan: queryPlan,
      serviceMap: serviceMap as Planned['serviceMap'],
      schema: operationContext.schema,
      fragments: operationContext.fragments,
    });
  };

  /** Prepares a query the pipeline answered (HTTP 200, its plan run). */
  plugin(): ApolloServerPlugin<GatewayContext> {
    return {
      requestDidStart: async () => ({
        willSendResponse: async ({ request, response, operation, document, queryHash }) => {
          if (operation?.operation !== 'query' || (response.http.status ?? 200) !== 200 || request.http?.method !== 'POST') return;
          const planned = this.planned.get(operation);
          if (!planned || planned.schema !== this.schema || !document) return;
          const key = keyOf(request.http.body);
          if (!key || this.prepared.has(key)) return;
          if (!plainPlan(planned.plan) || !shapeable(operation, planned.fragments)) return;
          if (this.prepared.size >= maxPrepared) this.prepared.clear();
          this.prepared.set(key, {
            ...planned,
            operation,
            costFragments: fragmentsOf(document),
            shape: compileShaper(planned.schema, operation, planned.fragments),
            publicRead: !!this.setup.responseCache && !!queryHash && this.setup.responseCache.isPublicRead(planned.schema, document, operation, queryHash),
          });
        },
      }),
    };
  }

  /** Answers a prepared operation (serveGraphQL's `answerEarly`); false leaves the request to the pipeline. */
  async answer(request: IncomingMessage, body: unknown, exchange: Exchange, response: ServerResponse): Promise<boolean> {
    if (request.method !== 'POST' || !this.prepared.size || tracingActive() || !passesApolloChecks(request)) return false;
    const mediaType = mediaTypeFor(request.headers.accept);
    const key = keyOf(body);
    const prepared = key ? this.prepared.get(key) : undefined;
    if (!mediaType || !prepared || prepared.schema !== this.schema) return false;
    if (prepared.publicRead && request.headers.authorization === undefined) return false;
    const sent = (body as { variables?: unknown }).variables;
    if (sent !== undefined && sent !== null && (typeof sent !== 'object' || Array.isArray(sent))) return false;
    const variables = (sent ?? {}) as Record<string, unknown>;
    // A variable the operation refuses: the pipeline answers with its error.
    if (prepared.operation.variableDefinitions?.length && getVariableValues(prepared.schema, prepared.operation.variableDefinitions, variables).errors)
      return false;
    let context: GatewayContext;
    try {
      context = await this.setup.context(request, exchange);
    } catch {
      return false;
    }
    const { cost } = operationCost(this.setup.costModel, {
      schema: prepared.schema,
      operation: prepared.operation,
      fragments: prepared.costFragments,
      variables,
      registry: this.setup.registry(),
      context,
    });
    if (cost > this.setup.maxCost) return false;

    exchange.operationType = 'query';
    if (prepared.operation.name) exchange.operationName = prepared.operation.name.value;
    this.requests?.inc();
    const { data, errors } = await executePlan(prepared.plan, { serviceMap: prepared.serviceMap, context, variables, schema: prepared.schema });
    const result: { errors?: GraphQLFormattedError[]; data?: Data | null; extensions?: Data } = {};
    const head = { status: 200 };
    try {
      const shaped = prepared.shape(data);
      if (errors.length) result.errors = errors.map((error) => this.format(error, head));
      result.data = shaped.data;
      // As @apollo/gateway: what the shaping found is reported only when nothing else went wrong.
      if (!errors.length && shaped.errors.length)
        result.extensions = { valueCompletion: shaped.errors.map((error) => ({ ...error, extensions: { code: 'INVALID_GRAPHQL' } })) };
    } catch (error) {
      result.errors = [this.setup.formatError({ message: (error as Error).message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, error)];
      delete result.data;
    }
    response.statusCode = head.status;
    response.setHeader('content-type', mediaType);
    // What Apollo Server's cache-control plugin sends for a schema without cache hints.
    response.setHeader('cache-control', 'no-store');
    response.end(`${JSON.stringify(result)}\n`);
    return true;
  }

  /** A subgraph's error as Apollo Server formats it: the edge's refinement, then the gateway's formatError. */
  private format(
    error: { message: string; path?: Array<string | number>; extensions: Record<string, unknown> },
    head: { status: number },
  ): GraphQLFormattedError {
    const refined = { message: error.message, extensions: { ...error.extensions } };
    // An error may set the answer's HTTP status (`extensions.http`); Apollo Server takes it out of the error.
    const http = refined.extensions.http as { status?: unknown } | undefined;
    if (http && typeof http === 'object') {
      if (typeof http.status === 'number') head.status = http.status;
      delete refined.extensions.http;
    }
    this.setup.refineError(refined, error.extensions.code);
    const formatted: GraphQLFormattedError = { message: refined.message, ...(error.path ? { path: error.path } : {}), extensions: refined.extensions };
    return this.setup.formatError(formatted, { originalError: error });
  }
}
