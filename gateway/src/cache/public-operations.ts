import {
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  getNamedType,
  Kind,
  type OperationDefinitionNode,
  parse,
  TypeInfo,
  type ValueNode,
  visit,
  visitWithTypeInfo,
} from 'graphql';

// Which operations the response cache may answer: the one place that decides it.
//
// The rule: an anonymous query (no Authorization header) whose root fields are all in
// `publicRootFields` and whose every selected field, at any depth, is resolved by a subgraph in
// `watchedSubgraphs`, the subgraphs whose changes the gateway hears of (facility and vacancy by
// their events, the registry by its reloads); a field several subgraphs declare (an entity's key
// such as `id`) counts when one of them is watched. What an anonymous caller may read is public by
// definition, and the same for every anonymous caller; a field of any other subgraph (e.g.
// `Facility.reservations` or `Municipality.maxChoices` of the reservation subgraph) could change
// unheard and makes the operation uncacheable. Answers with errors (a municipality that could not
// answer, a refused field) are never stored. Mutations, introspection and anything with a token
// always go through.

/** The public reads (Query root fields) whose anonymous answers may be cached. */
export const publicRootFields: ReadonlySet<string> = new Set([
  'facilities',
  'facilityMarkers',
  'facility',
  'vacancy',
  'upcomingVacancies',
  'municipalities',
  'municipalityByKey',
]);

/** Per-municipality subgraphs whose outbox events (`/events`) tell the cache that a municipality's public data changed. */
export const eventSubgraphs: readonly string[] = ['facility', 'vacancy'];

/** Subgraphs whose changes the cache hears of: `eventSubgraphs` by their events, `registry` by its reloads. */
export const watchedSubgraphs: ReadonlySet<string> = new Set([...eventSubgraphs, 'registry']);

/** `Type.field` → the subgraphs that resolve it, read from the supergraph's `@join__type` / `@join__field`. */
export type FieldGraphs = ReadonlyMap<string, readonly string[]>;

const argumentOf = (directive: { arguments?: readonly { name: { value: string }; value: ValueNode }[] }, name: string) =>
  directive.arguments?.find((argument) => argument.name.value === name)?.value;

export function readFieldGraphs(supergraphSdl: string): FieldGraphs {
  const document = parse(supergraphSdl);
  const graphNames = new Map<string, string>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.ENUM_TYPE_DEFINITION || definition.name.value !== 'join__Graph') continue;
    for (const value of definition.values ?? []) {
      const directive = value.directives?.find((candidate) => candidate.name.value === 'join__graph');
      const name = directive && argumentOf(directive, 'name');
      if (name?.kind === Kind.STRING) graphNames.set(value.name.value, name.value);
    }
  }
  const graphOf = (value: ValueNode | undefined) => (value?.kind === Kind.ENUM ? graphNames.get(value.value) : undefined);
  const fields = new Map<string, string[]>();
  for (const definition of document.definitions) {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
      definition.kind !== Kind.OBJECT_TYPE_EXTENSION &&
      definition.kind !== Kind.INTERFACE_TYPE_EXTENSION
    )
      continue;
    const typeGraphs = (definition.directives ?? [])
      .filter((directive) => directive.name.value === 'join__type')
      .map((directive) => graphOf(argumentOf(directive, 'graph')))
      .filter((graph): graph is string => !!graph);
    for (const field of definition.fields ?? []) {
      const joins = (field.directives ?? []).filter((directive) => directive.name.value === 'join__field');
      const own = joins
        .filter((directive) => {
          const external = argumentOf(directive, 'external');
          return !(external?.kind === Kind.BOOLEAN && external.value);
        })
        .map((directive) => graphOf(argumentOf(directive, 'graph')))
        .filter((graph): graph is string => !!graph);
      fields.set(`${definition.name.value}.${field.name.value}`, own.length ? own : typeGraphs);
    }
  }
  return fields;
}

export type PublicDecision =
  | { cacheable: false; reason: string }
  | { cacheable: true /** Some field is served by a per-municipality subgraph. */; reachesMunicipalities: boolean };

/**
 * Whether the operation is a public read by the rule above (the token is the caller's to check).
 * Fragments are followed where they are used; an unknown field makes it uncacheable.
 */
export function decidePublic(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, graphs: FieldGraphs): PublicDecision {
  if (operation.operation !== 'query') return { cacheable: false, reason: 'not a query' };
  const queryType = schema.getQueryType();
  if (!queryType) return { cacheable: false, reason: 'no query type' };
  const fragments = new Map(
    document.definitions.flatMap((definition) => (definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition]] : [])),
  );
  let refusal: string | undefined;
  let reachesMunicipalities = false;
  const seen = new Set<string>();
  // A fragment is checked on its own, where it is first spread, with its own TypeInfo (from its type condition).
  const check = (node: OperationDefinitionNode | FragmentDefinitionNode): void => {
    const typeInfo = new TypeInfo(schema);
    visit(
      node,
      visitWithTypeInfo(typeInfo, {
        Field(field) {
          const name = field.name.value;
          if (name === '__typename') return;
          const parent = typeInfo.getParentType();
          if (name.startsWith('__') || !parent) {
            refusal = 'introspection';
            return false;
          }
          if (parent === queryType && !publicRootFields.has(name)) {
            refusal = `Query.${name} is not a public read`;
            return false;
          }
          const owners = graphs.get(`${parent.name}.${name}`) ?? [];
          // A field several subgraphs declare (an entity's key such as `id`, a shareable field) is the same whichever answers it.
          const watched = owners.length > 1 ? owners.some((graph) => watchedSubgraphs.has(graph)) : owners.every((graph) => watchedSubgraphs.has(graph));
          if (!owners.length || !watched) {
            refusal = `${parent.name}.${name} is not served by a watched subgraph`;
            return false;
          }
          if (!owners.includes('registry')) reachesMunicipalities = true;
          if (!getNamedType(typeInfo.getType())) {
            refusal = `${parent.name}.${name} is unknown`;
            return false;
          }
        },
        FragmentSpread(spread) {
          const name = spread.name.value;
          if (seen.has(name)) return;
          seen.add(name);
          const fragment = fragments.get(name);
          if (fragment) check(fragment);
        },
      }),
    );
  };
  check(operation);
  return refusal ? { cacheable: false, reason: refusal } : { cacheable: true, reachesMunicipalities };
}
