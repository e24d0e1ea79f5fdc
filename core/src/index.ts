// The core the gateway and the subgraphs both stand on: token verification and trust documents,
// configuration, logging, metrics, tracing, query limits and the HTTP edge. No ORM, no type-graphql,
// no subgraph.
export * from './apollo.js';
export * from './auth.js';
export * from './config.js';
export * from './http.js';
export * from './input-errors.js';
export * from './limits.js';
export * from './local-date.js';
export * from './log.js';
export * from './metrics.js';
export * from './random.js';
export * from './registry-client.js';
export * from './request-id.js';
export * from './tracing.js';
export * from './trust.js';
