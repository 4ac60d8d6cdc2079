// Serving's metadata rules (pkg/apis/serving/metadata_validation.go) and creator/lastModifier handling.
import type { V1ObjectMeta } from '@kubernetes/client-node';
import {
  validateAutoscalingAnnotations,
  validateHasNoAutoscalingAnnotation,
} from '../autoscaling/annotation-validation';
import type { ApiConfig } from '../core/config';
import { parseGoDuration } from '../core/duration';
import {
  FieldErrors,
  errGeneric,
  errInvalidKeyName,
  errInvalidValue,
  errMissingField,
  errOutOfBoundsValue,
} from '../core/field-error';
import { validateKnativeObjectMeta } from '../core/metadata';
import { deepEqual } from '../core/object';
import type { AdmissionContext } from '../core/registry';
import { ServingAnnotations } from './register';

/** Knative name rules plus autoscaling annotations: allowed (templates, PodAutoscalers) or refused. Relative to metadata. */
export function validateServingObjectMeta(
  meta: V1ObjectMeta | undefined,
  allowAutoscalingAnnotations: boolean,
  config: ApiConfig,
): FieldErrors {
  const errs = validateKnativeObjectMeta(meta);
  const anns = meta?.annotations;
  return errs.also(
    (allowAutoscalingAnnotations
      ? validateAutoscalingAnnotations(config.autoscaler, anns)
      : validateHasNoAutoscalingAnnotation(anns)
    ).viaField('annotations'),
  );
}

export function validateRolloutDurationAnnotation(anns: Record<string, string> | undefined): FieldErrors {
  const k = ServingAnnotations.rolloutDuration;
  const v = anns?.[k];
  if (!v) return FieldErrors.none;
  const d = parseGoDuration(v);
  if (d === undefined) return errInvalidValue(v, k);
  if (d % 1000 !== 0) return errGeneric(`rollout-duration=${v} is not at second precision`, k);
  if (d < 0) return errGeneric(`rollout-duration=${v} must be positive`, k);
  return FieldErrors.none;
}

export function validateProgressDeadlineAnnotation(anns: Record<string, string> | undefined): FieldErrors {
  const k = ServingAnnotations.progressDeadline;
  const v = anns?.[k];
  if (!v) return FieldErrors.none;
  const d = parseGoDuration(v);
  if (d === undefined) return errInvalidValue(v, k);
  if (d % 1000 !== 0) return errGeneric(`progress-deadline=${v} is not at second precision`, k);
  if (d < 0) return errGeneric(`progress-deadline=${v} must be positive`, k);
  return FieldErrors.none;
}

const NETWORKING_ALLOWED = new Set([
  'networking.knative.dev/ingress.class',
  'networking.knative.dev/certificate.class',
  'networking.knative.dev/disableAutoTLS',
  'networking.knative.dev/disableExternalDomainTLS',
  'networking.knative.dev/httpOption',
  'networking.knative.dev/ingress-class',
  'networking.knative.dev/certificate-class',
  'networking.knative.dev/disable-auto-tls',
  'networking.knative.dev/http-protocol',
]);

/** Unknown networking.knative.dev/* annotations are refused (knative.dev/networking ValidateAnnotations). */
export function validateNetworkingAnnotations(anns: Record<string, string> | undefined): FieldErrors {
  let errs = FieldErrors.none;
  for (const key of Object.keys(anns ?? {})) {
    if (!NETWORKING_ALLOWED.has(key) && key.startsWith('networking.knative.dev'))
      errs = errs.also(errInvalidKeyName(key, ''));
  }
  return errs;
}

const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/;

export function isQuantity(v: string): boolean {
  return QUANTITY.test(v);
}

export function validateQueueSidecarResourceAnnotations(
  anns: Record<string, string> | undefined,
): FieldErrors {
  if (!anns) return FieldErrors.none;
  let errs = FieldErrors.none;
  const pk = ServingAnnotations.queueSidecarResourcePercentage;
  if (pk in anns) {
    errs = errGeneric(
      'Queue proxy resource percentage annotation is deprecated. Please use the available annotations to explicitly set resource values per service',
    )
      .viaKey(pk)
      .at('Warning');
    const v = Number(anns[pk]);
    if (anns[pk]!.trim() === '' || Number.isNaN(v))
      errs = errs.also(errInvalidValue(anns[pk], '').viaKey(pk));
    else if (v < 0.1 || v > 100) errs = errs.also(errOutOfBoundsValue(v, 0.1, 100.0, '').viaKey(pk));
  }
  for (const k of [
    ServingAnnotations.queueSidecarCpuResourceRequest,
    ServingAnnotations.queueSidecarCpuResourceLimit,
    ServingAnnotations.queueSidecarMemoryResourceRequest,
    ServingAnnotations.queueSidecarMemoryResourceLimit,
    ServingAnnotations.queueSidecarEphemeralStorageResourceRequest,
    ServingAnnotations.queueSidecarEphemeralStorageResourceLimit,
  ]) {
    if (k in anns && !isQuantity(anns[k]!)) errs = errs.also(errInvalidValue(anns[k], '').viaKey(k));
  }
  return errs;
}

/** containerConcurrency within [0 or 1, container-concurrency-max-limit]. Relative to the field. */
export function validateContainerConcurrency(cc: number | undefined, config: ApiConfig): FieldErrors {
  if (cc === undefined || cc === null) return FieldErrors.none;
  const min = config.defaults.allowContainerConcurrencyZero ? 0 : 1;
  const max = config.defaults.containerConcurrencyMaxLimit;
  return cc < min || cc > max ? errOutOfBoundsValue(cc, min, max, '') : FieldErrors.none;
}

/** apis.ValidateCreatorAndModifier, relative to metadata.annotations. */
export function validateCreatorAndModifier(
  oldSpec: unknown,
  newSpec: unknown,
  oldAnns: Record<string, string> | undefined,
  newAnns: Record<string, string> | undefined,
): FieldErrors {
  const c = ServingAnnotations.creator;
  const u = ServingAnnotations.lastModifier;
  let errs = FieldErrors.none;
  if ((oldAnns?.[c] ?? '') !== (newAnns?.[c] ?? ''))
    errs = errs.also(errGeneric('annotation value is immutable', c));
  if (deepEqual(oldSpec, newSpec) && (oldAnns?.[u] ?? '') !== (newAnns?.[u] ?? ''))
    errs = errs.also(errInvalidValue(newAnns?.[u] ?? '', u));
  return errs;
}

/** serving.SetUserInfo: creator on create, lastModifier whenever the spec changes. */
export function setUserInfo(
  ctx: AdmissionContext,
  oldSpec: unknown,
  newSpec: unknown,
  meta: V1ObjectMeta,
): void {
  const user = ctx.userInfo?.username;
  if (!user) return;
  meta.annotations ??= {};
  if (ctx.operation === 'UPDATE') {
    if (deepEqual(oldSpec, newSpec)) return;
    meta.annotations[ServingAnnotations.lastModifier] = user;
  } else {
    meta.annotations[ServingAnnotations.creator] = user;
    meta.annotations[ServingAnnotations.lastModifier] = user;
  }
}

/** A serving.knative.dev/<owner> label must match an owner reference of that kind. */
export function verifyLabelOwnerRef(
  value: string,
  label: string,
  kind: string,
  meta: V1ObjectMeta | undefined,
): FieldErrors {
  return (meta?.ownerReferences ?? []).some((r) => r.kind === kind && r.name === value)
    ? FieldErrors.none
    : errMissingField(label);
}
