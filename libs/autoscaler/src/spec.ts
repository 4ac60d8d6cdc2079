import {
  AutoscalingAnnotations as A,
  KPA,
  METRIC_RPS,
  type PodAutoscaler,
  ServingAnnotations,
  defaultMetric,
  getAnnotation,
  parseGoDuration,
} from '@kuack/api';
import type { AutoscalerConfig } from '@kuack/controller';
import { BUCKET_MS } from './buckets';

export const TARGET_MIN = 0.01;
/** Knative's activationTimeoutBuffer: activation fails after the progress deadline plus this. */
export const ACTIVATION_TIMEOUT_BUFFER_MS = 30_000;
export const DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

export type ScalingMetric = 'concurrency' | 'rps';
export type AggregationAlgorithm = 'linear' | 'weighted-exponential';

/** Everything the KPA decision and the scale-to-zero decision read for one revision (Knative DeciderSpec+). */
export interface AutoscalerSpec {
  metric: ScalingMetric;
  aggregation: AggregationAlgorithm;
  /** Per-pod target after utilization (e.g. 70). */
  targetValue: number;
  /** Per-pod capacity before utilization (containerConcurrency, or the default target: 100 / 200 rps). */
  totalValue: number;
  /** -1 = activator always in path, 0 = only at zero. */
  targetBurstCapacity: number;
  activatorCapacity: number;
  /** Ratio, e.g. 2.0 for 200%. */
  panicThreshold: number;
  maxScaleUpRate: number;
  maxScaleDownRate: number;
  stableWindowMs: number;
  panicWindowMs: number;
  scaleDownDelayMs: number;
  initialScale: number;
  /** 0 when not annotated. */
  activationScale: number;
  minScale: number;
  /** 0 = unlimited. */
  maxScale: number;
  reachable: boolean;
  enableScaleToZero: boolean;
  scaleToZeroGracePeriodMs: number;
  scaleToZeroPodRetentionMs: number;
  /** Progress deadline + 30 s: an activation that takes longer fails (back to zero). */
  activationTimeoutMs: number;
}

type Annotations = Record<string, string> | undefined;

function int32(anns: Annotations, keys: readonly string[]): number | undefined {
  const a = getAnnotation(anns, keys);
  if (!a || !/^[+-]?\d+$/.test(a.value.trim())) return undefined;
  const n = Number(a.value);
  return n >= -2147483648 && n <= 2147483647 ? n : undefined;
}
function float(anns: Annotations, keys: readonly string[]): number | undefined {
  const a = getAnnotation(anns, keys);
  if (!a || a.value.trim() === '') return undefined;
  const n = Number(a.value);
  return Number.isFinite(n) ? n : undefined;
}
function durationMs(anns: Annotations, keys: readonly string[]): number | undefined {
  const a = getAnnotation(anns, keys);
  return a ? parseGoDuration(a.value) : undefined;
}

/** The metric the PA scales on: its annotation, else its class's default (concurrency for the KPA). */
export function metricOf(pa: PodAutoscaler): ScalingMetric {
  const anns = pa.metadata?.annotations;
  const metric =
    getAnnotation(anns, A.metric)?.value ?? defaultMetric(getAnnotation(anns, A.class)?.value ?? KPA);
  return metric === METRIC_RPS ? 'rps' : 'concurrency';
}

/** ResolveMetricTarget: [target, total] per pod. */
export function metricTarget(pa: PodAutoscaler, config: AutoscalerConfig): { target: number; total: number } {
  const anns = pa.metadata?.annotations;
  const metric = metricOf(pa);
  const cc = pa.spec?.containerConcurrency ?? 0;
  let total: number;
  let utilization: number;
  if (metric === 'rps') {
    total = config.rpsTargetDefault;
    utilization = config.targetUtilization;
  } else {
    total = cc === 0 ? config.containerConcurrencyTargetDefault : cc;
    utilization = config.containerConcurrencyTargetFraction;
  }
  const annotated = float(anns, A.target);
  if (annotated !== undefined)
    total = metric === 'concurrency' && cc !== 0 ? Math.min(annotated, cc) : annotated;
  const tu = float(anns, A.targetUtilizationPercentage);
  if (tu !== undefined) utilization = tu / 100;
  return { target: Math.max(TARGET_MIN, total * utilization), total };
}

/** Initial scale: the annotation unless absent or 0 without allow-zero-initial-scale, else the config's. */
export function initialScaleOf(pa: PodAutoscaler, config: AutoscalerConfig): number {
  const v = int32(pa.metadata?.annotations, A.initialScale);
  if (v === undefined || (v === 0 && !config.allowZeroInitialScale)) return config.initialScale;
  return v;
}

/** Panic window: stable × percentage, rounded to the second, at least one bucket. */
export function panicWindowMs(stableWindowMs: number, percentage: number): number {
  return Math.max(BUCKET_MS, Math.round((stableWindowMs * percentage) / 100 / 1000) * 1000);
}

/**
 * The autoscaler spec of a PodAutoscaler: its `autoscaling.knative.dev/*` annotations over config-autoscaler
 * (an annotation that does not parse falls back to the config, as Knative's getters do). Min-scale and
 * pod retention are ignored for an unreachable revision (no route references it).
 */
export function autoscalerSpecFor(
  pa: PodAutoscaler,
  config: AutoscalerConfig,
  deployment: { progressDeadlineSeconds?: number } = {},
): AutoscalerSpec {
  const anns = pa.metadata?.annotations;
  const reachable = pa.spec?.reachability !== 'Unreachable';
  const { target, total } = metricTarget(pa, config);
  const stableWindowMs = durationMs(anns, A.window) ?? config.stableWindowSeconds * 1000;
  const progressDeadlineMs =
    parseGoDuration(anns?.[ServingAnnotations.progressDeadline] ?? '') ??
    (deployment.progressDeadlineSeconds ?? DEFAULT_PROGRESS_DEADLINE_SECONDS) * 1000;
  const aggregation = getAnnotation(anns, A.metricAggregationAlgorithm)?.value;
  return {
    metric: metricOf(pa),
    aggregation:
      aggregation === 'weighted-exponential' || aggregation === 'weightedExponential'
        ? 'weighted-exponential'
        : 'linear',
    targetValue: target,
    totalValue: total,
    targetBurstCapacity: float(anns, A.targetBurstCapacity) ?? config.targetBurstCapacity,
    activatorCapacity: config.activatorCapacity,
    panicThreshold: (float(anns, A.panicThresholdPercentage) ?? config.panicThresholdPercentage) / 100,
    maxScaleUpRate: config.maxScaleUpRate,
    maxScaleDownRate: config.maxScaleDownRate,
    stableWindowMs,
    panicWindowMs: panicWindowMs(
      stableWindowMs,
      float(anns, A.panicWindowPercentage) ?? config.panicWindowPercentage,
    ),
    scaleDownDelayMs: durationMs(anns, A.scaleDownDelay) ?? config.scaleDownDelaySeconds * 1000,
    initialScale: initialScaleOf(pa, config),
    activationScale: int32(anns, A.activationScale) ?? 0,
    minScale: reachable ? (int32(anns, A.minScale) ?? config.minScale) : 0,
    maxScale: int32(anns, A.maxScale) ?? config.maxScale,
    reachable,
    enableScaleToZero: config.enableScaleToZero,
    scaleToZeroGracePeriodMs: config.scaleToZeroGracePeriodSeconds * 1000,
    scaleToZeroPodRetentionMs: reachable
      ? (durationMs(anns, A.scaleToZeroPodRetentionPeriod) ??
        config.scaleToZeroPodRetentionPeriodSeconds * 1000)
      : 0,
    activationTimeoutMs: progressDeadlineMs + ACTIVATION_TIMEOUT_BUFFER_MS,
  };
}
