import { defaultAutoscaler, defaultDeployment } from '@kuack/controller';
import { defaultServingDefaults } from '@kuack/api';
import type { RevisionConfig } from '../resources/config';
import type { RevisionObject } from '../types';

export const QUEUE_IMAGE = 'kuack.local/queue-proxy:dev';

export function testConfig(patch: Partial<RevisionConfig> = {}): RevisionConfig {
  return {
    deployment: { ...defaultDeployment(), queueSidecarImage: QUEUE_IMAGE },
    defaults: defaultServingDefaults(),
    autoscaler: defaultAutoscaler(),
    ...patch,
  };
}

/** A defaulted Revision as the Configuration reconciler creates it. */
export function testRevision(
  patch: {
    name?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    spec?: Partial<NonNullable<RevisionObject['spec']>>;
    status?: RevisionObject['status'];
  } = {},
): RevisionObject {
  const name = patch.name ?? 'hello-00001';
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Revision',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      generation: 1,
      labels: {
        'serving.knative.dev/configuration': 'hello',
        'serving.knative.dev/configurationGeneration': '1',
        'serving.knative.dev/service': 'hello',
        ...patch.labels,
      },
      annotations: patch.annotations,
      ownerReferences: [
        {
          apiVersion: 'serving.knative.dev/v1',
          kind: 'Configuration',
          name: 'hello',
          uid: 'uid-config',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      containerConcurrency: 0,
      timeoutSeconds: 300,
      containers: [
        {
          name: 'user-container',
          image: 'registry.example.com/hello:v1',
          readinessProbe: { tcpSocket: { port: 0 }, successThreshold: 1 },
        },
      ],
      ...patch.spec,
    },
    ...(patch.status ? { status: patch.status } : {}),
  };
}
