import type { ApiConfig } from '../core/config';
import { validateDestination } from '../core/duck/destination';
import { FieldErrors, errMissingField } from '../core/field-error';
import { validateDeliverySpec, validateRequiredDestination } from '../eventing/duck/delivery.validation';
import { validateChannelTemplate } from '../messaging/channel-template';
import type { Sequence } from './sequence.types';

/**
 * Sequence.Validate: at least one step, each a valid destination with a valid delivery, a channelTemplate and
 * an optional reply. (Knative reports a bad step as `invalid value` on the whole step; we report the field
 * inside it.)
 */
export function validateSequence(sequence: Sequence, config: ApiConfig): FieldErrors {
  const spec = sequence.spec ?? {};
  const refOptions = { parentNamespace: sequence.metadata?.namespace };
  let errs = FieldErrors.none;
  if (!spec.steps?.length) errs = errs.also(errMissingField('steps'));
  (spec.steps ?? []).forEach((step, i) => {
    const { delivery, ...destination } = step;
    errs = errs.also(
      validateRequiredDestination(destination, refOptions)
        .also(validateDeliverySpec(delivery, config, refOptions).viaField('delivery'))
        .viaFieldIndex('steps', i),
    );
  });
  errs = errs.also(
    spec.channelTemplate
      ? validateChannelTemplate(spec.channelTemplate).viaField('channelTemplate')
      : errMissingField('channelTemplate'),
  );
  if (spec.reply) errs = errs.also(validateDestination(spec.reply, refOptions).viaField('reply'));
  return errs.viaField('spec');
}
