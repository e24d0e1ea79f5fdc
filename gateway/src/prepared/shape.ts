import {
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLBoolean,
  type GraphQLCompositeType,
  GraphQLFloat,
  GraphQLID,
  GraphQLInt,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  isAbstractType,
  isCompositeType,
  isEnumType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

// @apollo/gateway's computeResponse (resultShaping.js), compiled once per prepared operation:
// from the subgraphs' merged data, the client's answer with exactly its selections (response
// names, fragments by `__typename`, `__typename` filled in), a null in a non-null field bubbling
// up to the nearest nullable parent, invalid leaf values nulled. The same rules, walked over
// graphql-js types resolved ahead of time instead of Apollo's operation objects per request.

type Data = Record<string, unknown>;

/** A field's type, unwrapped ahead of time. */
type TypeShape =
  | { kind: 'nonNull'; of: TypeShape; name: string }
  | { kind: 'list'; of: TypeShape; name: string }
  | { kind: 'composite'; type: GraphQLCompositeType; steps: Step[]; name: string }
  | { kind: 'leaf'; valid: (value: unknown) => boolean; name: string };

type Step =
  | { kind: 'field'; responseName: string; typename: false; type: TypeShape }
  | { kind: 'field'; responseName: string; typename: true }
  | { kind: 'fragment'; condition?: GraphQLCompositeType; inner: Step[] };

/** A value that the shaping found wrong (Apollo's post-processing errors). */
export interface ShapeError {
  message: string;
  path: Array<string | number>;
}

export type Shaper = (input: Data) => { data: Data | null; errors: ShapeError[] };

/** Whether the operation can be shaped here: no @skip/@include/@defer and no introspection but `__typename`. */
export function shapeable(operation: OperationDefinitionNode, fragments: Record<string, FragmentDefinitionNode>): boolean {
  const plain = (set: SelectionSetNode, seen: Set<string>): boolean =>
    set.selections.every((selection) => {
      if (selection.directives?.length) return false;
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__') && selection.name.value !== '__typename') return false;
        return !selection.selectionSet || plain(selection.selectionSet, seen);
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) return plain(selection.selectionSet, seen);
      const fragment = fragments[selection.name.value];
      if (!fragment || fragment.directives?.length || seen.has(fragment.name.value)) return false;
      return plain(fragment.selectionSet, new Set([...seen, fragment.name.value]));
    });
  return !operation.directives?.length && plain(operation.selectionSet, new Set());
}

export function compileShaper(schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: Record<string, FragmentDefinitionNode>): Shaper {
  const compile = (set: SelectionSetNode, parent: GraphQLCompositeType): Step[] =>
    set.selections.map((selection): Step => {
      if (selection.kind === Kind.FIELD) return field(selection, parent);
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? (schema.getType(selection.typeCondition.name.value) as GraphQLCompositeType) : undefined;
        return { kind: 'fragment', condition, inner: compile(selection.selectionSet, condition ?? parent) };
      }
      const fragment = fragments[selection.name.value];
      const condition = schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType;
      return { kind: 'fragment', condition, inner: compile(fragment.selectionSet, condition) };
    });
  const field = (node: FieldNode, parent: GraphQLCompositeType): Step => {
    const responseName = node.alias?.value ?? node.name.value;
    if (node.name.value === '__typename') return { kind: 'field', responseName, typename: true };
    if (!('getFields' in parent)) throw new Error(`${parent.name} has no field ${node.name.value}`);
    const definition = parent.getFields()[node.name.value];
    if (!definition) throw new Error(`${parent.name} has no field ${node.name.value}`);
    return { kind: 'field', responseName, typename: false, type: shapeOf(definition.type, node.selectionSet) };
  };
  const shapeOf = (type: GraphQLOutputType, set: SelectionSetNode | undefined): TypeShape => {
    const name = String(type);
    if (isNonNullType(type)) return { kind: 'nonNull', of: shapeOf(type.ofType, set), name };
    if (isListType(type)) return { kind: 'list', of: shapeOf(type.ofType, set), name };
    if (isCompositeType(type)) return { kind: 'composite', type, steps: set ? compile(set, type) : [], name };
    return { kind: 'leaf', valid: leafCheck(type), name };
  };
  const root = schema.getRootType(operation.operation);
  if (!root) throw new Error(`the schema has no ${operation.operation} type`);
  const steps = compile(operation.selectionSet, root);

  return (input) => {
    const errors: ShapeError[] = [];
    const data: Data = {};
    const bubbled = apply(schema, input, steps, data, [], root, errors);
    return { data: bubbled ? null : data, errors };
  };
}

/** federation-internals' isSubtype(type, maybeSubType) on graphql-js types. */
function isSubtype(schema: GraphQLSchema, type: GraphQLCompositeType, maybeSubType: GraphQLNamedType): boolean {
  if (type === maybeSubType) return true;
  return isAbstractType(type) && (isObjectType(maybeSubType) || isInterfaceType(maybeSubType)) && schema.isSubType(type, maybeSubType);
}

/** Applies a selection set; true when a null in a non-null field must bubble up to the parent. */
function apply(
  schema: GraphQLSchema,
  input: Data,
  steps: Step[],
  output: Data,
  path: Array<string | number>,
  parent: GraphQLCompositeType,
  errors: ShapeError[],
): boolean {
  for (const step of steps) {
    if (step.kind === 'fragment') {
      const typename = input.__typename;
      const applies =
        !step.condition ||
        (typeof typename === 'string'
          ? (() => {
              const type = schema.getType(typename);
              return !!type && isSubtype(schema, step.condition, type);
            })()
          : isSubtype(schema, step.condition, parent));
      if (applies && apply(schema, input, step.inner, output, path, step.condition ?? parent, errors)) return true;
      continue;
    }
    const { responseName } = step;
    let inputValue = Object.hasOwn(input, responseName) ? (input[responseName] ?? null) : null;
    if (step.typename) {
      if (output[responseName] !== undefined) continue;
      if (inputValue === null && responseName !== '__typename') inputValue = input.__typename ?? null;
      const type = typeof inputValue === 'string' ? (schema.getType(inputValue) ?? parent) : parent;
      if (!isObjectType(type)) return true;
      output[responseName] = type.name;
      continue;
    }
    path.push(responseName);
    const { updated, invalid } = update(schema, output[responseName], step.type, inputValue, path, parent, errors);
    output[responseName] = updated;
    path.pop();
    if (invalid) return true;
  }
  return false;
}

interface Updated {
  updated: unknown;
  invalid?: boolean;
  hasErrors?: boolean;
}

function describe(path: Array<string | number>, type: TypeShape, parent: GraphQLCompositeType): string {
  const last = path[path.length - 1];
  return typeof last === 'string' ? `field ${parent.name}.${last}` : `array element of type ${type.name} at index ${last}`;
}

const unchanged = (updated: unknown): Updated => ({ updated });

function update(
  schema: GraphQLSchema,
  outputValue: unknown,
  type: TypeShape,
  inputValue: unknown,
  path: Array<string | number>,
  parent: GraphQLCompositeType,
  errors: ShapeError[],
): Updated {
  if (outputValue === null || (outputValue !== undefined && type.kind === 'leaf')) return unchanged(outputValue);
  switch (type.kind) {
    case 'nonNull': {
      const result = update(schema, outputValue, type.of, inputValue, path, parent, errors);
      if (result.updated === null) {
        if (!result.hasErrors) errors.push({ message: `Cannot return null for non-nullable ${describe(path, type.of, parent)}.`, path: [...path] });
        return { updated: null, invalid: true, hasErrors: true };
      }
      return unchanged(result.updated);
    }
    case 'list': {
      if (inputValue === null) return unchanged(null);
      if (!Array.isArray(inputValue)) throw new Error(`Invalid non-list value returned by subgraph for list type ${type.name}`);
      const outputs = outputValue as unknown[] | undefined;
      let nullify = false;
      let hasErrors = false;
      const updated = new Array(inputValue.length);
      for (let index = 0; index < inputValue.length; index += 1) {
        path.push(index);
        const result = update(schema, outputs?.[index], type.of, inputValue[index], path, parent, errors);
        path.pop();
        if (result.invalid) nullify = true;
        if (result.hasErrors) hasErrors = true;
        updated[index] = result.updated;
      }
      return { updated: nullify ? null : updated, hasErrors };
    }
    case 'composite': {
      if (inputValue === null) return unchanged(null);
      const typename = (inputValue as Data).__typename;
      let objectType: GraphQLCompositeType = type.type;
      if (typename) {
        const named = typeof typename === 'string' ? schema.getType(typename) : undefined;
        if (!named || !isCompositeType(named)) {
          errors.push({ message: `Invalid __typename found for object at ${describe(path, type, parent)}.`, path: [...path] });
          return { updated: null, hasErrors: true };
        }
        objectType = named;
      }
      const object = (outputValue as Data | undefined) ?? {};
      const bubbled = apply(schema, inputValue as Data, type.steps, object, path, objectType, errors);
      return { updated: bubbled ? null : object, hasErrors: bubbled };
    }
    default: {
      if (inputValue === null) return unchanged(null);
      if (type.valid(inputValue)) return unchanged(inputValue);
      errors.push({ message: `Invalid value found for ${describe(path, type, parent)}.`, path: [...path] });
      return { updated: null, hasErrors: true };
    }
  }
}

const integer = /^-?(?:0|[1-9][0-9]*)$/;

/** federation-internals' isValidLeafValue, decided per type ahead of time. */
function leafCheck(type: GraphQLOutputType): (value: unknown) => boolean {
  if (isScalarType(type) && !isSpecifiedScalarType(type)) return () => true;
  const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
  if (type === GraphQLBoolean) return (value) => typeof value === 'boolean';
  if (type === GraphQLInt) return (value) => finite(value) && integer.test(String(value));
  if (type === GraphQLID) return (value) => typeof value === 'string' || (finite(value) && integer.test(String(value)));
  if (type === GraphQLFloat) return finite;
  if (isEnumType(type)) {
    const values = new Set(type.getValues().map((value) => value.name));
    return (value) => typeof value === 'string' && values.has(value);
  }
  // String: any string.
  return (value) => typeof value === 'string';
}
