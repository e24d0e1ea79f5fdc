import { writeFile } from 'node:fs/promises';
import { subgraphNames } from '@kita/shared';
import { compose, currentSubgraphSdls } from './compose.js';
import { subgraphSdlPath, supergraphPath } from './paths.js';

// Regenerates schema/<subgraph>.graphql and schema/supergraph.graphql from the code.
const sdls = await currentSubgraphSdls();
const composition = compose(sdls);
if (composition.errors.length || composition.hints.length) {
  console.error(['Composition failed:', ...composition.errors, ...composition.hints].join('\n  '));
  process.exit(1);
}
for (const name of subgraphNames) await writeFile(subgraphSdlPath(name), sdls[name]);
await writeFile(supergraphPath, composition.supergraphSdl);
console.log(`Wrote ${subgraphNames.map((name) => `${name}.graphql`).join(', ')} and supergraph.graphql`);
