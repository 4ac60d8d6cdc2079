import type { ApiConfig } from '../../core/config';
import { type Destination, defaultDestination, validateDestination } from '../../core/duck/destination';
import type { DeliverySpec } from '../../core/duck/delivery';
import type { KReferenceValidationOptions } from '../../core/duck/kreference';
import { FieldErrors, errDisallowedFields, errInvalidValue } from '../../core/field-error';
import { EventingFeature, eventingFeatureEnabled } from './features';
import { parseIsoDuration } from './iso8601';

/**
 * DeliverySpec.Validate (knative.dev/eventing pkg/apis/duck/v1): retry ≥ 0, backoffPolicy linear|exponential,
 * backoffDelay an ISO-8601 duration, timeout a non-zero duration when `delivery-timeout` is enabled (else a
 * disallowed field), retryAfterMax a non-negative duration only with `delivery-retryafter`, format json|binary.
 * Paths are relative to the DeliverySpec.
 */
export function validateDeliverySpec(
  delivery: DeliverySpec | undefined,
  config: ApiConfig,
  refOptions: KReferenceValidationOptions = {},
): FieldErrors {
  if (!delivery) return FieldErrors.none;
  let errs = validateDestination(delivery.deadLetterSink, refOptions).viaField('deadLetterSink');
  if (delivery.retry !== undefined && delivery.retry !== null && delivery.retry < 0) {
    errs = errs.also(errInvalidValue(delivery.retry, 'retry'));
  }
  if (delivery.timeout !== undefined) {
    if (eventingFeatureEnabled(config, EventingFeature.DeliveryTimeout)) {
      const timeout = parseIsoDuration(delivery.timeout);
      if (!timeout || timeout.zero) errs = errs.also(errInvalidValue(delivery.timeout, 'timeout'));
    } else {
      errs = errs.also(errDisallowedFields('timeout'));
    }
  }
  if (
    delivery.backoffPolicy !== undefined &&
    delivery.backoffPolicy !== 'linear' &&
    delivery.backoffPolicy !== 'exponential'
  ) {
    errs = errs.also(errInvalidValue(delivery.backoffPolicy, 'backoffPolicy'));
  }
  if (delivery.backoffDelay !== undefined && !parseIsoDuration(delivery.backoffDelay)) {
    errs = errs.also(errInvalidValue(delivery.backoffDelay, 'backoffDelay'));
  }
  if (delivery.format !== undefined && delivery.format !== 'json' && delivery.format !== 'binary') {
    errs = errs.also(errInvalidValue(delivery.format, 'format'));
  }
  if (delivery.retryAfterMax !== undefined) {
    if (eventingFeatureEnabled(config, EventingFeature.DeliveryRetryAfter)) {
      const max = parseIsoDuration(delivery.retryAfterMax);
      if (!max || max.negative) errs = errs.also(errInvalidValue(delivery.retryAfterMax, 'retryAfterMax'));
    } else {
      errs = errs.also(errDisallowedFields('retryAfterMax'));
    }
  }
  return errs;
}

/** DeliverySpec.SetDefaults: the dead letter sink's ref gets the parent's namespace. */
export function defaultDeliverySpec(delivery: DeliverySpec | undefined, namespace: string | undefined): void {
  defaultDestination(delivery?.deadLetterSink, namespace);
}

/**
 * A Destination held by value in Knative (a source's `sink`, a trigger's `subscriber`): absent is the same as
 * empty, so it must name a ref or a uri.
 */
export function validateRequiredDestination(
  dest: Destination | undefined,
  refOptions: KReferenceValidationOptions = {},
): FieldErrors {
  return validateDestination(dest ?? {}, refOptions);
}

/** A pointer Destination (reply, filter, …): absent or `{}` is fine. */
export function isDestinationEmpty(dest: Destination | undefined): boolean {
  return (
    !dest ||
    (dest.ref === undefined &&
      dest.uri === undefined &&
      dest.CACerts === undefined &&
      dest.audience === undefined)
  );
}
