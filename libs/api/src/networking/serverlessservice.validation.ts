import { FieldErrors, errInvalidValue, errMissingField } from '../core/field-error';
import { validateNetworkingAnnotations } from '../serving/metadata-validation';
import { validateNamespacedObjectReference, validateProtocolType } from './object-reference';
import type { ServerlessService } from './serverlessservice.types';

/** SKS validation (serverlessservice_validation.go). */
export function validateServerlessService(sks: ServerlessService): FieldErrors {
  const errs = validateNetworkingAnnotations(sks.metadata?.annotations).viaField('annotations');
  const s = sks.spec;
  if (!s || Object.keys(s).length === 0) return errs.also(errMissingField('spec'));
  let spec = FieldErrors.none;
  if (s.mode === undefined || (s.mode as string) === '') spec = spec.also(errMissingField('mode'));
  else if (s.mode !== 'Serve' && s.mode !== 'Proxy') spec = spec.also(errInvalidValue(s.mode, 'mode'));
  if ((s.numActivators ?? 0) < 0) spec = spec.also(errInvalidValue(s.numActivators, 'numActivators'));
  spec = spec.also(validateNamespacedObjectReference(s.objectRef).viaField('objectRef'));
  spec = spec.also(validateProtocolType(s.protocolType).viaField('protocolType'));
  return errs.also(spec.viaField('spec'));
}
