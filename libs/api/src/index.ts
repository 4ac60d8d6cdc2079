export * from './core';
export { admit } from './admit';
export { ALL_KINDS, defaultRegistry } from './kinds';
