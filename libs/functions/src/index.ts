export * from './builder';
export * from './runtime/index';
export * from './funcyaml/index';
export * from './templates/index';
export * from './sdk/index';
export * from './run/index';
export * from './invoke/index';
