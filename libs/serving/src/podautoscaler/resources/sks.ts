import { AutoscalingAnnotations, type SKSOperationMode } from '@kuack/api';
import { SERVERLESS_SERVICE, type PodAutoscalerObject, type ServerlessServiceObject } from '../types';

/**
 * The PA's ServerlessService (Knative MakeSKS): same name and namespace, the PA's labels, its annotations
 * without the metric one, the PA's scale target as object reference, the mode and the activator count.
 * The owner reference is added by createOrUpdate.
 */
export function makeServerlessService(
  pa: PodAutoscalerObject,
  mode: SKSOperationMode,
  numActivators: number,
): ServerlessServiceObject {
  const annotations = { ...(pa.metadata.annotations ?? {}) };
  delete annotations[AutoscalingAnnotations.metric[0]];
  return {
    apiVersion: SERVERLESS_SERVICE.apiVersion,
    kind: SERVERLESS_SERVICE.kind,
    metadata: {
      name: pa.metadata.name,
      namespace: pa.metadata.namespace,
      labels: { ...(pa.metadata.labels ?? {}) },
      annotations,
    },
    spec: {
      mode,
      objectRef: pa.spec.scaleTargetRef,
      protocolType: pa.spec.protocolType,
      numActivators,
    },
  };
}
