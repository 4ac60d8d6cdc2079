import type { ServerlessServiceSpec, ServerlessServiceStatus } from '@kuack/api';
import type { Gvk, KubeObject } from '@kuack/controller';

// The PA kind itself is shared with the Revision reconciler (which creates PAs).
export { POD_AUTOSCALER, type PodAutoscalerObject } from '../revision/types';

export const SERVERLESS_SERVICE: Gvk = {
  apiVersion: 'networking.internal.knative.dev/v1alpha1',
  kind: 'ServerlessService',
};
export const ENDPOINTS: Gvk = { apiVersion: 'v1', kind: 'Endpoints' };

export interface ServerlessServiceObject extends KubeObject {
  spec: ServerlessServiceSpec;
  status?: ServerlessServiceStatus;
}

export interface EndpointAddress {
  ip: string;
  hostname?: string;
  targetRef?: { kind?: string; name?: string; namespace?: string };
}
export interface EndpointsObject extends KubeObject {
  subsets?: {
    addresses?: EndpointAddress[];
    notReadyAddresses?: EndpointAddress[];
    ports?: { name?: string; port: number; protocol?: string }[];
  }[];
}

/** The scale target: anything with spec.replicas (a Deployment for Knative revisions). */
export interface ScalableObject extends KubeObject {
  spec?: { replicas?: number };
}
