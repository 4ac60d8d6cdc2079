export * from './names';
export * from './configuration';
export * from './route';
