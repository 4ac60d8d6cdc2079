import type { KindDefinition } from '../core/registry';
import {
  ADDRESSABLE_CRD_LABELS,
  AGE_COLUMN,
  READY_COLUMN,
  REASON_COLUMN,
  URL_COLUMN,
  validateNamespacedMeta,
} from '../eventing/duck/kind-helpers';
import { defaultParallel } from './parallel.defaults';
import { parallelConditionSet } from './parallel.lifecycle';
import { type Parallel, ParallelSchema } from './parallel.types';
import { validateParallel } from './parallel.validation';

export const parallelKind: KindDefinition<Parallel> = {
  group: 'flows.knative.dev',
  version: 'v1',
  kind: 'Parallel',
  plural: 'parallels',
  singular: 'parallel',
  shortNames: [],
  categories: ['all', 'knative', 'flows'],
  scope: 'Namespaced',
  printerColumns: [URL_COLUMN, AGE_COLUMN, READY_COLUMN, REASON_COLUMN],
  schema: ParallelSchema,
  subresources: { status: true },
  crdLabels: ADDRESSABLE_CRD_LABELS,
  conditionSet: parallelConditionSet,
  defaults: (obj, ctx) => defaultParallel(obj, ctx.config),
  validate: (obj, ctx) => validateNamespacedMeta(obj).also(validateParallel(obj, ctx.config)),
};
