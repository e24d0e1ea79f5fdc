import type { FanOutMerge, FanOutSpec } from '@kita/shared';
import { Kind, parse, valueFromASTUntyped, type FieldDefinitionNode, type ObjectTypeDefinitionNode, type TypeNode } from 'graphql';

/** What the router needs to know about one root field of the supergraph. */
export interface RootFieldInfo {
  /** Arguments whose values carry municipalities: explicit keys or entity IDs. */
  municipalityArg?: string;
  municipalitiesArg?: string;
  idArgs: string[];
  defaults: Record<string, unknown>;
  fanOut?: FanOutSpec;
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
  };
}

/** Reads routing arguments and `@fanOut` declarations from the composed supergraph SDL. */
export function readRootFields(supergraphSdl: string): RootFields {
  const fields: RootFields = new Map();
  for (const definition of parse(supergraphSdl).definitions) {
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
      fields.set(`${type.name.value}.${field.name.value}`, info);
    }
  }
  return fields;
}
