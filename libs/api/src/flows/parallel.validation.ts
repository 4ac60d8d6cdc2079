import type { ApiConfig } from '../core/config';
import { validateDestination } from '../core/duck/destination';
import { FieldErrors, errMissingField } from '../core/field-error';
import { validateDeliverySpec, validateRequiredDestination } from '../eventing/duck/delivery.validation';
import type { Parallel } from './parallel.types';

/**
 * Parallel.Validate: at least one branch with a valid subscriber (filter and reply optional), a
 * channelTemplate with apiVersion and kind, an optional reply. Errors name the field inside the branch.
 */
export function validateParallel(parallel: Parallel, config: ApiConfig): FieldErrors {
  const spec = parallel.spec ?? {};
  const refOptions = { parentNamespace: parallel.metadata?.namespace };
  let errs = FieldErrors.none;
  if (!spec.branches?.length) errs = errs.also(errMissingField('branches'));
  (spec.branches ?? []).forEach((branch, i) => {
    let branchErrs = validateRequiredDestination(branch.subscriber, refOptions).viaField('subscriber');
    if (branch.filter)
      branchErrs = branchErrs.also(validateDestination(branch.filter, refOptions).viaField('filter'));
    if (branch.reply)
      branchErrs = branchErrs.also(validateDestination(branch.reply, refOptions).viaField('reply'));
    branchErrs = branchErrs.also(
      validateDeliverySpec(branch.delivery, config, refOptions).viaField('delivery'),
    );
    errs = errs.also(branchErrs.viaFieldIndex('branches', i));
  });
  if (!spec.channelTemplate) return errs.also(errMissingField('channelTemplate')).viaField('spec');
  if (!spec.channelTemplate.apiVersion) errs = errs.also(errMissingField('channelTemplate.apiVersion'));
  if (!spec.channelTemplate.kind) errs = errs.also(errMissingField('channelTemplate.kind'));
  if (spec.reply) errs = errs.also(validateDestination(spec.reply, refOptions).viaField('reply'));
  return errs.viaField('spec');
}
