import type { KindDefinition } from '../core/registry';
import {
  ADDRESSABLE_CRD_LABELS,
  AGE_COLUMN,
  READY_COLUMN,
  REASON_COLUMN,
  URL_COLUMN,
  validateNamespacedMeta,
} from '../eventing/duck/kind-helpers';
import { defaultSequence } from './sequence.defaults';
import { sequenceConditionSet } from './sequence.lifecycle';
import { type Sequence, SequenceSchema } from './sequence.types';
import { validateSequence } from './sequence.validation';

export const sequenceKind: KindDefinition<Sequence> = {
  group: 'flows.knative.dev',
  version: 'v1',
  kind: 'Sequence',
  plural: 'sequences',
  singular: 'sequence',
  shortNames: [],
  categories: ['all', 'knative', 'flows'],
  scope: 'Namespaced',
  printerColumns: [URL_COLUMN, AGE_COLUMN, READY_COLUMN, REASON_COLUMN],
  schema: SequenceSchema,
  subresources: { status: true },
  crdLabels: ADDRESSABLE_CRD_LABELS,
  conditionSet: sequenceConditionSet,
  defaults: (obj, ctx) => defaultSequence(obj, ctx.config),
  validate: (obj, ctx) => validateNamespacedMeta(obj).also(validateSequence(obj, ctx.config)),
};
