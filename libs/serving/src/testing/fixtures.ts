// Builders for the Service/Configuration/Route table tests (not exported from the library).
import type { Condition, RevisionTemplateSpec } from '@kuack/api';
import type { KubeObject } from '@kuack/controller';
import type {
  ConfigurationObject,
  IngressObject,
  RevisionObject,
  RouteObject,
  ServiceObject,
} from '../resources/kinds';

export const NOW = new Date('2026-01-01T00:00:00Z');
export const T = '2026-01-01T00:00:00Z';
export const clock = () => NOW;

export function cond(
  type: string,
  status: 'True' | 'False' | 'Unknown',
  reason?: string,
  message?: string,
): Condition {
  return {
    type,
    status,
    ...(reason ? { reason } : {}),
    ...(message ? { message } : {}),
    lastTransitionTime: T,
  } as Condition;
}

/** A revision template (containers without names, as users write them). */
export const template = (
  image = 'ghcr.io/kuack/hello:1',
  extra: Record<string, unknown> = {},
): RevisionTemplateSpec => ({ spec: { containers: [{ image }] }, ...extra }) as RevisionTemplateSpec;

export function service(
  name = 'hello',
  opts: Partial<ServiceObject> & { generation?: number } = {},
): ServiceObject {
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    ...opts,
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-svc-${name}`,
      generation: opts.generation ?? 1,
      ...opts.metadata,
    },
    spec: opts.spec ?? { template: template(), traffic: [{ percent: 100, latestRevision: true }] },
  };
}

export function revision(
  name: string,
  opts: {
    config?: string;
    generation?: number;
    ready?: 'True' | 'False' | 'Unknown';
    message?: string;
    service?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerUid?: string;
    spec?: Record<string, unknown>;
  } = {},
): RevisionObject {
  const config = opts.config ?? 'hello';
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Revision',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-rev-${name}`,
      generation: 1,
      labels: {
        'serving.knative.dev/configuration': config,
        'serving.knative.dev/configurationGeneration': String(opts.generation ?? 1),
        ...(opts.service !== '' ? { 'serving.knative.dev/service': opts.service ?? config } : {}),
        ...opts.labels,
      },
      annotations: opts.annotations,
      ownerReferences: [
        {
          apiVersion: 'serving.knative.dev/v1',
          kind: 'Configuration',
          name: config,
          uid: opts.ownerUid ?? `uid-cfg-${config}`,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: (opts.spec ?? template().spec) as RevisionObject['spec'],
    status: {
      observedGeneration: 1,
      conditions: opts.ready
        ? [cond('Ready', opts.ready, opts.ready === 'False' ? 'ExitCode1' : undefined, opts.message)]
        : [],
    },
  };
}

export function configuration(
  name = 'hello',
  status: ConfigurationObject['status'] & { ready?: 'True' | 'False' | 'Unknown' } = {},
  opts: {
    generation?: number;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    template?: unknown;
  } = {},
): ConfigurationObject {
  const { ready, ...rest } = status;
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Configuration',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-cfg-${name}`,
      generation: opts.generation ?? 1,
      labels: opts.labels,
      annotations: opts.annotations,
    },
    spec: { template: (opts.template ?? template()) as ConfigurationObject['spec']['template'] },
    status: {
      observedGeneration: opts.generation ?? 1,
      ...rest,
      ...(ready ? { conditions: [cond('Ready', ready)] } : {}),
    },
  };
}

export function route(
  name = 'hello',
  spec: RouteObject['spec'] = {},
  meta: Partial<RouteObject['metadata']> = {},
): RouteObject {
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Route',
    metadata: { name, namespace: 'default', uid: `uid-route-${name}`, generation: 1, ...meta },
    spec,
  };
}

export function ingressStatus(ready: 'True' | 'False' | 'Unknown', generation = 1): IngressObject['status'] {
  return {
    observedGeneration: generation,
    conditions: [cond('LoadBalancerReady', ready), cond('NetworkConfigured', 'True'), cond('Ready', ready)],
  };
}

export function withStatus<T extends KubeObject>(obj: T, status: unknown): T {
  return { ...obj, status } as T;
}
