import type { KindDefinition } from '../core/registry';
import {
  AGE_COLUMN,
  READY_COLUMN,
  REASON_COLUMN,
  SINK_COLUMN,
  SOURCE_CRD_LABELS,
  validateNamespacedMeta,
} from '../eventing/duck/kind-helpers';
import { defaultApiServerSource } from './api-server-source.defaults';
import { apiServerSourceConditionSet } from './api-server-source.lifecycle';
import { type ApiServerSource, ApiServerSourceSchema } from './api-server-source.types';
import { validateApiServerSource } from './api-server-source.validation';

export const apiServerSourceKind: KindDefinition<ApiServerSource> = {
  group: 'sources.knative.dev',
  version: 'v1',
  kind: 'ApiServerSource',
  plural: 'apiserversources',
  singular: 'apiserversource',
  shortNames: [],
  categories: ['all', 'knative', 'sources'],
  scope: 'Namespaced',
  printerColumns: [SINK_COLUMN, AGE_COLUMN, READY_COLUMN, REASON_COLUMN],
  schema: ApiServerSourceSchema,
  subresources: { status: true },
  crdLabels: SOURCE_CRD_LABELS,
  conditionSet: apiServerSourceConditionSet,
  defaults: (obj) => defaultApiServerSource(obj),
  validate: (obj, ctx) => validateNamespacedMeta(obj).also(validateApiServerSource(obj, ctx.config)),
};
