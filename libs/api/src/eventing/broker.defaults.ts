import type { ApiConfig } from '../core/config';
import { defaultKReference } from '../core/duck/kreference';
import { deepCopy } from '../core/object';
import { brokerClassFor, brokerConfigFor } from './broker-config';
import { BROKER_CLASS_ANNOTATION, type Broker } from './broker.types';
import { defaultDeliverySpec } from './duck/delivery.validation';

/**
 * Broker.SetDefaults: `spec.config` and `spec.delivery` from config-br-defaults (for the Broker's class, or —
 * as Knative does — for the class named by an explicit config's kind), namespaces on refs, then the class
 * annotation when absent.
 */
export function defaultBroker(broker: Broker, config: ApiConfig): void {
  const namespace = broker.metadata?.namespace ?? '';
  broker.spec ??= {};
  const spec = broker.spec;
  const brokerClass = broker.metadata?.annotations?.[BROKER_CLASS_ANNOTATION];
  const resolved = brokerConfigFor(
    config.brDefaults,
    namespace,
    spec.config ? spec.config.kind : brokerClass,
  );
  if (resolved) {
    if (!spec.config && resolved.config) spec.config = deepCopy(resolved.config);
    if (!spec.delivery && resolved.delivery) {
      const { deadLetterSink, retry, backoffPolicy, backoffDelay } = deepCopy(resolved.delivery);
      spec.delivery = {
        ...(deadLetterSink ? { deadLetterSink } : {}),
        ...(retry !== undefined ? { retry } : {}),
        ...(backoffPolicy ? { backoffPolicy } : {}),
        ...(backoffDelay ? { backoffDelay } : {}),
      };
    }
  }
  defaultKReference(spec.config, namespace);
  defaultDeliverySpec(spec.delivery, namespace);

  const annotations = broker.metadata?.annotations ?? {};
  if (!(BROKER_CLASS_ANNOTATION in annotations)) {
    const cls = brokerClassFor(config.brDefaults, namespace);
    if (cls) {
      broker.metadata ??= {};
      broker.metadata.annotations = { ...annotations, [BROKER_CLASS_ANNOTATION]: cls };
    }
  }
}
