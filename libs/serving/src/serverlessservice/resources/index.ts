export * from './names';
export * from './services';
