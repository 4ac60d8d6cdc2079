export * from './resources';
export * from './service';
export * from './controller';
