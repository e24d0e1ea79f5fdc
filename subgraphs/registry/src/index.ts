export * from './registry.js';
export * from './module.js';
export { Municipality, MunicipalityKind } from './municipality.schema.js';
