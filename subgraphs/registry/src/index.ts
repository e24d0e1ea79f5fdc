export * from './geo.js';
export * from './module.js';
export { Municipality, MunicipalityKind } from './municipality.schema.js';
export * from './registry.js';
