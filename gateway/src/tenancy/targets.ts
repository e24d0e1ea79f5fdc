import type { Registry } from '@kita/registry';
import { tryParseId } from '@kita/schema';
import { type FieldNode, Kind, valueFromASTUntyped } from 'graphql';
import { type GeographicSelection, geographicSelection } from './geo-routing.js';
import type { RootFieldInfo } from './supergraph-info.js';

/** One root field of one per-municipality subgraph, as target selection sees it. */
export interface TargetRequest {
  /** The logical subgraph (`facility`, `vacancy`, …) whose instances would be asked. */
  subgraph: string;
  /** The field's name (for messages). */
  fieldName: string;
  info: RootFieldInfo | undefined;
  /** An argument's value as the subgraph will see it (given, else variable default, else schema default). */
  argument(name: string): unknown;
  mutation: boolean;
}

export interface TargetError {
  message: string;
  code: string;
  details: Record<string, unknown>;
}

/**
 * `targets`: every municipality the field may reach. `nearestFirst` (a connection ordered by
 * DISTANCE): the order the router asks them in; a first page asks `nearestFirst.initial` at
 * once and the others only when they could hold a nearer facility than the page's last one.
 */
export type TargetSelection = GeographicSelection | { error: TargetError };

/**
 * The municipalities a root field reaches: the one place that decides it, for the router (who is
 * asked) and for the query cost (how many are asked, before anything is sent). An explicit
 * `municipality` / `municipalities` argument, else the municipalities inside its `ID` arguments,
 * else (queries only) every active municipality that runs the subgraph. A mutation must name
 * exactly one.
 */
export function selectTargets(registry: Registry, request: TargetRequest): TargetSelection {
  const { info } = request;
  let explicit: string[] | undefined;
  const single = info?.municipalityArg ? request.argument(info.municipalityArg) : undefined;
  const many = info?.municipalitiesArg ? request.argument(info.municipalitiesArg) : undefined;
  if (typeof single === 'string') explicit = [single];
  else if (Array.isArray(many)) explicit = [...new Set(many.map(String))];
  if (!explicit) {
    const fromIds = new Set<string>();
    for (const name of info?.idArgs ?? []) {
      const value = request.argument(name);
      for (const id of Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]) {
        const parsed = typeof id === 'string' ? tryParseId(id) : undefined;
        if (!parsed)
          return {
            error: {
              message: `"${name}" holds a value that is not a valid ID (<municipality key>:<uuid v7>).`,
              code: 'INVALID_ID',
              details: { argument: name },
            },
          };
        fromIds.add(parsed.municipality);
      }
    }
    if (fromIds.size) explicit = [...fromIds];
  }
  if (explicit) {
    const unknown = explicit.filter((key) => !registry.get(key));
    if (unknown.length)
      return { error: { message: `Unknown municipality key: ${unknown.join(', ')}.`, code: 'UNKNOWN_MUNICIPALITY', details: { municipalities: unknown } } };
  }
  if (request.mutation) {
    const count = explicit?.length ?? 0;
    if (count !== 1) {
      return {
        error: {
          message:
            count === 0
              ? `Mutation "${request.fieldName}" must address exactly one municipality (an ID or a municipality argument); nothing was sent.`
              : `Mutation "${request.fieldName}" would reach ${count} municipalities (${explicit!.join(', ')}); it must address exactly one. Nothing was sent.`,
          code: 'MUNICIPALITY_REQUIRED',
          details: { municipalities: explicit ?? [] },
        },
      };
    }
  }
  // The registry's list itself (geo-routing.ts keeps its spatial index per list), copied before it is handed out.
  const shared = explicit ? undefined : activeKeys(registry, request.subgraph);
  const targets = explicit ?? shared!;
  // Queries with a point: only the municipalities whose area a radius may touch, nearest first for a DISTANCE order (geo-routing.ts).
  const selection: GeographicSelection = request.mutation ? { targets } : geographicSelection(registry, targets, info, request.argument);
  return selection.targets === shared ? { ...selection, targets: [...shared] } : selection;
}

/** Per registry (replaced whole on reload) and subgraph: the active municipalities that run it, in registry order. */
const activeKeysOf = new WeakMap<Registry, Map<string, string[]>>();

function activeKeys(registry: Registry, subgraph: string): string[] {
  let bySubgraph = activeKeysOf.get(registry);
  if (!bySubgraph) activeKeysOf.set(registry, (bySubgraph = new Map()));
  let keys = bySubgraph.get(subgraph);
  if (!keys) {
    keys = registry
      .active()
      .filter((entry) => entry.subgraphs[subgraph])
      .map((entry) => entry.key);
    bySubgraph.set(subgraph, keys);
  }
  return keys;
}

/** An argument's value as a subgraph will see it: given (variables resolved), else the variable's default, else the schema's default. */
export function argumentValue(
  node: FieldNode,
  name: string,
  variables: Record<string, unknown>,
  variableDefaults: Record<string, unknown>,
  schemaDefaults: Record<string, unknown>,
): unknown {
  const argument = node.arguments?.find((candidate) => candidate.name.value === name);
  if (!argument) return schemaDefaults[name];
  if (argument.value.kind === Kind.VARIABLE) {
    const variable = argument.value.name.value;
    if (variables[variable] !== undefined) return variables[variable];
    if (variable in variableDefaults) return variableDefaults[variable];
    return schemaDefaults[name];
  }
  return valueFromASTUntyped(argument.value, variables);
}

/** Selections already made for a request (its context object), with the argument values each one read. */
const madeFor = new WeakMap<
  object,
  Array<{ registry: Registry; subgraph: string; fieldName: string; mutation: boolean; read: Array<[string, unknown]>; selection: TargetSelection }>
>();

/** An object or list argument, as its JSON. */
class Json {
  constructor(readonly text: string) {}
}

/** A value read as an argument, compared by `sameValue`: scalars as they are (no JSON for the common case), objects and lists as their JSON. */
const fingerprint = (value: unknown): unknown => (typeof value === 'object' && value !== null ? new Json(JSON.stringify(value)) : value);
const sameValue = (a: unknown, b: unknown) => a === b || (a instanceof Json && b instanceof Json && a.text === b.text);

/**
 * `selectTargets`, made once per request for the same inputs: the query cost chooses a field's
 * municipalities before anything is planned, and the router would choose them again for the same
 * field (at 560 municipalities a geographic choice measures every area). Reused only when the
 * registry is the same object and every argument the first choice read has the same value now.
 */
export function selectTargetsOnce(request: object | undefined, registry: Registry, target: TargetRequest): TargetSelection {
  if (!request) return selectTargets(registry, target);
  const made = madeFor.get(request) ?? [];
  for (const entry of made) {
    if (
      entry.registry === registry &&
      entry.subgraph === target.subgraph &&
      entry.fieldName === target.fieldName &&
      entry.mutation === target.mutation &&
      entry.read.every(([name, value]) => sameValue(fingerprint(target.argument(name)), value))
    )
      // A copy: the router narrows its own route's targets (a cursor's finished municipalities) by assignment.
      return { ...entry.selection };
  }
  const read: Array<[string, unknown]> = [];
  const selection = selectTargets(registry, {
    ...target,
    argument: (name) => {
      const value = target.argument(name);
      read.push([name, fingerprint(value)]);
      return value;
    },
  });
  made.push({ registry, subgraph: target.subgraph, fieldName: target.fieldName, mutation: target.mutation, read, selection });
  madeFor.set(request, made);
  return { ...selection };
}
