import type { KindDefinition } from '../core/registry';
import {
  AGE_COLUMN,
  READY_COLUMN,
  REASON_COLUMN,
  validateNamespacedMeta,
} from '../eventing/duck/kind-helpers';
import { defaultSubscription } from './subscription.defaults';
import { subscriptionConditionSet } from './subscription.lifecycle';
import { type Subscription, SubscriptionSchema } from './subscription.types';
import { validateSubscription } from './subscription.validation';

export const subscriptionKind: KindDefinition<Subscription> = {
  group: 'messaging.knative.dev',
  version: 'v1',
  kind: 'Subscription',
  plural: 'subscriptions',
  singular: 'subscription',
  shortNames: ['sub'],
  categories: ['all', 'knative', 'messaging'],
  scope: 'Namespaced',
  printerColumns: [AGE_COLUMN, READY_COLUMN, REASON_COLUMN],
  schema: SubscriptionSchema,
  subresources: { status: true },
  conditionSet: subscriptionConditionSet,
  defaults: (obj) => defaultSubscription(obj),
  validate: (obj, ctx) =>
    validateNamespacedMeta(obj).also(
      validateSubscription(obj, ctx.config, ctx.old as Subscription | undefined),
    ),
};
