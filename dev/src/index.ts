export * from './config.js';
export * from './seed.js';
export * from './stack.js';
export * from './login/index.js';
