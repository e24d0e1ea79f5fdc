import { type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';

/**
 * The names of the fields the query asks at `path` below the resolved field (`[]`: its own
 * subfields; `['edges', 'node']`: what a connection's nodes are asked for), through aliases and
 * fragments, wherever the path is selected. Lets a resolver skip work nobody reads. `@skip` and
 * `@include` are not evaluated, so a field that may be asked counts as asked.
 */
export function selectedFields(info: GraphQLResolveInfo, path: readonly string[] = []): Set<string> {
  const names = new Set<string>();
  const visited = new Set<string>();
  const visit = (set: SelectionSetNode | undefined, depth: number): void => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        if (depth === path.length) names.add(selection.name.value);
        else if (selection.name.value === path[depth]) visit(selection.selectionSet, depth + 1);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet, depth);
      } else {
        const fragment = info.fragments[selection.name.value];
        const key = `${selection.name.value}@${depth}`;
        if (!fragment || visited.has(key)) continue;
        visited.add(key);
        visit(fragment.selectionSet, depth);
      }
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet, 0);
  return names;
}

/** Whether the query asks the resolved field for its subfield `name` (see `selectedFields`). */
export function selects(info: GraphQLResolveInfo, name: string): boolean {
  return selectedFields(info).has(name);
}
