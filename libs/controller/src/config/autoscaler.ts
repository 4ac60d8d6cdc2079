import { defaultAutoscalerConfig, type AutoscalerConfig as ApiAutoscalerConfig } from '@kuack/api';
import { type ConfigParser, ConfigReader } from './parse';

/** config-autoscaler (knative/serving pkg/autoscaler/config); extends @kuack/api's admission view. */
export interface AutoscalerConfig extends ApiAutoscalerConfig {
  targetUtilization: number;
  maxScaleUpRate: number;
  maxScaleDownRate: number;
  activatorCapacity: number;
  scaleToZeroPodRetentionPeriodSeconds: number;
}

export const TARGET_MIN = 0.01;

export function defaultAutoscaler(): AutoscalerConfig {
  return {
    ...defaultAutoscalerConfig(),
    targetUtilization: 0.7,
    scaleToZeroPodRetentionPeriodSeconds: 0,
    maxScaleUpRate: 1000,
    maxScaleDownRate: 2,
    activatorCapacity: 100,
  };
}

export const autoscalerConfig: ConfigParser<AutoscalerConfig> = {
  name: 'config-autoscaler',
  defaults: defaultAutoscaler,
  parse(data) {
    const r = new ConfigReader('config-autoscaler', data);
    const d = defaultAutoscaler();
    const seconds = (key: string, fallback: number) => r.durationMs(key, fallback * 1000) / 1000;
    const c: AutoscalerConfig = {
      ...d,
      podAutoscalerClass: r.string('pod-autoscaler-class', d.podAutoscalerClass),
      enableScaleToZero: r.bool('enable-scale-to-zero', d.enableScaleToZero),
      allowZeroInitialScale: r.bool('allow-zero-initial-scale', d.allowZeroInitialScale),
      maxScaleUpRate: r.float('max-scale-up-rate', d.maxScaleUpRate),
      maxScaleDownRate: r.float('max-scale-down-rate', d.maxScaleDownRate),
      containerConcurrencyTargetFraction: r.float(
        'container-concurrency-target-percentage',
        d.containerConcurrencyTargetFraction,
      ),
      containerConcurrencyTargetDefault: r.float(
        'container-concurrency-target-default',
        d.containerConcurrencyTargetDefault,
      ),
      rpsTargetDefault: r.float('requests-per-second-target-default', d.rpsTargetDefault),
      targetBurstCapacity: r.float('target-burst-capacity', d.targetBurstCapacity),
      panicWindowPercentage: r.float('panic-window-percentage', d.panicWindowPercentage),
      activatorCapacity: r.float('activator-capacity', d.activatorCapacity),
      panicThresholdPercentage: r.float('panic-threshold-percentage', d.panicThresholdPercentage),
      initialScale: r.int('initial-scale', d.initialScale),
      minScale: r.int('min-scale', d.minScale),
      maxScale: r.int('max-scale', d.maxScale),
      maxScaleLimit: r.int('max-scale-limit', d.maxScaleLimit),
      stableWindowSeconds: seconds('stable-window', d.stableWindowSeconds),
      scaleDownDelaySeconds: seconds('scale-down-delay', d.scaleDownDelaySeconds),
      scaleToZeroGracePeriodSeconds: seconds('scale-to-zero-grace-period', d.scaleToZeroGracePeriodSeconds),
      scaleToZeroPodRetentionPeriodSeconds: seconds(
        'scale-to-zero-pod-retention-period',
        d.scaleToZeroPodRetentionPeriodSeconds,
      ),
    };
    // A percentage above 1 is read as percent (70 → 0.7), like Knative.
    if (c.containerConcurrencyTargetFraction > 1) c.containerConcurrencyTargetFraction /= 100;
    c.targetUtilization = c.containerConcurrencyTargetFraction;
    validate(r, c);
    return c;
  },
};

function validate(r: ConfigReader, c: AutoscalerConfig): void {
  if (c.scaleToZeroGracePeriodSeconds <= 0)
    r.fail('scale-to-zero-grace-period', `must be positive, was ${c.scaleToZeroGracePeriodSeconds}s`);
  if (c.scaleDownDelaySeconds < 0)
    r.fail('scale-down-delay', `cannot be negative, was ${c.scaleDownDelaySeconds}s`);
  if (!Number.isInteger(c.scaleDownDelaySeconds))
    r.fail('scale-down-delay', `must have at most second precision, was ${c.scaleDownDelaySeconds}s`);
  if (c.scaleToZeroPodRetentionPeriodSeconds < 0)
    r.fail(
      'scale-to-zero-pod-retention-period',
      `cannot be negative, was ${c.scaleToZeroPodRetentionPeriodSeconds}s`,
    );
  if (c.targetBurstCapacity < 0 && c.targetBurstCapacity !== -1)
    r.fail('target-burst-capacity', `must be non-negative or -1 (unlimited), was ${c.targetBurstCapacity}`);
  if (c.containerConcurrencyTargetFraction <= 0 || c.containerConcurrencyTargetFraction > 1) {
    r.fail(
      'container-concurrency-target-percentage',
      `${c.containerConcurrencyTargetFraction * 100} is outside (0, 100]`,
    );
  }
  const target = c.containerConcurrencyTargetFraction * c.containerConcurrencyTargetDefault;
  if (target < TARGET_MIN)
    r.fail(
      'container-concurrency-target-default',
      `with container-concurrency-target-percentage yields a target of ${target}, below ${TARGET_MIN}`,
    );
  if (c.rpsTargetDefault < TARGET_MIN)
    r.fail('requests-per-second-target-default', `must be at least ${TARGET_MIN}, was ${c.rpsTargetDefault}`);
  if (c.activatorCapacity < 1) r.fail('activator-capacity', `must be at least 1, was ${c.activatorCapacity}`);
  if (c.maxScaleUpRate <= 1) r.fail('max-scale-up-rate', `must be greater than 1.0, was ${c.maxScaleUpRate}`);
  if (c.maxScaleDownRate <= 1)
    r.fail('max-scale-down-rate', `must be greater than 1.0, was ${c.maxScaleDownRate}`);
  if (c.stableWindowSeconds < 6 || c.stableWindowSeconds > 3600)
    r.fail('stable-window', `must be in [6s, 1h], was ${c.stableWindowSeconds}s`);
  if (!Number.isInteger(c.stableWindowSeconds))
    r.fail('stable-window', `must have at most second precision, was ${c.stableWindowSeconds}s`);
  if (c.panicWindowPercentage < 1 || c.panicWindowPercentage > 100)
    r.fail('panic-window-percentage', `must be in [1, 100], was ${c.panicWindowPercentage}`);
  if (c.initialScale < 0 || (c.initialScale === 0 && !c.allowZeroInitialScale)) {
    r.fail(
      'initial-scale',
      `must be at least 1 (or 0 when allow-zero-initial-scale is true), was ${c.initialScale}`,
    );
  }
  if (c.minScale < 0) r.fail('min-scale', `must be at least 0, was ${c.minScale}`);
  if (c.maxScaleLimit < 0) r.fail('max-scale-limit', `must be at least 0, was ${c.maxScaleLimit}`);
  const minMax = c.maxScaleLimit > 0 ? 1 : 0;
  if (c.maxScale < minMax || (c.maxScaleLimit > 0 && c.maxScale > c.maxScaleLimit)) {
    r.fail('max-scale', `must be in [${minMax}, max-scale-limit (${c.maxScaleLimit})], was ${c.maxScale}`);
  }
  if (c.maxScale > 0 && c.minScale > c.maxScale)
    r.fail('min-scale', `(${c.minScale}) must not exceed max-scale (${c.maxScale})`);
}
