// Explicit exports: the kinds and object types other folders define too (Endpoints, SKS) stay internal.
export {
  POD_AUTOSCALER_CONFIG_MAPS,
  type PodAutoscalerControllerDeps,
  podAutoscalerConfigFrom,
  podAutoscalerController,
} from './controller';
export {
  NO_PRIVATE_SERVICE_NAME,
  type PodAutoscalerConfig,
  type PodAutoscalerReconcilerDeps,
  PrivateEndpoints,
  isKpa,
  podAutoscalerHooks,
  podAutoscalerReconciler,
} from './reconciler';
export { makeServerlessService } from './resources/sks';
export { PodAutoscalerReasons, activeThreshold, computeActiveCondition } from './active-condition';
export { type Decision, Deciders } from './deciders';
export { type ActivatorProbe, endpointsActivatorProbe } from './activator-probe';
export { type AutoscalerMetrics, autoscalerMetrics } from './metrics';
