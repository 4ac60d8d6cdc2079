export * from './resources';
export * from './configuration';
export * from './controller';
