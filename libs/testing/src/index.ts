export * from './merge-patch';
export * from './fake-client';
export * from './builders';
export * from './events';
export * from './table';
