// autoscaling.knative.dev annotation keys (pkg/apis/autoscaling/register.go); older camelCase spellings are
// still read, in priority order after the current key.
export const AUTOSCALING_GROUP = 'autoscaling.knative.dev';
export const AUTOSCALING_INTERNAL_GROUP = 'autoscaling.internal.knative.dev';
const g = AUTOSCALING_GROUP;

export const KPA = 'kpa.autoscaling.knative.dev';
export const HPA = 'hpa.autoscaling.knative.dev';

export const AutoscalingAnnotations = {
  class: [`${g}/class`],
  minScale: [`${g}/min-scale`, `${g}/minScale`],
  maxScale: [`${g}/max-scale`, `${g}/maxScale`],
  initialScale: [`${g}/initial-scale`, `${g}/initialScale`],
  activationScale: [`${g}/activation-scale`],
  scaleDownDelay: [`${g}/scale-down-delay`, `${g}/scaleDownDelay`],
  metric: [`${g}/metric`],
  metricAggregationAlgorithm: [`${g}/metric-aggregation-algorithm`, `${g}/metricAggregationAlgorithm`],
  target: [`${g}/target`],
  targetUtilizationPercentage: [`${g}/target-utilization-percentage`, `${g}/targetUtilizationPercentage`],
  targetBurstCapacity: [`${g}/target-burst-capacity`, `${g}/targetBurstCapacity`],
  window: [`${g}/window`],
  panicWindowPercentage: [`${g}/panic-window-percentage`, `${g}/panicWindowPercentage`],
  panicThresholdPercentage: [`${g}/panic-threshold-percentage`, `${g}/panicThresholdPercentage`],
  scaleToZeroPodRetentionPeriod: [
    `${g}/scale-to-zero-pod-retention-period`,
    `${g}/scaleToZeroPodRetentionPeriod`,
  ],
} as const;

export const METRIC_CONCURRENCY = 'concurrency';
export const METRIC_RPS = 'rps';
export const METRIC_CPU = 'cpu';
export const METRIC_MEMORY = 'memory';

/** kmap.KeyPriority.Get: the first key present wins. */
export function getAnnotation(
  m: Record<string, string> | undefined,
  keys: readonly string[],
): { key: string; value: string } | undefined {
  if (!m) return undefined;
  for (const key of keys) if (key in m) return { key, value: m[key]! };
  return undefined;
}
