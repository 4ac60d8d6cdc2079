import type { PodAutoscaler } from '@kuack/api';
import { defaultAutoscaler } from '@kuack/controller';
import { type AutoscalerSpec, autoscalerSpecFor } from './spec';

/** A PodAutoscaler for tests: annotations, containerConcurrency, reachability. */
export function testPa(
  annotations: Record<string, string> = {},
  spec: Partial<PodAutoscaler['spec']> = {},
): PodAutoscaler {
  return {
    apiVersion: 'autoscaling.internal.knative.dev/v1alpha1',
    kind: 'PodAutoscaler',
    metadata: { name: 'rev', namespace: 'ns', annotations },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'rev-deployment' },
      protocolType: 'http1',
      ...spec,
    },
  };
}

/** The spec of a default PA with config-autoscaler defaults, with overrides. */
export function testSpec(overrides: Partial<AutoscalerSpec> = {}): AutoscalerSpec {
  return { ...autoscalerSpecFor(testPa(), defaultAutoscaler()), ...overrides };
}
