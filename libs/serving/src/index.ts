export * from './revision';
export * from './resources';
export * from './service';
export * from './configuration';
export * from './route';
export * from './labeler';
export * from './podautoscaler';
export * from './serverlessservice';
