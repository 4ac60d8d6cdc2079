import type { AutoscalerSpec } from './spec';

/** Knative's scaleUnknown: no decision yet (no metrics, or activation in progress). */
export const SCALE_UNKNOWN = -1;

export type ConditionStatus = 'True' | 'False' | 'Unknown';

export interface ScaleDecisionInput {
  nowMs: number;
  /** The KPA's desired pod count, SCALE_UNKNOWN before its first valid decision. */
  desiredScale: number;
  spec: AutoscalerSpec;
  /** The PA's Active condition: status and when it last changed (ms). Missing = Unknown since `nowMs`. */
  active?: { status: ConditionStatus; sinceMs: number };
  scaleTargetInitialized: boolean;
  /** The SKS mode in force, and since when the activator backs the revision (ActivatorEndpointsPopulated). */
  sksMode?: 'Serve' | 'Proxy';
  proxySinceMs?: number;
  /**
   * Result of probing the activator through the revision's public Service (`K-Network-Probe: activator`).
   * Leave undefined at first: the decision asks for it (`probeActivator`) only when it matters.
   */
  activatorReady?: boolean;
}

export interface ScaleDecision {
  /** The scale the PA wants (status.desiredScale; SCALE_UNKNOWN keeps the previous one). */
  want: number;
  /** Write `want` to the scale target's replicas. */
  apply: boolean;
  /** Reconcile again after this long (a timer of the scale-to-zero path). */
  requeueAfterMs?: number;
  /** The decision needs `activatorReady`: probe and decide again. */
  probeActivator?: boolean;
  /** Why, for logs and tests. */
  reason: string;
}

/** Clamp to [min, max]; max 0 means unlimited. */
export function applyBounds(min: number, max: number, x: number): number {
  if (x < min) return min;
  if (max !== 0 && x > max) return max;
  return x;
}

/** min-scale, raised to the initial scale until the scale target first reached it (reachable revisions). */
export function effectiveMinScale(spec: AutoscalerSpec, scaleTargetInitialized: boolean): number {
  if (spec.initialScale > 1 && !scaleTargetInitialized && spec.reachable)
    return Math.max(spec.initialScale, spec.minScale);
  return spec.minScale;
}

/**
 * Bounds and scale to zero (Knative kpa/scaler.go `scale` + `handleScaleToZero`), pure:
 * - no decision yet and not activating → nothing to apply;
 * - clamp to [min (or initial scale until reached), max];
 * - a wish for 0: with scale to zero disabled → 1; while activating → wait (0 after the activation timeout =
 *   progress deadline + 30 s); while Active → hold until active for a stable window, then want 0 without
 *   applying it (the PA turns Inactive and the SKS goes to Proxy); while Inactive → once the activator backs
 *   the revision (probe, unless TBC −1), apply 0 after max(grace, retention) inactive, or earlier when the
 *   SKS has been in Proxy for the grace period and retention is satisfied.
 */
export function decideScale(input: ScaleDecisionInput): ScaleDecision {
  const { spec, nowMs } = input;
  const active = input.active ?? { status: 'Unknown' as const, sinceMs: nowMs };
  const activating = active.status === 'Unknown';
  let desired = input.desiredScale;
  if (desired < 0 && !activating) return { want: desired, apply: false, reason: 'NoMetrics' };

  desired = applyBounds(effectiveMinScale(spec, input.scaleTargetInitialized), spec.maxScale, desired);
  if (desired !== 0) return { want: desired, apply: true, reason: 'Bounded' };
  if (!spec.enableScaleToZero) return { want: 1, apply: true, reason: 'ScaleToZeroDisabled' };

  const inStatusFor = nowMs - active.sinceMs;
  if (activating) {
    if (inStatusFor > spec.activationTimeoutMs) return { want: 0, apply: true, reason: 'ActivationTimedOut' };
    return {
      want: SCALE_UNKNOWN,
      apply: false,
      requeueAfterMs: spec.activationTimeoutMs - inStatusFor + 1,
      reason: 'Activating',
    };
  }
  if (active.status === 'True') {
    if (inStatusFor >= spec.stableWindowMs) {
      return {
        want: 0,
        apply: false,
        requeueAfterMs: input.sksMode === 'Proxy' ? 3000 : undefined,
        reason: 'Deactivating',
      };
    }
    return {
      want: 1,
      apply: true,
      requeueAfterMs: spec.stableWindowMs - inStatusFor,
      reason: 'HeldForStableWindow',
    };
  }

  // Inactive.
  if (spec.targetBurstCapacity !== -1) {
    if (input.activatorReady === undefined)
      return { want: 0, apply: false, probeActivator: true, reason: 'ProbeActivator' };
    if (!input.activatorReady)
      return { want: 0, apply: false, requeueAfterMs: 1000, reason: 'ActivatorNotInPath' };
  }
  const retention = spec.scaleToZeroPodRetentionMs;
  if (inStatusFor >= Math.max(spec.scaleToZeroGracePeriodMs, retention))
    return { want: 0, apply: true, reason: 'ScaledToZero' };
  if (retention > 0 && inStatusFor < retention)
    return { want: 0, apply: false, requeueAfterMs: retention - inStatusFor, reason: 'PodRetention' };
  const proxyFor = input.proxySinceMs === undefined ? 0 : nowMs - input.proxySinceMs;
  const left = spec.scaleToZeroGracePeriodMs - proxyFor;
  if (left <= 0) return { want: 0, apply: true, reason: 'ScaledToZero' };
  return { want: 0, apply: false, requeueAfterMs: left, reason: 'GracePeriod' };
}

/** SKS mode: Serve only when pods are wanted and the burst capacity fits without the activator. */
export function sksModeFor(want: number, excessBurstCapacity: number, inactive: boolean): 'Serve' | 'Proxy' {
  if (want === SCALE_UNKNOWN && inactive) return 'Proxy';
  return want > 0 && excessBurstCapacity >= 0 ? 'Serve' : 'Proxy';
}

const MIN_ACTIVATORS = 2;

/** Activators to put in the path: enough for ready capacity + TBC, at least 2. */
export function numActivators(spec: AutoscalerSpec, readyPods: number): number {
  if (spec.targetBurstCapacity === 0) return MIN_ACTIVATORS;
  let capacity = readyPods * spec.totalValue;
  if (spec.targetBurstCapacity > 0) capacity += spec.targetBurstCapacity;
  return Math.max(MIN_ACTIVATORS, Math.ceil(capacity / spec.activatorCapacity));
}
