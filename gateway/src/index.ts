export * from './config.js';
export * from './context.js';
export * from './data-source.js';
export * from './gateway.js';
export * from './persisted-documents.js';
export { Tenancy } from './tenancy/tenancy.js';
