import { describe, expect, it } from 'vitest';
import { committedSubgraphSdl, committedSupergraph, compose, composedSubgraphs, currentSubgraphSdls } from './compose.js';

// The committed SDL files are build outputs that reviewers read; these tests fail when the
// code has moved on without `npm run schema:generate`.
describe('committed schema', () => {
  it('matches the SDL each subgraph serves today', async () => {
    const current = await currentSubgraphSdls();
    for (const name of composedSubgraphs) expect(await committedSubgraphSdl(name), `schema/${name}.graphql is stale`).toBe(current[name]);
  });

  it('composes without errors or hints, into the committed supergraph', async () => {
    const composition = compose(await currentSubgraphSdls());
    expect(composition.errors).toEqual([]);
    expect(composition.hints).toEqual([]);
    expect(await committedSupergraph(), 'schema/supergraph.graphql is stale').toBe(composition.supergraphSdl);
  });

  it('reports a composition error instead of writing a broken supergraph', async () => {
    const sdls = await currentSubgraphSdls();
    // A second subgraph defining Facility.name without @shareable must not compose.
    const broken = { ...sdls, vacancy: sdls.vacancy.replace('type Facility @key(fields: "id") {', 'type Facility @key(fields: "id") {\n  name: String!') };
    const composition = compose(broken);
    expect(composition.supergraphSdl).toBe('');
    expect(composition.errors.join('\n')).toMatch(/Facility\.name/);
  });
});
