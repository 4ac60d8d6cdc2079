export * from './builder';
export * from './runtime/index';
export * from './funcyaml/index';
export * from './templates/index';
export * from './sdk/index';
