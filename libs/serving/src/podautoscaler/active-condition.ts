import { podAutoscalerStatus } from '@kuack/api';
import type { AutoscalerSpec } from '@kuack/autoscaler';

/** Reasons of the PA's Active condition (Knative's). */
export const PodAutoscalerReasons = {
  NoTraffic: 'NoTraffic',
  Queued: 'Queued',
  TimedOut: 'TimedOut',
} as const;
const { NoTraffic: NO_TRAFFIC, Queued: QUEUED, TimedOut: TIMED_OUT } = PodAutoscalerReasons;

/** Ready pods needed to call the PA Active: min-scale (at least 1), or the initial scale until first reached. */
export function activeThreshold(spec: AutoscalerSpec, scaleTargetInitialized: boolean): number {
  if (!scaleTargetInitialized) return Math.max(spec.minScale, spec.initialScale);
  return Math.max(spec.minScale, 1);
}

/**
 * Knative's computeActiveCondition: ScaleTargetInitialized once enough pods are ready (and the SKS has a
 * public service); Active False `NoTraffic` when no pods are wanted (`TimedOut` when an activation gave up),
 * Unknown `Queued` while pods are wanted but not ready, True when they are.
 */
export function computeActiveCondition(
  status: ReturnType<typeof podAutoscalerStatus>,
  hasServiceName: boolean,
  spec: AutoscalerSpec,
  want: number,
  ready: number,
): void {
  const minReady = activeThreshold(spec, status.isScaleTargetInitialized());
  if (ready >= minReady && hasServiceName) status.markScaleTargetInitialized();
  if (want === 0 || minReady === 0) {
    if (status.isActivating() && minReady > 0)
      status.markInactive(TIMED_OUT, 'The target could not be activated.');
    else status.markInactive(NO_TRAFFIC, 'The target is not receiving traffic.');
  } else if (ready < minReady) {
    if (want > 0 || !status.isInactive())
      status.markActivating(
        QUEUED,
        'Requests to the target are being buffered as resources are provisioned.',
      );
    else status.markInactive(NO_TRAFFIC, 'The target is not receiving traffic.');
  } else if (want > 0 || !status.isInactive()) {
    status.markActive();
  }
}
