import { writeFile } from 'node:fs/promises';
import { subgraphSdlPath, supergraphPath } from '@kita/schema';
import { compose, composedSubgraphs } from '@kita/schema/compose';
import { currentSubgraphSdls } from './current.js';

// Regenerates schema/<subgraph>.graphql and schema/supergraph.graphql from the code.
const sdls = await currentSubgraphSdls();
const composition = compose(sdls);
if (composition.errors.length || composition.hints.length) {
  console.error(['Composition failed:', ...composition.errors, ...composition.hints].join('\n  '));
  process.exit(1);
}
for (const name of composedSubgraphs) await writeFile(subgraphSdlPath(name), sdls[name]);
await writeFile(supergraphPath, composition.supergraphSdl);
console.log(`Wrote ${composedSubgraphs.map((name) => `${name}.graphql`).join(', ')} and supergraph.graphql`);
