import type { ApiConfig } from '../core/config';
import { FieldErrors, errMissingField, errMultipleOneOf } from '../core/field-error';
import { diffSummary } from '../core/object';
import { validateDeliverySpec, validateRequiredDestination } from './duck/delivery.validation';
import { EventingFeature, eventingFeatureEnabled } from './duck/features';
import { validateSubscriptionsAPIFilters, validateTriggerFilter } from './filters.validation';
import { DEPENDENCY_ANNOTATION, INJECTION_ANNOTATION, type Trigger } from './trigger.types';

/** Trigger.Validate: broker, filters (one dialect each, CESQL parsed), subscriber, delivery, annotations, updates. */
export function validateTrigger(trigger: Trigger, config: ApiConfig, old?: Trigger): FieldErrors {
  const namespace = trigger.metadata?.namespace ?? '';
  const spec = trigger.spec ?? {};
  const refOptions = { parentNamespace: namespace };
  let specErrs = FieldErrors.none;
  if (!spec.brokerRef && !spec.broker) specErrs = specErrs.also(errMissingField('broker'));
  else if (spec.brokerRef && spec.broker) specErrs = specErrs.also(errMultipleOneOf('broker', 'brokerRef'));
  if (
    spec.brokerRef?.namespace &&
    !eventingFeatureEnabled(config, EventingFeature.CrossNamespaceEventLinks)
  ) {
    specErrs = specErrs.also(
      FieldErrors.of(
        'must not set the field(s)',
        ['brokerRef.namespace'],
        'only name, apiVersion and kind are supported fields when feature.CrossNamespaceEventLinks is disabled',
      ),
    );
  }
  specErrs = specErrs.also(
    validateTriggerFilter(spec.filter).viaField('filter'),
    validateSubscriptionsAPIFilters(spec.filters).viaField('filters'),
    validateRequiredDestination(spec.subscriber, refOptions).viaField('subscriber'),
    validateDeliverySpec(spec.delivery, config, refOptions).viaField('delivery'),
  );

  let errs = specErrs.viaField('spec');
  const annotations = trigger.metadata?.annotations ?? {};
  const annotationPath = (key: string) => `metadata.annotations[${key}]`;
  if (DEPENDENCY_ANNOTATION in annotations) {
    errs = errs.also(
      validateDependencyAnnotation(annotations[DEPENDENCY_ANNOTATION]!, namespace).viaField(
        annotationPath(DEPENDENCY_ANNOTATION),
      ),
    );
  }
  if (INJECTION_ANNOTATION in annotations) {
    errs = errs.also(
      validateInjectionAnnotation(annotations[INJECTION_ANNOTATION]!, spec.broker).viaField(
        annotationPath(INJECTION_ANNOTATION),
      ),
    );
  }
  if (old && (old.spec?.broker ?? '') !== (spec.broker ?? '')) {
    errs = errs.also(
      FieldErrors.of(
        'Immutable fields changed (-old +new)',
        ['spec.broker'],
        diffSummary(old.spec?.broker, spec.broker),
      ),
    );
  }
  return errs;
}

/** `knative.dev/dependency` must be a JSON ObjectReference in the Trigger's namespace. */
export function validateDependencyAnnotation(value: string, namespace: string): FieldErrors {
  let ref: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(value);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not a JSON object');
    ref = parsed as Record<string, unknown>;
  } catch (e) {
    return FieldErrors.of(
      `The provided annotation was not a corev1.ObjectReference: ${JSON.stringify(value)}`,
      [''],
      (e as Error).message,
    );
  }
  let errs = FieldErrors.none;
  if (ref.namespace && ref.namespace !== namespace) {
    errs = errs.also(
      FieldErrors.of(
        `Namespace must be empty or equal to the trigger namespace ${JSON.stringify(namespace)}`,
        ['namespace'],
      ),
    );
  }
  if (!ref.kind) errs = errs.also(errMissingField('kind'));
  if (!ref.name) errs = errs.also(errMissingField('name'));
  if (!ref.apiVersion) errs = errs.also(errMissingField('apiVersion'));
  return errs;
}

/** `eventing.knative.dev/injection`: enabled|disabled, only on a Trigger of the `default` Broker. */
export function validateInjectionAnnotation(value: string, broker: string | undefined): FieldErrors {
  if (value !== 'enabled' && value !== 'disabled') {
    return FieldErrors.of(
      `The provided injection annotation value can only be "enabled" or "disabled", not ${JSON.stringify(value)}`,
      [''],
    );
  }
  if (broker !== 'default') {
    return FieldErrors.of(
      `The provided injection annotation is only used for default broker, but non-default broker specified here: ${JSON.stringify(broker ?? '')}`,
      [''],
    );
  }
  return FieldErrors.none;
}
