export * from './certificates';
export * from './pem';
export * from './rotation';
export * from './trust-bundle';
