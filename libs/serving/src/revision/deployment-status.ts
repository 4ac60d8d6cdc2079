import {
  QUEUE_CONTAINER_NAME,
  ReasonProgressDeadlineExceeded,
  exitCodeReason,
  revisionContainerExitingMessage,
} from '@kuack/api';
import type { Deployment, DeploymentStatus, Pod } from './types';

export interface DerivedCondition {
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
}

/**
 * The Deployment's readiness as Knative derives it (TransformDeploymentStatus): Ready needs Progressing True
 * and no ReplicaFailure; a False or Unknown of either explains why.
 */
export function deploymentReadyCondition(status: DeploymentStatus | undefined): DerivedCondition {
  let progressing: DerivedCondition = { status: 'Unknown', reason: 'Deploying', message: '' };
  let replicaSet: DerivedCondition = { status: 'True' };
  for (const c of status?.conditions ?? []) {
    if (c.type === 'Progressing') {
      progressing =
        c.status === 'True' ? { status: 'True' } : { status: c.status, reason: c.reason, message: c.message };
    } else if (c.type === 'ReplicaFailure') {
      if (c.status === 'True') replicaSet = { status: 'False', reason: c.reason, message: c.message };
      else if (c.status === 'Unknown')
        replicaSet = { status: 'Unknown', reason: c.reason, message: c.message };
      else replicaSet = { status: 'True' };
    }
  }
  // A living condition set: the first False wins, then the first Unknown (in the set's order).
  for (const c of [progressing, replicaSet]) if (c.status === 'False') return c;
  for (const c of [progressing, replicaSet]) if (c.status === 'Unknown') return c;
  return { status: 'True' };
}

export function hasDeploymentTimedOut(deployment: Deployment): boolean {
  return (deployment.status?.conditions ?? []).some(
    (c) => c.type === 'Progressing' && c.status === 'False' && c.reason === ReasonProgressDeadlineExceeded,
  );
}

/**
 * Waiting reasons that will not go away by waiting: reported at once instead of after the progress deadline
 * (Kuack's node agent reports an image it cannot pull or run with these; see docs/adr on revision failures).
 */
export const PERMANENT_WAITING_REASONS: ReadonlySet<string> = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'ImageNotRunnableLocally',
  'InvalidImageName',
  'ErrImageNeverPull',
  'CreateContainerConfigError',
]);

export interface PodFailure {
  resourcesAvailable?: { reason: string; message: string };
  containerHealthy?: { reason: string; message: string };
}

/**
 * What a Pod of a Deployment that wants replicas but has none available says about why (Knative's
 * reconcileDeployment): unschedulable → ResourcesAvailable False with the scheduler's reason; a user
 * container that terminated → ContainerHealthy False `ExitCode<n>` "Container failed with: …"; a user
 * container stuck waiting → ResourcesAvailable False with the waiting reason, once the deadline passed (or at
 * once for the reasons above).
 */
export function podFailure(
  pod: Pod,
  options: { deploymentTimedOut: boolean; podIsAlwaysSchedulable: boolean },
): PodFailure {
  const failure: PodFailure = {};
  if (!options.podIsAlwaysSchedulable) {
    const unscheduled = (pod.status?.conditions ?? []).find(
      (c) => c.type === 'PodScheduled' && c.status === 'False',
    );
    if (unscheduled)
      failure.resourcesAvailable = { reason: unscheduled.reason ?? '', message: unscheduled.message ?? '' };
  }
  for (const s of pod.status?.containerStatuses ?? []) {
    if (s.name === QUEUE_CONTAINER_NAME) continue;
    const t = s.lastState?.terminated;
    if (t) {
      const message = t.exitCode === 0 && !t.message ? 'container exited with no error' : (t.message ?? '');
      failure.containerHealthy = {
        reason: exitCodeReason(t.exitCode),
        message: revisionContainerExitingMessage(message),
      };
      break;
    }
    const w = s.state?.waiting;
    if (w && (options.deploymentTimedOut || PERMANENT_WAITING_REASONS.has(w.reason ?? ''))) {
      failure.resourcesAvailable = { reason: w.reason ?? '', message: w.message ?? '' };
      break;
    }
  }
  return failure;
}
