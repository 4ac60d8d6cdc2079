import { MaxTimeWindow } from './max-window';
import type { AutoscalerSpec, ScalingMetric } from './spec';

/** Knative's tickInterval: the KPA decides every 2 s (and at once on an activator poke). */
export const TICK_INTERVAL_MS = 2000;

/** Where the KPA reads its observed values; `undefined` means no data yet (the decision is then invalid). */
export interface MetricSource {
  stableAndPanic(
    key: string,
    metric: ScalingMetric,
    nowMs: number,
  ): { stable: number; panic: number } | undefined;
}

export interface ScaleResult {
  desiredPodCount: number;
  excessBurstCapacity: number;
  inPanic: boolean;
  /** False when there is no data to decide on: keep the previous decision. */
  scaleValid: boolean;
  /** The averages the decision used (for metrics and logs); absent when invalid. */
  observedStableValue?: number;
  observedPanicValue?: number;
}

export const INVALID_SCALE: ScaleResult = Object.freeze({
  desiredPodCount: 0,
  excessBurstCapacity: 0,
  inPanic: false,
  scaleValid: false,
});

/**
 * Excess burst capacity (EBC) = floor(readyPods × totalValue − TBC − panicAvg); TBC 0 → 0 (activator only at
 * zero); TBC −1 → −1 (activator always in path). Negative EBC keeps the activator in the request path.
 */
export function excessBurstCapacity(spec: AutoscalerSpec, readyPods: number, panicValue: number): number {
  if (spec.targetBurstCapacity === 0) return 0;
  if (spec.targetBurstCapacity < 0) return -1;
  return Math.floor(readyPods * spec.totalValue - spec.targetBurstCapacity - panicValue);
}

/** EBC before any decision (Knative's multiscaler seeds it from the initial scale). */
export function initialExcessBurstCapacity(spec: AutoscalerSpec): number {
  if (spec.targetBurstCapacity <= 0) return spec.targetBurstCapacity === 0 ? 0 : -1;
  return Math.trunc(spec.initialScale * spec.totalValue - spec.targetBurstCapacity);
}

/**
 * One revision's KPA (knative/serving pkg/autoscaler/scaling/autoscaler.go): desired pods from the stable
 * and panic averages against the per-pod target, bounded by the scale-up/down rates, with panic mode (no
 * scale-down while the panic window is over the threshold and for a stable window after), activation
 * scale and scale-down delay. Deterministic: the time is always passed in.
 */
export class KpaAutoscaler {
  private spec: AutoscalerSpec;
  /** ms of the last over-threshold tick while panicking; undefined when not in panic. */
  private panicTime: number | undefined;
  private maxPanicPods: number;
  private delayWindow: MaxTimeWindow | undefined;

  constructor(options: {
    key: string;
    spec: AutoscalerSpec;
    metrics: MetricSource;
    /** Ready pods when the autoscaler starts: more than 1 starts it in panic (no scale-down on lost history). */
    readyPods: number;
    nowMs: number;
  }) {
    this.key = options.key;
    this.metrics = options.metrics;
    this.spec = options.spec;
    this.panicTime = options.readyPods > 1 ? options.nowMs : undefined;
    this.maxPanicPods = options.readyPods;
    this.delayWindow = this.makeDelayWindow(options.spec);
  }

  readonly key: string;
  private readonly metrics: MetricSource;

  get currentSpec(): AutoscalerSpec {
    return this.spec;
  }

  get inPanic(): boolean {
    return this.panicTime !== undefined;
  }

  update(spec: AutoscalerSpec): void {
    if (spec.scaleDownDelayMs !== this.spec.scaleDownDelayMs) this.delayWindow = this.makeDelayWindow(spec);
    this.spec = spec;
  }

  private makeDelayWindow(spec: AutoscalerSpec): MaxTimeWindow | undefined {
    return spec.scaleDownDelayMs > 0 ? new MaxTimeWindow(spec.scaleDownDelayMs, TICK_INTERVAL_MS) : undefined;
  }

  scale(nowMs: number, readyPods: number): ScaleResult {
    const spec = this.spec;
    const observed = this.metrics.stableAndPanic(this.key, spec.metric, nowMs);
    if (!observed) return { ...INVALID_SCALE, inPanic: this.inPanic };
    return this.decide(nowMs, readyPods, observed.stable, observed.panic);
  }

  /** The decision for given observed averages (exposed so tests and the burst e2e can replay it). */
  decide(nowMs: number, originalReadyPods: number, stable: number, panic: number): ScaleResult {
    const spec = this.spec;
    const ready = Math.max(1, originalReadyPods);
    // At least one more pod even with a conservative rate (ceil), and never scale down unreachable revisions
    // by rate (they go to zero through the scale-to-zero path).
    const maxScaleUp = Math.ceil(spec.maxScaleUpRate * ready);
    const maxScaleDown = spec.reachable ? Math.floor(ready / spec.maxScaleDownRate) : 0;
    const dspc = Math.ceil(stable / spec.targetValue);
    const dppc = Math.ceil(panic / spec.targetValue);
    let desiredStable = Math.min(Math.max(dspc, maxScaleDown), maxScaleUp);
    let desiredPanic = Math.min(Math.max(dppc, maxScaleDown), maxScaleUp);
    if (spec.activationScale > 1) {
      if (dspc > 0 && spec.activationScale > desiredStable) desiredStable = spec.activationScale;
      if (dppc > 0 && spec.activationScale > desiredPanic) desiredPanic = spec.activationScale;
    }

    const overThreshold = dppc / ready >= spec.panicThreshold;
    if (overThreshold) {
      this.panicTime = nowMs; // start, or extend
    } else if (this.panicTime !== undefined && this.panicTime + spec.stableWindowMs < nowMs) {
      this.panicTime = undefined;
      this.maxPanicPods = 0;
    }

    let desired = desiredStable;
    if (this.panicTime !== undefined) {
      desired = Math.max(desired, desiredPanic);
      if (desired > this.maxPanicPods) this.maxPanicPods = desired;
      desired = this.maxPanicPods;
    }

    if (spec.reachable && this.delayWindow) {
      this.delayWindow.record(nowMs, desired);
      desired = this.delayWindow.current();
    }

    return {
      desiredPodCount: desired,
      excessBurstCapacity: excessBurstCapacity(spec, originalReadyPods, panic),
      inPanic: this.panicTime !== undefined,
      scaleValid: true,
      observedStableValue: stable,
      observedPanicValue: panic,
    };
  }
}
