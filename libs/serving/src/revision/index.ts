// POD_AUTOSCALER and PodAutoscalerObject reach the package index through ../podautoscaler.
export {
  REVISION,
  DEPLOYMENT,
  POD,
  type Deployment,
  type DeploymentCondition,
  type DeploymentStatus,
  type Pod,
  type PodCondition,
  type ContainerStatus as PodContainerStatus,
  type Container,
  type RevisionObject,
} from './types';
export * from './resources';
export * from './deployment-status';
export * from './digest';
export * from './oci-digest-source';
export * from './reconciler';
export * from './controller';
