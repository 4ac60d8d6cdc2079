export * from './domains';
export * from './traffic';
export * from './visibility';
export * from './status';
export * from './resources';
export * from './route';
export * from './controller';
