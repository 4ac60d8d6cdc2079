// Validation of the autoscaling.knative.dev/* annotations on a revision template or PodAutoscaler
// (knative/serving pkg/apis/autoscaling/annotation_validation.go).
import type { AutoscalerConfig } from '../core/config';
import { formatGoDuration, parseGoDuration } from '../core/duration';
import { FieldErrors, errGeneric, errInvalidValue, errOutOfBoundsValue } from '../core/field-error';
import { AUTOSCALING_GROUP, AutoscalingAnnotations as A, HPA, KPA, getAnnotation } from './register';

const MAX_INT32 = 2147483647;
const WINDOW_MIN_MS = 6_000;
const WINDOW_MAX_MS = 3_600_000;

function parseIntStrict(v: string): number | undefined {
  return /^[+-]?\d+$/.test(v) ? Number(v) : undefined;
}
function parseFloatStrict(v: string): number | undefined {
  const t = v.trim();
  return t !== '' && /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t) ? Number(t) : undefined;
}

function getIntGE0(m: Record<string, string>, keys: readonly string[]): { value: number; errs: FieldErrors } {
  const a = getAnnotation(m, keys);
  if (!a) return { value: 0, errs: FieldErrors.none };
  const n = parseIntStrict(a.value);
  if (n === undefined) return { value: 0, errs: errInvalidValue(a.value, a.key) };
  if (n > MAX_INT32 || n < 0) return { value: 0, errs: errOutOfBoundsValue(a.value, 0, MAX_INT32, a.key) };
  return { value: n, errs: FieldErrors.none };
}

export function validateAutoscalingAnnotations(
  config: AutoscalerConfig,
  anns: Record<string, string> | undefined,
): FieldErrors {
  const m = anns ?? {};
  return validateClass(m).also(
    validateMinMaxScale(config, m),
    validateFloats(m),
    validateWindow(m),
    validateLastPodRetention(m),
    validateScaleDownDelay(m),
    validateMetric(config, m),
    validateAlgorithm(m),
    validateInitialScale(config, m),
  );
}

function validateClass(m: Record<string, string>): FieldErrors {
  const a = getAnnotation(m, A.class);
  if (a && a.value.endsWith(AUTOSCALING_GROUP) && a.value !== KPA && a.value !== HPA)
    return errInvalidValue(a.value, a.key);
  return FieldErrors.none;
}

function validateAlgorithm(m: Record<string, string>): FieldErrors {
  if (getAnnotation(m, A.class)?.value !== KPA) return FieldErrors.none;
  const a = getAnnotation(m, A.metricAggregationAlgorithm);
  if (a?.value && !['linear', 'weighted-exponential', 'weightedExponential'].includes(a.value))
    return errInvalidValue(a.value, a.key);
  return FieldErrors.none;
}

function validateFloats(m: Record<string, string>): FieldErrors {
  let errs = FieldErrors.none;
  const pw = getAnnotation(m, A.panicWindowPercentage);
  if (pw) {
    const v = parseFloatStrict(pw.value);
    if (v === undefined) errs = errs.also(errInvalidValue(pw.value, pw.key));
    else if (v < 1 || v > 100) errs = errOutOfBoundsValue(pw.value, 1, 100, pw.key);
  }
  const pt = getAnnotation(m, A.panicThresholdPercentage);
  if (pt) {
    const v = parseFloatStrict(pt.value);
    if (v === undefined) errs = errs.also(errInvalidValue(pt.value, pt.key));
    else if (v < 110 || v > 1000) errs = errs.also(errOutOfBoundsValue(pt.value, 110, 1000, pt.key));
  }
  const t = getAnnotation(m, A.target);
  if (t) {
    const v = parseFloatStrict(t.value);
    if (v === undefined) errs = errs.also(errInvalidValue(t.value, t.key));
    else if (v < 0.01) errs = errs.also(errGeneric(`target ${t.value} should be at least 0.01`, t.key));
  }
  const tu = getAnnotation(m, A.targetUtilizationPercentage);
  if (tu) {
    const v = parseFloatStrict(tu.value);
    if (v === undefined) errs = errs.also(errInvalidValue(tu.value, tu.key));
    else if (v < 1 || v > 100) errs = errs.also(errOutOfBoundsValue(tu.value, 1, 100, tu.key));
  }
  const tbc = getAnnotation(m, A.targetBurstCapacity);
  if (tbc) {
    const v = parseFloatStrict(tbc.value);
    if (v === undefined || (v < 0 && v !== -1)) errs = errs.also(errInvalidValue(tbc.value, tbc.key));
  }
  return errs;
}

function durationBounds(
  a: { key: string; value: string },
  min: number,
  max: number,
  secondPrecision: 'round' | 'truncate' | 'none',
): FieldErrors {
  const d = parseGoDuration(a.value);
  if (d === undefined) return errInvalidValue(a.value, a.key);
  if (d < min || d > max)
    return errOutOfBoundsValue(a.value, formatGoDuration(min), formatGoDuration(max), a.key);
  if (secondPrecision !== 'none' && d % 1000 !== 0)
    return errGeneric('must be specified with at most second precision', a.key);
  return FieldErrors.none;
}

function validateScaleDownDelay(m: Record<string, string>): FieldErrors {
  const a = getAnnotation(m, A.scaleDownDelay);
  return a ? durationBounds(a, 0, WINDOW_MAX_MS, 'round') : FieldErrors.none;
}

function validateLastPodRetention(m: Record<string, string>): FieldErrors {
  const a = getAnnotation(m, A.scaleToZeroPodRetentionPeriod);
  return a ? durationBounds(a, 0, WINDOW_MAX_MS, 'none') : FieldErrors.none;
}

function validateWindow(m: Record<string, string>): FieldErrors {
  const a = getAnnotation(m, A.window);
  return a ? durationBounds(a, WINDOW_MIN_MS, WINDOW_MAX_MS, 'truncate') : FieldErrors.none;
}

function validateMinMaxScale(config: AutoscalerConfig, m: Record<string, string>): FieldErrors {
  const min = getIntGE0(m, A.minScale);
  const max = getIntGE0(m, A.maxScale);
  let errs = min.errs.also(max.errs);
  if (max.value !== 0 && max.value < min.value) {
    errs = errs.also(
      FieldErrors.of(`max-scale=${max.value} is less than min-scale=${min.value}`, [
        A.maxScale[0],
        A.minScale[0],
      ]),
    );
  }
  const maxA = getAnnotation(m, A.maxScale);
  if (maxA && config.maxScaleLimit !== 0) {
    if (max.value > config.maxScaleLimit)
      errs = errs.also(errOutOfBoundsValue(max.value, 1, config.maxScaleLimit, maxA.key));
    if (max.value === 0)
      errs = errs.also(
        errGeneric(`max-scale=0 (unlimited), must be less than ${config.maxScaleLimit}`, maxA.key),
      );
  }
  const act = getAnnotation(m, A.activationScale);
  if (act) {
    const n = parseIntStrict(act.value);
    if (n === undefined || Math.abs(n) > MAX_INT32) errs = errs.also(errInvalidValue(act.value, act.key));
    else if (min.value > n)
      errs = errs.also(errGeneric(`min-scale=${min.value} is greater than activation-scale=${n}`, act.key));
    else if (max.value < n && max.value !== 0)
      errs = errs.also(errGeneric(`max-scale=${max.value} is less than activation-scale=${n}`, act.key));
    else if (n < 2) errs = errs.also(errGeneric(`activation-scale=${n} must be greater than 1`, act.key));
  }
  return errs;
}

function validateMetric(config: AutoscalerConfig, m: Record<string, string>): FieldErrors {
  const metric = getAnnotation(m, A.metric);
  if (!metric) return FieldErrors.none;
  const cls = getAnnotation(m, A.class)?.value ?? config.podAutoscalerClass;
  if (cls === KPA) {
    if (metric.value === 'concurrency' || metric.value === 'rps') return FieldErrors.none;
  } else if (cls === HPA) {
    if (metric.value !== '') return FieldErrors.none;
  } else {
    return FieldErrors.none;
  }
  return errInvalidValue(metric.value, A.metric[0]);
}

function validateInitialScale(config: AutoscalerConfig, m: Record<string, string>): FieldErrors {
  const a = getAnnotation(m, A.initialScale);
  if (!a) return FieldErrors.none;
  const n = parseIntStrict(a.value);
  if (n === undefined) return errInvalidValue(a.value, a.key);
  if (n < 0) return errInvalidValue(a.value, `${a.key} must be greater than 0`);
  if (!config.allowZeroInitialScale && n === 0)
    return errInvalidValue(a.value, `${a.key}=0 not allowed by cluster`);
  return FieldErrors.none;
}

/** Outside a revision template autoscaling annotations do nothing, so Knative refuses them there. */
export function validateHasNoAutoscalingAnnotation(anns: Record<string, string> | undefined): FieldErrors {
  let errs = FieldErrors.none;
  for (const key of Object.keys(anns ?? {})) {
    if (key.startsWith(AUTOSCALING_GROUP)) {
      errs = errs.also(
        FieldErrors.of(
          `invalid key name ${JSON.stringify(key)}`,
          [''],
          'autoscaling annotations must be put under "spec.template.metadata.annotations" to work',
        ),
      );
    }
  }
  return errs;
}
