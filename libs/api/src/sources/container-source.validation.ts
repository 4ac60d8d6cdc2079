import type { ApiConfig } from '../core/config';
import { FieldErrors, errMissingField } from '../core/field-error';
import { validateSourceSpec } from '../eventing/duck/source';
import type { ContainerSource } from './container-source.types';

/**
 * ContainerSource.Validate: sink, at least one container, each with a name and an image. Knative reports
 * container errors under `spec.containers[i]`; we name their real place, `spec.template.spec.containers[i]`.
 */
export function validateContainerSource(source: ContainerSource, config: ApiConfig): FieldErrors {
  const spec = source.spec ?? {};
  const containers = spec.template?.spec?.containers ?? [];
  let errs = validateSourceSpec(spec, config, source.metadata?.namespace);
  if (containers.length === 0) {
    errs = errs.also(errMissingField('template.spec.containers'));
  }
  containers.forEach((c, i) => {
    let ce = FieldErrors.none;
    if (!c.name) ce = ce.also(errMissingField('name'));
    if (!c.image) ce = ce.also(errMissingField('image'));
    errs = errs.also(ce.viaFieldIndex('containers', i).viaField('template.spec'));
  });
  return errs.viaField('spec');
}
