import type { KindDefinition } from '../core/registry';
import { defaultPodAutoscaler } from './podautoscaler.defaults';
import { podAutoscalerConditionSet } from './podautoscaler.lifecycle';
import { PodAutoscalerSchema, type PodAutoscaler } from './podautoscaler.types';
import { validatePodAutoscaler } from './podautoscaler.validation';

export const podAutoscalerKind: KindDefinition<PodAutoscaler> = {
  group: 'autoscaling.internal.knative.dev',
  version: 'v1alpha1',
  kind: 'PodAutoscaler',
  plural: 'podautoscalers',
  singular: 'podautoscaler',
  shortNames: ['kpa', 'pa'],
  categories: ['knative-internal', 'autoscaling'],
  scope: 'Namespaced',
  printerColumns: [
    { name: 'DesiredScale', type: 'integer', jsonPath: '.status.desiredScale' },
    { name: 'ActualScale', type: 'integer', jsonPath: '.status.actualScale' },
    { name: 'Ready', type: 'string', jsonPath: ".status.conditions[?(@.type=='Ready')].status" },
    { name: 'Reason', type: 'string', jsonPath: ".status.conditions[?(@.type=='Ready')].reason" },
  ],
  schema: PodAutoscalerSchema,
  subresources: { status: true },
  crdLabels: { 'app.kubernetes.io/name': 'kuack', 'knative.dev/crd-install': 'true' },
  conditionSet: podAutoscalerConditionSet,
  defaults: defaultPodAutoscaler,
  validate: validatePodAutoscaler,
};

export const autoscalingKinds = [podAutoscalerKind] as unknown as KindDefinition[];
