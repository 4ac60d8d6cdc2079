// Service validation (service_validation.go).
import { FieldErrors } from '../../core/field-error';
import type { AdmissionContext } from '../../core/registry';
import {
  validateCreatorAndModifier,
  validateRolloutDurationAnnotation,
  validateServingObjectMeta,
} from '../metadata-validation';
import { validateRevisionTemplate, verifyTemplateNameChange } from './revision.validation';
import { validateTrafficList } from './route.validation';
import type { Service } from './service.types';

export function validateService(s: Service, ctx: AdmissionContext): FieldErrors {
  // A status write (IsInStatusUpdate) changes neither metadata nor spec.
  if (ctx.subresource === 'status') return FieldErrors.none;
  let errs = validateServingObjectMeta(s.metadata, false, ctx.config)
    .also(validateRolloutDurationAnnotation(s.metadata?.annotations).viaField('annotations'))
    .viaField('metadata');
  const spec = FieldErrors.none
    .also(validateRevisionTemplate(s.spec?.template, s.metadata, ctx.config).viaField('template'))
    .also(validateTrafficList(s.spec?.traffic ?? [], { inService: true }).viaField('traffic'));
  errs = errs.also(spec.viaField('spec'));
  if (ctx.operation === 'UPDATE') {
    const old = ctx.old as Service;
    errs = errs.also(
      validateCreatorAndModifier(
        old.spec,
        s.spec,
        old.metadata?.annotations,
        s.metadata?.annotations,
      ).viaField('metadata.annotations'),
    );
    errs = errs.also(
      verifyTemplateNameChange(s.spec?.template, old.spec?.template).viaField('spec.template'),
    );
  }
  return errs;
}
