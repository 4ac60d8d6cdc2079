export * from './backoff';
export * from './component';
export * from './supervisor';
