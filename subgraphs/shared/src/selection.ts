import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * Whether the query asks the resolved field for its subfield `name`, directly or through
 * fragments: lets a resolver skip work nobody reads (a connection's count statement when
 * `totalCount` is not selected). `@skip` and `@include` are not evaluated, so a subfield that
 * may be asked counts as asked.
 */
export function selects(info: GraphQLResolveInfo, name: string): boolean {
  const visited = new Set<string>();
  const inSet = (set: SelectionSetNode | undefined): boolean =>
    (set?.selections ?? []).some((selection) => {
      if (selection.kind === Kind.FIELD) return selection.name.value === name;
      if (selection.kind === Kind.INLINE_FRAGMENT) return inSet(selection.selectionSet);
      const fragment = info.fragments[selection.name.value];
      if (!fragment || visited.has(fragment.name.value)) return false;
      visited.add(fragment.name.value);
      return inSet(fragment.selectionSet);
    });
  return info.fieldNodes.some((node) => inSet(node.selectionSet));
}
