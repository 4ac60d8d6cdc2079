export * from './defaults';
export {
  invokeFunction,
  invokeRequest,
  formatInvokeResult,
  type InvokeFormat,
  type InvokeMessage,
  type InvokeResult,
} from './invoke';
export { resolveInvokeTarget, type RemoteResolver } from './targets';
export { localhostLookup } from './http-client';
