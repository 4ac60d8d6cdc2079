export * from './core';
export { admit } from './admit';
export { ALL_KINDS, defaultRegistry } from './kinds';
export * from './manifests/validate-manifests';
export * from './cesql';
export * from './eventing';
export * from './messaging';
export * from './flows';
export * from './sources';
