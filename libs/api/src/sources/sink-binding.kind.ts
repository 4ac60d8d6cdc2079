import type { KindDefinition } from '../core/registry';
import {
  AGE_COLUMN,
  READY_COLUMN,
  REASON_COLUMN,
  SINK_COLUMN,
  SOURCE_CRD_LABELS,
  validateNamespacedMeta,
} from '../eventing/duck/kind-helpers';
import { defaultSinkBinding } from './sink-binding.defaults';
import { sinkBindingConditionSet } from './sink-binding.lifecycle';
import { type SinkBinding, SinkBindingSchema } from './sink-binding.types';
import { validateSinkBinding } from './sink-binding.validation';

export const sinkBindingKind: KindDefinition<SinkBinding> = {
  group: 'sources.knative.dev',
  version: 'v1',
  kind: 'SinkBinding',
  plural: 'sinkbindings',
  singular: 'sinkbinding',
  shortNames: [],
  categories: ['all', 'knative', 'sources', 'bindings'],
  scope: 'Namespaced',
  printerColumns: [SINK_COLUMN, AGE_COLUMN, READY_COLUMN, REASON_COLUMN],
  schema: SinkBindingSchema,
  subresources: { status: true },
  crdLabels: { ...SOURCE_CRD_LABELS, 'duck.knative.dev/binding': 'true' },
  conditionSet: sinkBindingConditionSet,
  defaults: (obj) => defaultSinkBinding(obj),
  validate: (obj, ctx) => validateNamespacedMeta(obj).also(validateSinkBinding(obj, ctx.config)),
};
