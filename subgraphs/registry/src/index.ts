export * from './geo.js';
export * from './module.js';
export type { RegistryContext } from './municipality/municipality.resolver.js';
export type { Municipality } from './municipality/municipality.types.js';
export * from './registry.js';
export * from './theme.js';
