import type { KindDefinition } from '../core/registry';
import { AGE_COLUMN, READY_COLUMN, REASON_COLUMN, validateNamespacedMeta } from './duck/kind-helpers';
import { defaultTrigger } from './trigger.defaults';
import { triggerConditionSet } from './trigger.lifecycle';
import { type Trigger, TriggerSchema } from './trigger.types';
import { validateTrigger } from './trigger.validation';

export const triggerKind: KindDefinition<Trigger> = {
  group: 'eventing.knative.dev',
  version: 'v1',
  kind: 'Trigger',
  plural: 'triggers',
  singular: 'trigger',
  shortNames: [],
  categories: ['all', 'knative', 'eventing'],
  scope: 'Namespaced',
  printerColumns: [
    { name: 'Broker', type: 'string', jsonPath: '.spec.broker' },
    { name: 'Subscriber_URI', type: 'string', jsonPath: '.status.subscriberUri' },
    AGE_COLUMN,
    READY_COLUMN,
    REASON_COLUMN,
  ],
  schema: TriggerSchema,
  subresources: { status: true },
  conditionSet: triggerConditionSet,
  defaults: (obj, ctx) => defaultTrigger(obj, ctx.config),
  validate: (obj, ctx) =>
    validateNamespacedMeta(obj).also(validateTrigger(obj, ctx.config, ctx.old as Trigger | undefined)),
};
