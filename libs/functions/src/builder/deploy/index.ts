export * from './function-env';
export * from './knative-service';
export * from './triggers';
