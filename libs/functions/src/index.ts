export * from './builder';
export * from './runtime/index';
export * from './funcyaml/index';
