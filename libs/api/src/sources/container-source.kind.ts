import type { KindDefinition } from '../core/registry';
import {
  AGE_COLUMN,
  READY_COLUMN,
  REASON_COLUMN,
  SINK_COLUMN,
  SOURCE_CRD_LABELS,
  validateNamespacedMeta,
} from '../eventing/duck/kind-helpers';
import { defaultContainerSource } from './container-source.defaults';
import { containerSourceConditionSet } from './container-source.lifecycle';
import { type ContainerSource, ContainerSourceSchema } from './container-source.types';
import { validateContainerSource } from './container-source.validation';

export const containerSourceKind: KindDefinition<ContainerSource> = {
  group: 'sources.knative.dev',
  version: 'v1',
  kind: 'ContainerSource',
  plural: 'containersources',
  singular: 'containersource',
  shortNames: [],
  categories: ['all', 'knative', 'sources'],
  scope: 'Namespaced',
  printerColumns: [SINK_COLUMN, AGE_COLUMN, READY_COLUMN, REASON_COLUMN],
  schema: ContainerSourceSchema,
  subresources: { status: true },
  crdLabels: SOURCE_CRD_LABELS,
  conditionSet: containerSourceConditionSet,
  defaults: (obj) => defaultContainerSource(obj),
  validate: (obj, ctx) => validateNamespacedMeta(obj).also(validateContainerSource(obj, ctx.config)),
};
