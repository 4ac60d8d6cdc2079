import type { ApiConfig } from '../core/config';
import { FieldErrors, errInvalidValue } from '../core/field-error';
import { validateSourceSpec } from '../eventing/duck/source';
import type { SinkBinding } from './sink-binding.types';
import { validateSubjectReference } from './subject-reference';

/** SinkBinding.Validate: subject, sink, ceOverrides; the subject must be in the binding's namespace. */
export function validateSinkBinding(binding: SinkBinding, config: ApiConfig): FieldErrors {
  const spec = binding.spec ?? {};
  let errs = validateSubjectReference(spec.subject)
    .viaField('subject')
    .also(validateSourceSpec(spec, config, binding.metadata?.namespace))
    .viaField('spec');
  const namespace = binding.metadata?.namespace;
  if (spec.subject?.namespace && namespace && spec.subject.namespace !== namespace) {
    errs = errs.also(errInvalidValue(spec.subject.namespace, 'spec.subject.namespace'));
  }
  return errs;
}
