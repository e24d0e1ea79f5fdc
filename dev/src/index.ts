export * from './config.js';
export * from './geocoder.js';
export * from './login/index.js';
export * from './mail-catcher.js';
export * from './portal.js';
export * from './schema/current.js';
export * from './seed.js';
export * from './stack.js';
