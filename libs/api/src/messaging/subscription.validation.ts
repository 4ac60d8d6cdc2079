import type { ApiConfig } from '../core/config';
import { validateDestination } from '../core/duck/destination';
import { type KReference, validateKReference } from '../core/duck/kreference';
import { FieldErrors } from '../core/field-error';
import { deepEqual, diffSummary } from '../core/object';
import { isDestinationEmpty, validateDeliverySpec } from '../eventing/duck/delivery.validation';
import { EventingFeature, eventingFeatureEnabled } from '../eventing/duck/features';
import type { Subscription } from './subscription.types';

function isEmptyReference(ref: KReference | undefined): boolean {
  return !ref || Object.values(ref).every((v) => v === undefined || v === '');
}

/** A channel reference: KReference rules, and no namespace unless cross-namespace-event-links. */
export function validateChannelReference(ref: KReference, config: ApiConfig): FieldErrors {
  let errs = validateKReference(ref);
  if (ref.namespace && !eventingFeatureEnabled(config, EventingFeature.CrossNamespaceEventLinks)) {
    errs = errs.also(
      FieldErrors.of(
        'must not set the field(s)',
        ['namespace'],
        'only name, apiVersion and kind are supported fields when feature.CrossNamespaceEventLinks is disabled',
      ),
    );
  }
  return errs;
}

/** Subscription.Validate: a channel and a subscriber are required; channel immutable on update. */
export function validateSubscription(
  subscription: Subscription,
  config: ApiConfig,
  old?: Subscription,
): FieldErrors {
  const spec = subscription.spec ?? {};
  const refOptions = { parentNamespace: subscription.metadata?.namespace };
  let errs = FieldErrors.none;
  if (isEmptyReference(spec.channel)) {
    // Knative stops here: nothing else is checked without a channel.
    return FieldErrors.of(
      'missing field(s)',
      ['channel'],
      'the Subscription must reference a channel',
    ).viaField('spec');
  }
  errs = errs.also(validateChannelReference(spec.channel!, config).viaField('channel'));
  if (isDestinationEmpty(spec.subscriber)) {
    errs = errs.also(
      FieldErrors.of('missing field(s)', ['subscriber'], 'the Subscription must reference a subscriber'),
    );
  } else {
    errs = errs.also(validateDestination(spec.subscriber, refOptions).viaField('subscriber'));
  }
  if (!isDestinationEmpty(spec.reply))
    errs = errs.also(validateDestination(spec.reply, refOptions).viaField('reply'));
  errs = errs.also(validateDeliverySpec(spec.delivery, config, refOptions).viaField('delivery'));
  errs = errs.viaField('spec');
  if (old && !deepEqual(old.spec?.channel, spec.channel)) {
    errs = errs.also(
      FieldErrors.of(
        'Immutable fields changed (-old +new)',
        ['spec'],
        diffSummary({ channel: old.spec?.channel }, { channel: spec.channel }),
      ),
    );
  }
  return errs;
}
