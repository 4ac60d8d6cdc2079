import type {
  PodAutoscalerSpec,
  PodAutoscalerStatus,
  ServerlessServiceSpec,
  ServerlessServiceStatus,
} from '@kuack/api';
import type { Gvk, KubeObject } from '@kuack/controller';

export const POD_AUTOSCALER: Gvk = { apiVersion: 'autoscaling.internal.knative.dev/v1alpha1', kind: 'PodAutoscaler' };
export const SERVERLESS_SERVICE: Gvk = {
  apiVersion: 'networking.internal.knative.dev/v1alpha1',
  kind: 'ServerlessService',
};
export const ENDPOINTS: Gvk = { apiVersion: 'v1', kind: 'Endpoints' };

export interface PodAutoscalerObject extends KubeObject {
  spec: PodAutoscalerSpec;
  status?: PodAutoscalerStatus;
}

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
