import type { ApiConfig } from '../core/config';
import { FieldErrors, errDisallowedFields, errMissingField } from '../core/field-error';
import { deepEqual, diffSummary } from '../core/object';
import { validateDeliverySpec } from '../eventing/duck/delivery.validation';
import { validateChannelTemplate } from './channel-template';
import type { Channel } from './channel.types';

/** Channel.Validate: a channelTemplate, no subscribers written by users, delivery; spec immutable but subscribers. */
export function validateChannel(channel: Channel, config: ApiConfig, old?: Channel): FieldErrors {
  const spec = channel.spec ?? {};
  let errs = FieldErrors.none;
  errs = errs.also(
    spec.channelTemplate
      ? validateChannelTemplate(spec.channelTemplate).viaField('channelTemplate')
      : errMissingField('channelTemplate'),
  );
  if (spec.subscribers?.length) errs = errs.also(errDisallowedFields('subscribers').viaField('subscribable'));
  errs = errs.also(
    validateDeliverySpec(spec.delivery, config, { parentNamespace: channel.metadata?.namespace }).viaField(
      'delivery',
    ),
  );
  errs = errs.viaField('spec');
  if (old) {
    const { subscribers: _o, ...oldRest } = old.spec ?? {};
    const { subscribers: _n, ...newRest } = spec;
    if (!deepEqual(oldRest, newRest)) {
      errs = errs.also(
        FieldErrors.of('Immutable fields changed (-old +new)', ['spec'], diffSummary(oldRest, newRest)),
      );
    }
  }
  return errs;
}
