import type { FanOutMerge, FanOutSpec } from '@kita/schema';
import { type FieldDefinitionNode, Kind, type ObjectTypeDefinitionNode, parse, type TypeNode, valueFromASTUntyped } from 'graphql';

/** What the router needs to know about one root field of the supergraph. */
export interface RootFieldInfo {
  /** Arguments whose values carry municipalities: explicit keys or entity IDs. */
  municipalityArg?: string;
  municipalitiesArg?: string;
  idArgs: string[];
  defaults: Record<string, unknown>;
  fanOut?: FanOutSpec;
  /** For SUM fields: the declared value order of each enum key (undefined for other keys). */
  keyOrder?: Array<string[] | undefined>;
  /** Geographic routing (see `geo-routing.ts`), found by convention in the field's arguments. */
  geo?: GeoArguments;
}

/**
 * Where a root field takes its point, radius and order: an argument of type `GeoPointInput`
 * (the point), a `radiusKm` argument or a `radiusKm` field of an input-object argument (the
 * radius around the point), and an enum argument with the value `DISTANCE` (the order).
 */
export interface GeoArguments {
  near: string;
  /** Path to the radius in kilometres: `['radiusKm']` or `['filter', 'radiusKm']`. */
  radiusKm?: string[];
  /** The argument that orders by distance when its value is `DISTANCE`. */
  order?: string;
}

export type RootFields = Map<string, RootFieldInfo>; // "Query.facilities" → info

const namedType = (type: TypeNode): string => (type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type));

function fanOutOf(field: FieldDefinitionNode): FanOutSpec | undefined {
  const directive = field.directives?.find((candidate) => candidate.name.value === 'fanOut');
  if (!directive) return undefined;
  const args = Object.fromEntries((directive.arguments ?? []).map((arg) => [arg.name.value, valueFromASTUntyped(arg.value)]));
  return {
    merge: args.merge as FanOutMerge,
    sortBy: args.sortBy as string[] | undefined,
    limit: args.limit as string | undefined,
    keys: args.keys as string[] | undefined,
    distinct: args.distinct as string[] | undefined,
    claims: args.claims as string | undefined,
    suppress: args.suppress as string[] | undefined,
    suppressBelow: args.suppressBelow as number | undefined,
    suppressTotal: args.suppressTotal as string | undefined,
    suppressedFlag: args.suppressedFlag as string | undefined,
    margins: args.margins as string[] | undefined,
    ratios: args.ratios as string[] | undefined,
  };
}

/** Reads routing arguments and `@fanOut` declarations from the composed supergraph SDL. */
export function readRootFields(supergraphSdl: string): RootFields {
  const fields: RootFields = new Map();
  const document = parse(supergraphSdl);
  const enums = new Map<string, string[]>();
  const objects = new Map<string, ObjectTypeDefinitionNode>();
  const inputs = new Map<string, string[]>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION)
      enums.set(
        definition.name.value,
        (definition.values ?? []).map((value) => value.name.value),
      );
    if (definition.kind === Kind.OBJECT_TYPE_DEFINITION) objects.set(definition.name.value, definition);
    if (definition.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION)
      inputs.set(
        definition.name.value,
        (definition.fields ?? []).map((field) => field.name.value),
      );
  }
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    const type = definition as ObjectTypeDefinitionNode;
    if (type.name.value !== 'Query' && type.name.value !== 'Mutation') continue;
    for (const field of type.fields ?? []) {
      const info: RootFieldInfo = { idArgs: [], defaults: {}, fanOut: fanOutOf(field) };
      for (const arg of field.arguments ?? []) {
        const name = arg.name.value;
        if (arg.defaultValue) info.defaults[name] = valueFromASTUntyped(arg.defaultValue);
        if (name === 'municipality') info.municipalityArg = name;
        else if (name === 'municipalities') info.municipalitiesArg = name;
        else if (namedType(arg.type) === 'ID') info.idArgs.push(name);
      }
      const near = field.arguments?.find((arg) => namedType(arg.type) === 'GeoPointInput');
      if (near) {
        const geo: GeoArguments = { near: near.name.value };
        for (const arg of field.arguments ?? []) {
          const type = namedType(arg.type);
          if (arg.name.value === 'radiusKm') geo.radiusKm = ['radiusKm'];
          else if (!geo.radiusKm && inputs.get(type)?.includes('radiusKm')) geo.radiusKm = [arg.name.value, 'radiusKm'];
          if (enums.get(type)?.includes('DISTANCE')) geo.order = arg.name.value;
        }
        info.geo = geo;
      }
      if (info.fanOut?.merge === 'SUM') {
        const item = objects.get(namedType(field.type));
        info.keyOrder = (info.fanOut.keys ?? []).map((key) => {
          const keyField = item?.fields?.find((candidate) => candidate.name.value === key);
          return keyField ? enums.get(namedType(keyField.type)) : undefined;
        });
      }
      fields.set(`${type.name.value}.${field.name.value}`, info);
    }
  }
  return fields;
}
