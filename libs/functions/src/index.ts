export * from './builder';
export * from './runtime/index';
