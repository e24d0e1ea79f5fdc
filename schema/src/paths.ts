import { fileURLToPath } from 'node:url';

/** Where the committed SDL files live: the gateway reads the supergraph from here. */
export const schemaDir = fileURLToPath(new URL('..', import.meta.url));
export const subgraphSdlPath = (name: string) => `${schemaDir}${name}.graphql`;
export const supergraphPath = `${schemaDir}supergraph.graphql`;
