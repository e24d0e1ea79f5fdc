// The subgraph kit. It re-exports the core (`@kita/core`) and the contract's code (`@kita/schema`),
// so that a subgraph imports everything it stands on from one place.
export * from '@kita/core';
export * from '@kita/schema';
export * from './availability.js';
export * from './calendar.js';
export * from './care.js';
export * from './context.js';
export * from './database.js';
export * from './events/index.js';
export * from './facility-member.js';
export * from './federation.js';
export * from './free-place.js';
export * from './graphql-types.js';
export * from './lease.js';
export * from './loaders.js';
export * from './migrate-command.js';
export * from './module.js';
export * from './municipality-filter.js';
export * from './orm.js';
export * from './peer-consumer.js';
export * from './plain-rows.js';
export * from './selection.js';
export * from './sql.js';
export * from './subgraph-server.js';
