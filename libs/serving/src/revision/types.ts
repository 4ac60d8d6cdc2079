import type {
  V1Container,
  V1DeploymentSpec,
  V1PodSpec,
  V1ContainerStatus,
  V1PodCondition,
} from '@kubernetes/client-node';
import type { PodAutoscalerSpec, PodAutoscalerStatus, RevisionSpec, RevisionStatus } from '@kuack/api';
import type { Gvk, KubeObject } from '@kuack/controller';

// The Kubernetes shapes the Revision reconciler reads and writes, as JSON (timestamps are strings).

export const REVISION: Gvk = { apiVersion: 'serving.knative.dev/v1', kind: 'Revision' };
export const DEPLOYMENT: Gvk = { apiVersion: 'apps/v1', kind: 'Deployment' };
export const POD: Gvk = { apiVersion: 'v1', kind: 'Pod' };
export const POD_AUTOSCALER: Gvk = {
  apiVersion: 'autoscaling.internal.knative.dev/v1alpha1',
  kind: 'PodAutoscaler',
};

export interface DeploymentCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
}

export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  conditions?: DeploymentCondition[];
}

export interface Deployment extends KubeObject {
  spec: V1DeploymentSpec;
  status?: DeploymentStatus;
}

export type PodCondition = Omit<V1PodCondition, 'lastTransitionTime' | 'lastProbeTime'>;
export type ContainerStatus = Omit<V1ContainerStatus, 'state' | 'lastState'> & {
  state?: {
    waiting?: { reason?: string; message?: string };
    running?: { startedAt?: string };
    terminated?: { exitCode: number; reason?: string; message?: string };
  };
  lastState?: ContainerStatus['state'];
};

export interface Pod extends KubeObject {
  spec?: V1PodSpec;
  status?: {
    phase?: string;
    conditions?: PodCondition[];
    containerStatuses?: ContainerStatus[];
    podIP?: string;
  };
}

export type Container = V1Container;

/** A Revision as the controller machinery sees it (libs/api's `Revision` types metadata with client-node's). */
export type RevisionObject = KubeObject & {
  spec?: RevisionSpec;
  status?: RevisionStatus;
};
export type PodAutoscalerObject = KubeObject & {
  spec: PodAutoscalerSpec;
  status?: PodAutoscalerStatus;
};
