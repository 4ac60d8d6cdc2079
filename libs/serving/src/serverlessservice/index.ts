// SERVERLESS_SERVICE, ENDPOINTS and their object types stay internal (../podautoscaler defines them).
export { SERVICE, type ServiceObject, type ServicePort, type EndpointSubset } from './types';
export * from './resources';
export * from './endpoints';
export * from './reconciler';
export * from './controller';
