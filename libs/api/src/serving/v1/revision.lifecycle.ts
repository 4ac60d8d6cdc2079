// Revision status helpers (revision_lifecycle.go): Ready = ResourcesAvailable AND ContainerHealthy; Active is
// informational (Info severity).
import { type Clock, ConditionSet, isReady } from '../../core/condition-set';
import { getCondition } from '../../core/conditions';
import {
  type Revision,
  type RevisionStatus,
  ReasonDeploying,
  ReasonProgressDeadlineExceeded,
  RevisionConditionActive,
  RevisionConditionContainerHealthy,
  RevisionConditionResourcesAvailable,
} from './revision.types';

export const revisionConditionSet = ConditionSet.living(
  RevisionConditionResourcesAvailable,
  RevisionConditionContainerHealthy,
);

/** Named status transitions for one Revision status (mutates it). */
export function revisionStatus(status: RevisionStatus, clock?: Clock) {
  const m = revisionConditionSet.manage(status, clock);
  const self = {
    manager: m,
    initializeConditions: () => m.initializeConditions(),
    markActiveTrue: () => m.markTrue(RevisionConditionActive),
    markActiveFalse: (reason: string, message: string) =>
      m.markFalse(RevisionConditionActive, reason, message),
    markActiveUnknown: (reason: string, message: string) =>
      m.markUnknown(RevisionConditionActive, reason, message),
    markContainerHealthyTrue: () => m.markTrue(RevisionConditionContainerHealthy),
    markContainerHealthyFalse: (reason: string, message: string) =>
      m.markFalse(RevisionConditionContainerHealthy, reason, message),
    markContainerHealthyUnknown: (reason: string, message: string) =>
      m.markUnknown(RevisionConditionContainerHealthy, reason, message),
    markResourcesAvailableTrue: () => m.markTrue(RevisionConditionResourcesAvailable),
    markResourcesAvailableFalse: (reason: string, message: string) =>
      m.markFalse(RevisionConditionResourcesAvailable, reason, message),
    markResourcesAvailableUnknown: (reason: string, message: string) =>
      m.markUnknown(RevisionConditionResourcesAvailable, reason, message),
    /** From the Deployment's derived Ready condition (status/reason/message). */
    propagateDeploymentStatus: (ready: {
      status: 'True' | 'False' | 'Unknown';
      reason?: string;
      message?: string;
    }) => {
      if (ready.status === 'True') m.markTrue(RevisionConditionResourcesAvailable);
      else if (ready.status === 'False')
        m.markFalse(RevisionConditionResourcesAvailable, ready.reason ?? '', ready.message ?? '');
      else m.markUnknown(RevisionConditionResourcesAvailable, ready.reason ?? '', ready.message ?? '');
    },
    /** From the PodAutoscaler's status: replicas, Active, and ResourcesAvailable once the scale target initialized. */
    propagateAutoscalerStatus: (pa: PodAutoscalerStatusView) => {
      const resUnavailable =
        getCondition(status, RevisionConditionResourcesAvailable)?.status === 'False' ||
        getCondition(status, RevisionConditionContainerHealthy)?.status === 'False';
      const cond = getCondition(pa, 'Ready');
      delete status.actualReplicas;
      delete status.desiredReplicas;
      if (pa.actualScale !== undefined && pa.actualScale >= 0) status.actualReplicas = pa.actualScale;
      if (pa.desiredScale !== undefined && pa.desiredScale >= 0) status.desiredReplicas = pa.desiredScale;
      const initialized = getCondition(pa, 'ScaleTargetInitialized')?.status === 'True';
      if (!cond) {
        self.markActiveUnknown(ReasonDeploying, '');
        if (!resUnavailable) self.markResourcesAvailableUnknown(ReasonDeploying, '');
        return;
      }
      if (initialized && !resUnavailable) {
        self.markResourcesAvailableTrue();
        self.markContainerHealthyTrue();
      }
      if (
        getCondition(status, RevisionConditionResourcesAvailable)?.status === 'True' &&
        (!pa.serviceName || !initialized)
      ) {
        self.markResourcesAvailableUnknown(ReasonDeploying, '');
      }
      if (cond.status === 'Unknown') self.markActiveUnknown(cond.reason ?? '', cond.message ?? '');
      else if (cond.status === 'False') {
        if (!initialized && !resUnavailable && pa.serviceName) {
          self.markResourcesAvailableFalse(
            ReasonProgressDeadlineExceeded,
            'Initial scale was never achieved',
          );
        }
        self.markActiveFalse(cond.reason ?? '', cond.message ?? '');
      } else self.markActiveTrue();
    },
  };
  return self;
}

export interface PodAutoscalerStatusView {
  conditions?: RevisionStatus['conditions'];
  serviceName?: string;
  actualScale?: number;
  desiredScale?: number;
}

export function isRevisionReady(rev: Revision): boolean {
  return isReady(rev, revisionConditionSet);
}

export function isRevisionFailed(rev: Revision): boolean {
  return (
    (rev.status?.observedGeneration ?? 0) === (rev.metadata?.generation ?? 0) &&
    getCondition(rev.status, 'Ready')?.status === 'False'
  );
}

export const resourceNotOwnedMessage = (kind: string, name: string) =>
  `There is an existing ${kind} ${JSON.stringify(name)} that we do not own.`;
export const exitCodeReason = (code: number) => `ExitCode${code}`;
export const revisionContainerExitingMessage = (message: string) => `Container failed with: ${message}`;
export const revisionContainerMissingMessage = (image: string, message: string) =>
  `Unable to fetch image ${JSON.stringify(image)}: ${message}`;
