import { FieldErrors, errMissingField } from '../core/field-error';
import type { AdmissionContext } from '../core/registry';
import { validateNamespacedObjectReference, validateProtocolType } from '../networking/object-reference';
import { validateContainerConcurrency, validateServingObjectMeta } from '../serving/metadata-validation';
import type { PodAutoscaler } from './podautoscaler.types';

/** PodAutoscaler validation (pa_validation.go): metadata with autoscaling annotations, ref, concurrency, protocol. */
export function validatePodAutoscaler(pa: PodAutoscaler, ctx: AdmissionContext): FieldErrors {
  const meta = validateServingObjectMeta(pa.metadata, true, ctx.config).viaField('metadata');
  const s = pa.spec;
  if (!s || Object.keys(s).length === 0) return meta.also(errMissingField('spec'));
  const spec = validateNamespacedObjectReference(s.scaleTargetRef)
    .viaField('scaleTargetRef')
    .also(
      validateContainerConcurrency(s.containerConcurrency ?? 0, ctx.config).viaField('containerConcurrency'),
    )
    .also(validateProtocolType(s.protocolType).viaField('protocolType'));
  return meta.also(spec.viaField('spec'));
}
