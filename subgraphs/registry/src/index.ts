export * from './geo.js';
export * from './module.js';
export type { Municipality, RegistryContext } from './municipality.schema.js';
export * from './registry.js';
