import type { ApiConfig } from '../core/config';
import { validateKReference } from '../core/duck/kreference';
import { FieldErrors, errMissingField } from '../core/field-error';
import { deepEqual, diffSummary } from '../core/object';
import { differentNamespaceAllowed } from './broker-config';
import { BROKER_CLASS_ANNOTATION, type Broker } from './broker.types';
import { validateDeliverySpec } from './duck/delivery.validation';

/** Broker.Validate: the class annotation, `spec.config`, `spec.delivery`, and on update the immutable parts. */
export function validateBroker(broker: Broker, config: ApiConfig, old?: Broker): FieldErrors {
  const namespace = broker.metadata?.namespace ?? '';
  const refOptions = {
    parentNamespace: namespace,
    crossNamespaceAllowed: differentNamespaceAllowed(config.brDefaults, namespace),
  };
  let errs = FieldErrors.none;
  if (!broker.metadata?.annotations?.[BROKER_CLASS_ANNOTATION]) {
    // Knative names the annotation key alone as the path.
    errs = errs.also(errMissingField(BROKER_CLASS_ANNOTATION));
  }
  const spec = broker.spec ?? {};
  if (spec.config)
    errs = errs.also(validateKReference(spec.config, refOptions).viaField('config').viaField('spec'));
  errs = errs.also(
    validateDeliverySpec(spec.delivery, config, refOptions).viaField('delivery').viaField('spec'),
  );
  if (old) errs = errs.also(checkBrokerImmutableFields(old, broker));
  return errs;
}

/** Only `spec.delivery` may change; the class annotation never. */
export function checkBrokerImmutableFields(old: Broker, broker: Broker): FieldErrors {
  const { delivery: _oldDelivery, ...oldRest } = old.spec ?? {};
  const { delivery: _newDelivery, ...newRest } = broker.spec ?? {};
  if (!deepEqual(oldRest, newRest)) {
    return FieldErrors.of('Immutable fields changed (-old +new)', ['spec'], diffSummary(oldRest, newRest));
  }
  const oldClass = old.metadata?.annotations?.[BROKER_CLASS_ANNOTATION];
  const newClass = broker.metadata?.annotations?.[BROKER_CLASS_ANNOTATION];
  if (oldClass !== newClass) {
    return FieldErrors.of(
      'Immutable annotations changed (-old +new)',
      ['annotations'],
      diffSummary(oldClass, newClass),
    );
  }
  return FieldErrors.none;
}
