// SERVERLESS_SERVICE, ENDPOINTS (../podautoscaler), SERVICE/ServiceObject (../resources) and the queue ports
// (../revision) are exported by their owners; only this folder's own names are exported here.
export { type ServicePort, type EndpointSubset } from './types';
export { privateServiceName } from './resources/names';
export {
  SKS_LABEL,
  SERVICE_TYPE_LABEL,
  HTTP_PORT_NAME,
  makePublicService,
  makePrivateService,
  makePublicEndpoints,
} from './resources/services';
export * from './endpoints';
export * from './reconciler';
export * from './controller';
