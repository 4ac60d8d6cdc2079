// Configuration validation (configuration_validation.go).
import type { V1ObjectMeta } from '@kubernetes/client-node';
import { FieldErrors } from '../../core/field-error';
import type { AdmissionContext } from '../../core/registry';
import {
  validateCreatorAndModifier,
  validateServingObjectMeta,
  verifyLabelOwnerRef,
} from '../metadata-validation';
import { ServingLabels } from '../register';
import type { Configuration } from './configuration.types';
import { validateRevisionTemplate, verifyTemplateNameChange } from './revision.validation';

export function validateConfiguration(c: Configuration, ctx: AdmissionContext): FieldErrors {
  // A status write (IsInStatusUpdate) changes neither metadata nor spec.
  if (ctx.subresource === 'status') return FieldErrors.none;
  let errs = validateServingObjectMeta(c.metadata, false, ctx.config)
    .also(validateServiceOwnerLabel(c.metadata).viaField('labels'))
    .viaField('metadata');
  errs = errs.also(
    validateRevisionTemplate(c.spec?.template, c.metadata, ctx.config).viaField('spec.template'),
  );
  if (ctx.operation === 'UPDATE') {
    const old = ctx.old as Configuration;
    if (!c.metadata?.ownerReferences) {
      errs = errs.also(
        validateCreatorAndModifier(
          old.spec,
          c.spec,
          old.metadata?.annotations,
          c.metadata?.annotations,
        ).viaField('metadata.annotations'),
      );
    }
    errs = errs.also(
      verifyTemplateNameChange(c.spec?.template, old.spec?.template).viaField('spec.template'),
    );
  }
  return errs;
}

/** serving.knative.dev/service must name an owning Service (Configuration and Route). */
export function validateServiceOwnerLabel(meta: V1ObjectMeta | undefined): FieldErrors {
  const v = meta?.labels?.[ServingLabels.service];
  return v === undefined ? FieldErrors.none : verifyLabelOwnerRef(v, ServingLabels.service, 'Service', meta);
}
