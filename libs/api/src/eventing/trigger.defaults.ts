import type { ApiConfig } from '../core/config';
import { defaultDestination } from '../core/duck/destination';
import { defaultDeliverySpec } from './duck/delivery.validation';
import { EventingFeature, eventingFeatureEnabled } from './duck/features';
import { BROKER_LABEL, type Trigger } from './trigger.types';

/**
 * Trigger.SetDefaults: an empty `filter` when none, namespaces on subscriber and dead-letter refs, and the
 * label `eventing.knative.dev/broker=<broker>` (from `brokerRef.name` under cross-namespace-event-links).
 */
export function defaultTrigger(trigger: Trigger, config: ApiConfig): void {
  const namespace = trigger.metadata?.namespace;
  trigger.spec ??= {};
  const spec = trigger.spec;
  spec.filter ??= {};
  defaultDestination(spec.subscriber, namespace);
  defaultDeliverySpec(spec.delivery, namespace);

  const brokerName =
    eventingFeatureEnabled(config, EventingFeature.CrossNamespaceEventLinks) && spec.brokerRef
      ? spec.brokerRef.name
      : spec.broker;
  if (brokerName) {
    trigger.metadata ??= {};
    trigger.metadata.labels = { ...trigger.metadata.labels, [BROKER_LABEL]: brokerName };
  }
}
