import type { KindDefinition } from '../core/registry';
import { READY_COLUMN, REASON_COLUMN, validateNamespacedMeta } from './duck/kind-helpers';
import { defaultEventType } from './eventtype.defaults';
import { eventTypeConditionSet } from './eventtype.lifecycle';
import { type EventType, EventTypeSchema } from './eventtype.types';
import { validateEventType } from './eventtype.validation';

export const eventTypeKind: KindDefinition<EventType> = {
  group: 'eventing.knative.dev',
  version: 'v1beta3',
  kind: 'EventType',
  plural: 'eventtypes',
  singular: 'eventtype',
  shortNames: [],
  categories: ['all', 'knative', 'eventing'],
  scope: 'Namespaced',
  printerColumns: [
    { name: 'Type', type: 'string', jsonPath: ".spec.attributes[?(@.name=='type')].value" },
    { name: 'Source', type: 'string', jsonPath: ".spec.attributes[?(@.name=='source')].value" },
    { name: 'Reference Name', type: 'string', jsonPath: '.spec.reference.name' },
    { name: 'Reference Kind', type: 'string', jsonPath: '.spec.reference.kind' },
    { name: 'Description', type: 'string', jsonPath: '.spec.description' },
    READY_COLUMN,
    REASON_COLUMN,
  ],
  schema: EventTypeSchema,
  subresources: { status: true },
  conditionSet: eventTypeConditionSet,
  defaults: (obj) => defaultEventType(obj),
  validate: (obj) => validateNamespacedMeta(obj).also(validateEventType(obj)),
};
