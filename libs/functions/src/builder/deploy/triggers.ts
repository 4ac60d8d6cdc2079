import type { Trigger } from '@kuack/api';
import type { FunctionBuildSubscription } from '../function-config';

/**
 * Triggers for func.yaml `deploy.subscriptions`, as Knative's deployer creates them: one per subscription,
 * named `<service>-function-trigger-<i>`, broker = `source`, filter attributes = `filters`, subscriber = the
 * function's Service, owned by it (deleted with it).
 */
export function makeFunctionTriggers(
  service: { name: string; namespace: string; uid?: string },
  subscriptions: FunctionBuildSubscription[] = [],
): Trigger[] {
  return subscriptions.map((sub, i) => ({
    apiVersion: 'eventing.knative.dev/v1',
    kind: 'Trigger',
    metadata: {
      name: `${service.name}-function-trigger-${i}`,
      namespace: service.namespace,
      labels: { 'function.knative.dev/name': service.name },
      ...(service.uid
        ? {
            ownerReferences: [
              { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: service.name, uid: service.uid },
            ],
          }
        : {}),
    },
    spec: {
      broker: sub.source,
      subscriber: { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: service.name } },
      filter: { attributes: { ...(sub.filters ?? {}) } },
    },
  }));
}
