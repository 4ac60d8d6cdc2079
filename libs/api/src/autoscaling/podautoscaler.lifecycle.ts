// PodAutoscaler status helpers (pa_lifecycle.go): Ready = Active AND ScaleTargetInitialized AND SKSReady.
import { type Clock, ConditionSet, isReady } from '../core/condition-set';
import { getCondition } from '../core/conditions';
import {
  type PodAutoscaler,
  type PodAutoscalerStatus,
  PodAutoscalerConditionActive as Active,
  PodAutoscalerConditionSKSReady as SKS,
  PodAutoscalerConditionScaleTargetInitialized as Init,
} from './podautoscaler.types';

export const podAutoscalerConditionSet = ConditionSet.living(Active, Init, SKS);

export function podAutoscalerStatus(status: PodAutoscalerStatus, clock?: Clock) {
  const m = podAutoscalerConditionSet.manage(status, clock);
  const now = () => (clock ?? (() => new Date()))();
  const inStatusFor = (want: 'True' | 'False' | 'Unknown', at: Date): number => {
    const c = getCondition(status, Active);
    if (!c || c.status !== want || !c.lastTransitionTime) return -1;
    return at.getTime() - Date.parse(c.lastTransitionTime);
  };
  const self = {
    manager: m,
    initializeConditions: () => m.initializeConditions(),
    markScaleTargetInitialized: () => m.markTrue(Init),
    markSKSReady: () => m.markTrue(SKS),
    markSKSNotReady: (message: string) => m.markUnknown(SKS, 'NotReady', message),
    markActive: () => m.markTrue(Active),
    markActivating: (reason: string, message: string) => m.markUnknown(Active, reason, message),
    markInactive: (reason: string, message: string) => m.markFalse(Active, reason, message),
    markResourceNotOwned: (kind: string, name: string) =>
      self.markInactive(
        'NotOwned',
        `There is an existing ${kind} ${JSON.stringify(name)} that we do not own.`,
      ),
    markResourceFailedCreation: (kind: string, name: string) =>
      self.markInactive('FailedCreate', `Failed to create ${kind} ${JSON.stringify(name)}.`),
    isScaleTargetInitialized: () => getCondition(status, Init)?.status === 'True',
    isActive: () => getCondition(status, Active)?.status === 'True',
    isInactive: () => getCondition(status, Active)?.status === 'False',
    isActivating: () => getCondition(status, Active)?.status === 'Unknown',
    /** Milliseconds the PA has been Inactive (-1 when it is not). */
    inactiveFor: (at: Date = now()) => inStatusFor('False', at),
    activeFor: (at: Date = now()) => inStatusFor('True', at),
    canScaleToZero: (at: Date, gracePeriodMs: number) => {
      const d = inStatusFor('False', at);
      return d >= 0 && d >= gracePeriodMs;
    },
  };
  return self;
}

export function isPodAutoscalerReady(pa: PodAutoscaler): boolean {
  return isReady(pa, podAutoscalerConditionSet);
}
