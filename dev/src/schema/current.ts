import { buildRegistrySchema } from '@kita/registry';
import type { ComposedSubgraph } from '@kita/schema/compose';
import { schemaOf } from '@kita/shared';
import { modules, type SubgraphName, subgraphNames } from '../stack.js';

/**
 * The SDL every subgraph serves today (each emits its own: `schemaOf(module)`, the registry's
 * `buildRegistrySchema`), as `npm run schema:generate` writes it under schema/.
 */
export async function currentSubgraphSdls(): Promise<Record<ComposedSubgraph, string>> {
  const entries = await Promise.all(subgraphNames.map(async (name) => [name, (await schemaOf(modules[name])).sdl] as const));
  return { ...(Object.fromEntries(entries) as Record<SubgraphName, string>), registry: (await buildRegistrySchema()).sdl };
}
