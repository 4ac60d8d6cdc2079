import type { KindDefinition } from '../core/registry';
import { defaultBroker } from './broker.defaults';
import { brokerConditionSet } from './broker.lifecycle';
import { type Broker, BrokerSchema } from './broker.types';
import { validateBroker } from './broker.validation';
import {
  ADDRESSABLE_CRD_LABELS,
  AGE_COLUMN,
  READY_COLUMN,
  REASON_COLUMN,
  URL_COLUMN,
  validateNamespacedMeta,
} from './duck/kind-helpers';

export const brokerKind: KindDefinition<Broker> = {
  group: 'eventing.knative.dev',
  version: 'v1',
  kind: 'Broker',
  plural: 'brokers',
  singular: 'broker',
  shortNames: [],
  categories: ['all', 'knative', 'eventing'],
  scope: 'Namespaced',
  printerColumns: [
    URL_COLUMN,
    AGE_COLUMN,
    READY_COLUMN,
    REASON_COLUMN,
    {
      name: 'Class',
      type: 'string',
      priority: 1,
      jsonPath: '.metadata.annotations.eventing\\.knative\\.dev/broker\\.class',
    },
  ],
  schema: BrokerSchema,
  subresources: { status: true },
  crdLabels: ADDRESSABLE_CRD_LABELS,
  conditionSet: brokerConditionSet,
  defaults: (obj, ctx) => defaultBroker(obj, ctx.config),
  validate: (obj, ctx) =>
    validateNamespacedMeta(obj).also(validateBroker(obj, ctx.config, ctx.old as Broker | undefined)),
};
