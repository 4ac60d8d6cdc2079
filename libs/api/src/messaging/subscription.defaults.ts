import { defaultDestination } from '../core/duck/destination';
import { defaultDeliverySpec } from '../eventing/duck/delivery.validation';
import type { Subscription } from './subscription.types';

/** Subscription.SetDefaults: namespaces on the subscriber, reply and dead-letter refs. */
export function defaultSubscription(subscription: Subscription): void {
  const namespace = subscription.metadata?.namespace;
  defaultDestination(subscription.spec?.subscriber, namespace);
  defaultDestination(subscription.spec?.reply, namespace);
  defaultDeliverySpec(subscription.spec?.delivery, namespace);
}
