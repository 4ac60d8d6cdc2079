import type { KindDefinition } from '../core/registry';
import {
  AGE_COLUMN,
  READY_COLUMN,
  REASON_COLUMN,
  SINK_COLUMN,
  SOURCE_CRD_LABELS,
  validateNamespacedMeta,
} from '../eventing/duck/kind-helpers';
import { defaultPingSource } from './ping-source.defaults';
import { pingSourceConditionSet } from './ping-source.lifecycle';
import { type PingSource, PingSourceSchema } from './ping-source.types';
import { validatePingSource } from './ping-source.validation';

export const pingSourceKind: KindDefinition<PingSource> = {
  group: 'sources.knative.dev',
  version: 'v1',
  kind: 'PingSource',
  plural: 'pingsources',
  singular: 'pingsource',
  shortNames: [],
  categories: ['all', 'knative', 'sources'],
  scope: 'Namespaced',
  printerColumns: [
    SINK_COLUMN,
    { name: 'Schedule', type: 'string', jsonPath: '.spec.schedule' },
    AGE_COLUMN,
    READY_COLUMN,
    REASON_COLUMN,
  ],
  schema: PingSourceSchema,
  subresources: { status: true },
  crdLabels: SOURCE_CRD_LABELS,
  conditionSet: pingSourceConditionSet,
  defaults: (obj) => defaultPingSource(obj),
  validate: (obj, ctx) => validateNamespacedMeta(obj).also(validatePingSource(obj, ctx.config)),
};
