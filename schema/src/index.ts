// The contract every part stands on: where the committed SDL lives, the ID format, the error
// codes, the cursors and the @fanOut spec. Imports no subgraph and no gateway.
export * from './contrast.js';
export * from './cursor.js';
export * from './errors.js';
export * from './fan-out.js';
export * from './ids.js';
export * from './paths.js';
export * from './subgraph-link.js';
