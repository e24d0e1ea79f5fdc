import { randomBytes } from 'node:crypto';
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types.js';
import { type Logger } from '@kita/core';
import type { Registry } from '@kita/registry';
import { tryParseId } from '@kita/schema';
import { type FieldNode, type GraphQLFormattedError, Kind } from 'graphql';
import type { GatewayContext } from '../context.js';
import type { SubgraphCallObserver } from '../data-source.js';
import { type ForwardedRequest, forwardedFrom } from '../subgraph-headers.js';
import { type Bounded, firstRound, type GeographicSelection, lightOperation, type NearestFirst, openEntries, pageEnd, pageOpen } from './geo-routing.js';
import type { GraphQLResponseBody, Instance, InstanceClient, Unavailability } from './instance-client.js';
import { decodePositions, mergeConcat, mergeConnection, mergeErrors, mergeOrdered, mergeSum, type Part, type Positions } from './merge.js';
import { type AnalyzedOperation, analyzeOperation, entityResponseKeys, type RootField, restrictOperation, saltVariable } from './operation.js';
import type { RootFields } from './supergraph-info.js';
import { argumentValue, selectTargetsOnce } from './targets.js';

type Variables = Record<string, unknown>;
type Answer = { ok: true; body: GraphQLResponseBody } | { ok: false; reason: Unavailability | 'inactive' };

/** One root field's routing in a request. */
interface Route {
  field: RootField;
  /** Municipalities asked, in order (nearest first adds to them). */
  targets: string[];
  positions?: Positions;
  nearest?: NearestFirst;
  /** This field's answers when they are its own (nearest first), else the request's. */
  answers?: Map<string, Answer>;
  /** Nearest first with `totalCount`: the light answers of those the first round does not ask, asked alongside it. */
  early?: Promise<Map<string, Answer>>;
}

/** Whether the client's selection of a field (resolved: fragments count) holds this path of subfields. */
function selects(node: FieldNode, path: string[]): boolean {
  if (!path.length) return true;
  return (node.selectionSet?.selections ?? []).some(
    (selection) => selection.kind === Kind.FIELD && selection.name.value === path[0] && selects(selection, path.slice(1)),
  );
}
type ResponseError = GraphQLFormattedError & { extensions?: Record<string, unknown> };

const reasonText: Record<Unavailability, string> = {
  timeout: 'did not answer in time',
  unreachable: 'could not be reached',
  'circuit-open': 'failed repeatedly and is paused for a moment',
  incompatible: 'serves a schema that does not match this gateway',
  'bad-response': 'answered with an error',
};

export interface TenantRouterOptions {
  subgraph: string;
  registry: () => Registry;
  rootFields: RootFields;
  client: InstanceClient;
  logger: Logger;
  observe?: SubgraphCallObserver;
}

/** Errors that stop a field before anything is sent, each with a stable code. */
function fieldError(message: string, code: string, path: Array<string | number>, details: Record<string, unknown> = {}): ResponseError {
  return { message, path, extensions: { code, ...details } };
}

/**
 * The gateway's data source for one logical subgraph that runs once per municipality: sends
 * each fetch of the query plan to the right instances and merges their answers as the
 * field's `@fanOut` declares. Municipalities that fail cost their own part only.
 */
export class TenantRouter implements GraphQLDataSource<GatewayContext> {
  private readonly analyses = new Map<string, AnalyzedOperation>();
  private readonly restricted = new Map<string, string>();
  /** Per request (its context): municipalities already named unavailable by an `_entities` fetch of this subgraph. */
  private readonly reportedEntityFailures = new WeakMap<object, Set<string>>();

  constructor(private readonly options: TenantRouterOptions) {}

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GraphQLResponseBody> {
    if (options.kind !== GraphQLDataSourceRequestKind.INCOMING_OPERATION) return { data: null, errors: [{ message: 'not supported' }] };
    const query = options.request.query ?? '';
    let analysis = this.analyses.get(query);
    if (!analysis) {
      analysis = analyzeOperation(query, this.options.rootFields);
      if (this.analyses.size > 2000) this.analyses.clear();
      this.analyses.set(query, analysis);
    }
    const variables = (options.request.variables ?? {}) as Variables;
    const forwarded = forwardedFrom(options.context);
    if (analysis.kind === 'entities') return this.entities(analysis, variables, forwarded, options.request.operationName, options.context);
    return this.rootFields(analysis, variables, forwarded, options.request.operationName, options.context);
  }

  private instance(municipality: string): Instance | undefined {
    const entry = this.options.registry().get(municipality);
    const url = entry?.subgraphs[this.options.subgraph];
    return entry?.active && url ? { municipality, subgraph: this.options.subgraph, url } : undefined;
  }

  private unavailable(municipality: string, reason: Unavailability | 'inactive', path: Array<string | number>): ResponseError {
    const entry = this.options.registry().get(municipality);
    const text = reason === 'inactive' ? 'is not active in the registry' : reasonText[reason];
    return fieldError(
      `Municipality ${municipality}${entry ? ` (${entry.name})` : ''} ${text}; its part of the answer is missing.`,
      'MUNICIPALITY_UNAVAILABLE',
      path,
      {
        municipality,
        subgraph: this.options.subgraph,
      },
    );
  }

  private async send(municipality: string, query: string, variables: Variables, forwarded: ForwardedRequest, operationName?: string, mutation = false) {
    const instance = this.instance(municipality);
    if (!instance) return { ok: false as const, reason: 'inactive' as const };
    this.options.observe?.({ subgraph: this.options.subgraph, municipality, url: instance.url, query, variables });
    const result = await this.options.client.send(instance, { query, variables, operationName }, forwarded, mutation);
    if (!result.ok)
      this.options.logger.warn('municipality_unavailable', {
        municipality,
        subgraph: this.options.subgraph,
        reason: result.reason,
        requestId: forwarded.requestId,
      });
    return result;
  }

  /** `_entities`: one batched request per municipality (by the entity's ID, or a `Municipality`'s key), answers back in the original order. */
  private async entities(
    analysis: AnalyzedOperation,
    variables: Variables,
    forwarded: ForwardedRequest,
    operationName?: string,
    request?: object,
  ): Promise<GraphQLResponseBody> {
    const representations = (variables.representations ?? []) as Array<Record<string, unknown>>;
    const entities: unknown[] = new Array(representations.length).fill(null);
    const errors: ResponseError[] = [];
    const groups = new Map<string, number[]>();
    representations.forEach((representation, index) => {
      const municipality = municipalityOfRepresentation(representation);
      if (!municipality || !this.options.registry().get(municipality)) {
        errors.push(
          fieldError(
            municipality ? `Municipality ${municipality} is not in the registry.` : 'This entity has no ID with a municipality key.',
            municipality ? 'UNKNOWN_MUNICIPALITY' : 'INVALID_ID',
            ['_entities', index],
            municipality ? { municipality } : {},
          ),
        );
        return;
      }
      groups.set(municipality, [...(groups.get(municipality) ?? []), index]);
    });
    await Promise.all(
      [...groups].map(async ([municipality, indices]) => {
        const result = await this.send(
          municipality,
          analysis.query,
          { ...variables, representations: indices.map((index) => representations[index]) },
          forwarded,
          operationName,
        );
        if (!result.ok) {
          // Null containment: the municipality's entities stay, only the fields this subgraph contributes are null.
          let firstKey: string | undefined;
          const keysOf = new Map<string, string[]>();
          for (const index of indices) {
            const typeName = String(representations[index].__typename ?? '');
            if (!keysOf.has(typeName)) keysOf.set(typeName, entityResponseKeys(analysis, typeName));
            const entity: Record<string, unknown> = {};
            for (const key of keysOf.get(typeName)!) entity[key] = key === '__typename' ? typeName : null;
            entities[index] = entity;
            firstKey ??= Object.keys(entity).find((key) => key !== '__typename');
          }
          const reported = request ? (this.reportedEntityFailures.get(request) ?? new Set<string>()) : new Set<string>();
          if (request) this.reportedEntityFailures.set(request, reported);
          if (reported.has(municipality)) return;
          reported.add(municipality);
          errors.push(this.unavailable(municipality, result.reason, ['_entities', indices[0], ...(firstKey ? [firstKey] : [])]));
          return;
        }
        const answered = (result.body.data?._entities ?? []) as unknown[];
        indices.forEach((original, position) => (entities[original] = answered[position] ?? null));
        for (const error of result.body.errors ?? []) {
          const path =
            error.path && error.path[0] === '_entities' && typeof error.path[1] === 'number'
              ? ['_entities', indices[error.path[1]], ...error.path.slice(2)]
              : error.path;
          errors.push({ ...error, path, extensions: { ...error.extensions, municipality } });
        }
      }),
    );
    // One error for one mistake: the same refusal for many entities (of one or several municipalities) is one, at the first entity.
    const entityIndex = (error: ResponseError) => (error.path?.[0] === '_entities' && typeof error.path[1] === 'number' ? error.path[1] : -1);
    const merged = mergeErrors(
      [...errors].sort((a, b) => entityIndex(a) - entityIndex(b)),
      { anyPath: true },
    );
    return { data: { _entities: entities }, ...(merged.length ? { errors: merged } : {}) };
  }

  /** An argument's value as the subgraph will see it: given, else variable default, else schema default. */
  private argument(field: RootField, name: string, variables: Variables): unknown {
    return argumentValue(field.node, name, variables, field.variableDefaults, field.info?.defaults ?? {});
  }

  /**
   * The municipalities a root field goes to, or the error that stops it (`selectTargets`, shared
   * with the query cost, which already chose them for this request: the same inputs are not chosen twice).
   */
  private targets(field: RootField, variables: Variables, mutation: boolean, request?: object): GeographicSelection | { error: ResponseError } {
    const selected = selectTargetsOnce(request, this.options.registry(), {
      subgraph: this.options.subgraph,
      fieldName: field.name,
      info: field.info,
      mutation,
      argument: (name) => this.argument(field, name, variables),
    });
    if ('error' in selected) return { error: fieldError(selected.error.message, selected.error.code, [field.alias], selected.error.details) };
    return selected;
  }

  private async rootFields(
    analysis: AnalyzedOperation,
    variables: Variables,
    forwarded: ForwardedRequest,
    operationName?: string,
    request?: object,
  ): Promise<GraphQLResponseBody> {
    const mutation = analysis.kind === 'mutation';
    const errors: ResponseError[] = [];
    const data: Record<string, unknown> = {};
    const routes: Route[] = [];
    for (const field of analysis.fields) {
      const routed = this.targets(field, variables, mutation, request);
      if ('error' in routed) {
        errors.push(routed.error);
        data[field.alias] = null;
        continue;
      }
      let positions: Positions | undefined;
      if (field.afterVariable) {
        const after = this.argument(field, 'after', variables);
        positions = after === undefined || after === null ? {} : typeof after === 'string' ? decodePositions(after) : undefined;
        if (!positions) {
          errors.push(fieldError('"after" is not a cursor returned by this API.', 'BAD_USER_INPUT', [field.alias], { argument: 'after' }));
          data[field.alias] = null;
          continue;
        }
        const start = positions;
        if (Object.keys(start).length) routed.targets = routed.targets.filter((key) => !start[key]?.done);
        if (routed.nearestFirst) {
          // Nearest first: this round asks the nearest, `askNearer` the others only if they could hold an edge of the page.
          routes.push({ field, targets: firstRound(routed.nearestFirst.order, start), positions, nearest: routed.nearestFirst });
          continue;
        }
      }
      routes.push({ field, targets: routed.targets, positions });
    }
    // A mutation is all or nothing: if any field was refused, nothing is sent.
    if (mutation && errors.length) return { data: null, errors };

    // One salt for all municipalities of this request (so that their claim tokens match), none shared with another request.
    const salt = analysis.fields.some((field) => field.claims) ? randomBytes(18).toString('base64url') : undefined;
    const perMunicipality = new Map<string, RootField[]>();
    for (const route of routes) for (const key of route.targets) perMunicipality.set(key, [...(perMunicipality.get(key) ?? []), route.field]);
    const answers = new Map<string, { ok: true; body: GraphQLResponseBody } | { ok: false; reason: Unavailability | 'inactive' }>();
    for (const route of routes) this.askEarly(route, analysis, variables, forwarded, operationName);
    await Promise.all(
      [...perMunicipality].map(async ([municipality, fields]) => {
        const query = fields.length === analysis.fields.length ? analysis.query : this.restrict(analysis, fields);
        const own: Variables = { ...variables };
        if (salt && fields.some((field) => field.claims)) own[saltVariable] = salt;
        for (const field of fields) {
          const route = routes.find((candidate) => candidate.field === field)!;
          if (field.afterVariable) own[field.afterVariable] = route.positions?.[municipality]?.cursor ?? null;
        }
        answers.set(municipality, await this.send(municipality, query, own, forwarded, operationName, mutation));
      }),
    );
    await Promise.all(routes.filter((route) => route.nearest).map((route) => this.askNearer(route, answers, analysis, variables, forwarded, operationName)));

    for (const route of routes) {
      const { field, targets, positions } = route;
      const parts: Part[] = [];
      // Asked and delivered nothing for this field: failed, or answered it with null (and an error).
      const missing: string[] = [];
      for (const municipality of targets) {
        const answer = route.answers?.get(municipality) ?? answers.get(municipality)!;
        if (!answer.ok) {
          errors.push(this.unavailable(municipality, answer.reason, [field.alias]));
          missing.push(municipality);
          continue;
        }
        const value = answer.body.data?.[field.alias] ?? null;
        if (value === null) missing.push(municipality);
        else parts.push({ municipality, value });
        for (const error of answer.body.errors ?? []) {
          if (error.path && error.path[0] !== field.alias) continue;
          const path = targets.length > 1 ? [field.alias] : error.path;
          errors.push({ ...error, path, extensions: { ...error.extensions, municipality } });
        }
      }
      // Nothing delivered is nothing known: null (with the errors), never an empty page or list that looks complete.
      data[field.alias] = targets.length > 0 && parts.length === 0 ? null : this.merge(field, parts, variables, positions, missing);
    }
    // Errors without a root-field path (e.g. validation), each municipality's, in a stable order (not as they came).
    for (const municipality of perMunicipality.keys()) {
      const answer = answers.get(municipality)!;
      if (answer.ok)
        for (const error of answer.body.errors ?? []) if (!error.path) errors.push({ ...error, extensions: { ...error.extensions, municipality } });
    }
    // The same mistake answered by several municipalities is one error listing them.
    const merged = mergeErrors(errors);
    return { data, ...(merged.length ? { errors: merged } : {}) };
  }

  /** One connection field alone to some municipalities, each from its own position. */
  private async askField(
    route: Route,
    municipalities: string[],
    query: string,
    variables: Variables,
    forwarded: ForwardedRequest,
    operationName?: string,
  ): Promise<Map<string, Answer>> {
    const afterVariable = route.field.afterVariable!;
    const answered = new Map<string, Answer>();
    await Promise.all(
      municipalities.map(async (municipality) => {
        const own: Variables = { ...variables, [afterVariable]: route.positions?.[municipality]?.cursor ?? null };
        answered.set(municipality, await this.send(municipality, query, own, forwarded, operationName));
      }),
    );
    return answered;
  }

  /**
   * Nearest first (geo-routing.ts): with `totalCount` selected, every municipality the first
   * round does not ask is asked lightly at the same time (its count, and whether it has an edge).
   */
  private askEarly(route: Route, analysis: AnalyzedOperation, variables: Variables, forwarded: ForwardedRequest, operationName?: string) {
    const { field, nearest } = route;
    if (!nearest || !field.afterVariable || !selects(field.node, ['totalCount'])) return;
    const first = new Set(route.targets);
    const others = nearest.order.all().filter((entry) => !first.has(entry.municipality) && !route.positions?.[entry.municipality]?.done);
    if (others.length)
      route.early = this.askField(
        route,
        others.map((entry) => entry.municipality),
        this.light(analysis, field),
        variables,
        forwarded,
        operationName,
      );
  }

  /**
   * Nearest first (geo-routing.ts) for a connection ordered by DISTANCE, after the first round:
   * asks further municipalities, nearest first, while the page is not full (twice as many each
   * time) or while one could hold a facility no farther than the page's last edge. The others
   * cannot enter the page; they are asked lightly, only for what the client selected:
   * `totalCount` (all of them, already with the first round) or `hasNextPage` (in doubling
   * batches until one has an edge, when nobody asked has more). A light answer's edges (cursors
   * only) lie beyond the page's last edge, so the merge never picks them.
   */
  private async askNearer(
    route: Route,
    answers: Map<string, Answer>,
    analysis: AnalyzedOperation,
    variables: Variables,
    forwarded: ForwardedRequest,
    operationName?: string,
  ): Promise<void> {
    const { field, nearest } = route;
    if (!nearest || !field.afterVariable) return;
    const full = new Map(route.targets.map((municipality) => [municipality, answers.get(municipality)!]));
    const order = [...route.targets];
    const light = new Map<string, Answer>();
    const addLight = (answered: Map<string, Answer>) => {
      for (const [municipality, answer] of answered) light.set(municipality, answer);
    };
    const first = Number(this.argument(field, 'first', variables) ?? 20);
    const positions = route.positions ?? {};
    // Not asked yet, nearest first; the order is read only as far as needed.
    const pending = (options?: { count?: number; limit?: number }) =>
      openEntries(nearest.order, (entry: Bounded) => !full.has(entry.municipality) && !positions[entry.municipality]?.done, options);
    const fieldValue = (answer: Answer | undefined) => (answer?.ok ? answer.body.data?.[field.alias] : null);
    const parts = (): Part[] =>
      [...order, ...[...light.keys()].filter((municipality) => !full.has(municipality))].flatMap((municipality) => {
        const value = fieldValue(full.get(municipality) ?? light.get(municipality));
        return value ? [{ municipality, value }] : [];
      });
    // A municipality that answered the field with null refused the request itself (a bad argument): more would only repeat it.
    const refused = () => [...full.values()].some((answer) => answer.ok && !fieldValue(answer));
    const early = route.early;
    let stopped = false;
    for (;;) {
      const any = pending({ count: 1 }).length > 0;
      if (any && (refused() || !Number.isInteger(first) || first < 1)) stopped = true;
      if (!any || stopped) break;
      const end = pageEnd(parts(), first);
      let next: string[];
      if (!end.comparable) next = pending().map((entry) => entry.municipality);
      else if (end.limit === undefined) next = pending({ count: Math.max(1, full.size) }).map((entry) => entry.municipality);
      else next = pending({ limit: end.limit }).map((entry) => entry.municipality);
      if (!next.length) break;
      order.push(...next);
      for (const [municipality, answer] of await this.askField(route, next, this.restrict(analysis, [field]), variables, forwarded, operationName))
        full.set(municipality, answer);
    }
    // Stopped by a refusal (the page has an error, totalCount is null): light answers could hold edges of the page, so none are used.
    if (stopped) {
      await early;
      route.answers = full;
      route.targets = order;
      return;
    }
    if (early) addLight(await early);
    if (!early && !selects(field.node, ['totalCount']) && selects(field.node, ['pageInfo', 'hasNextPage'])) {
      // Every pending one, read only when the page is not known to go on (the whole order is measured then).
      let rest: string[] | undefined;
      for (let batch = Math.max(1, full.size); !pageOpen(parts(), first); batch *= 2) {
        rest ??= pending().map((entry) => entry.municipality);
        if (!rest.length) break;
        addLight(await this.askField(route, rest.slice(0, batch), this.light(analysis, field), variables, forwarded, operationName));
        rest = rest.slice(batch);
      }
    }
    route.targets = [...order, ...[...light.keys()].filter((municipality) => !full.has(municipality))];
    route.answers = new Map([...light, ...full]);
  }

  private light(analysis: AnalyzedOperation, field: RootField): string {
    const key = `${analysis.query}\u0000light\u0000${field.alias}`;
    let query = this.restricted.get(key);
    if (!query) {
      query = lightOperation(analysis, field);
      if (this.restricted.size > 2000) this.restricted.clear();
      this.restricted.set(key, query);
    }
    return query;
  }

  private restrict(analysis: AnalyzedOperation, fields: RootField[]): string {
    const key = `${analysis.query}\u0000${fields.map((field) => field.alias).join(',')}`;
    let query = this.restricted.get(key);
    if (!query) {
      query = restrictOperation(analysis, new Set(fields.map((field) => field.alias)));
      if (this.restricted.size > 2000) this.restricted.clear();
      this.restricted.set(key, query);
    }
    return query;
  }

  private merge(field: RootField, parts: Part[], variables: Variables, positions: Positions | undefined, missing: string[]): unknown {
    const spec = field.info?.fanOut;
    switch (spec?.merge) {
      case 'CONNECTION': {
        const first = Number(this.argument(field, 'first', variables) ?? 20);
        return mergeConnection(field.node, parts, first, positions ?? {}, missing).value;
      }
      case 'ORDERED': {
        const limit = spec.limit ? this.argument(field, spec.limit, variables) : undefined;
        return mergeOrdered(spec, parts, typeof limit === 'number' ? limit : undefined);
      }
      case 'SUM':
        return mergeSum(spec, parts, field.node, field.info?.keyOrder);
      default:
        return parts.length === 1 ? parts[0].value : mergeConcat(parts);
    }
  }
}

/**
 * Whose instance answers an entity: the municipality inside its ID, or, for the registry's
 * `Municipality` (keyed by `key`), that municipality itself (fields such as `maxChoices` that each
 * municipality's instance contributes about itself).
 */
function municipalityOfRepresentation(representation: Record<string, unknown>): string | undefined {
  if (typeof representation.id === 'string') return tryParseId(representation.id)?.municipality;
  if (representation.__typename === 'Municipality' && typeof representation.key === 'string') return representation.key;
  return undefined;
}
