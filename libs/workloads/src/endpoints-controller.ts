import { isDeepStrictEqual } from 'node:util';
import {
  Controller,
  type InformerFactory,
  type KubeClient,
  type KubeObject,
  enqueueHandler,
  isNotFound,
  splitKey,
} from '@kuack/controller';
import type { Logger } from 'pino';
import { buildSliceEndpoints, buildSubsets } from './endpoints';
import { ENDPOINTS, ENDPOINT_SLICE, POD, SERVICE, type Pod, type Service } from './types';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const MANAGED_BY = 'endpointslice-controller.k8s.io';

interface Slice extends KubeObject {
  addressType?: string;
  endpoints?: unknown[] | null;
  ports?: unknown[] | null;
}

const ignoreNotFound = (err: unknown) => {
  if (!isNotFound(err)) throw err;
};

function selectedPods(svc: Service, pods: Pod[]): Pod[] {
  const sel = svc.spec?.selector ?? {};
  return pods.filter((p) => Object.entries(sel).every(([k, v]) => p.metadata.labels?.[k] === v));
}

async function syncEndpoints(client: KubeClient, svc: Service, pods: Pod[]): Promise<void> {
  const { name, namespace } = svc.metadata;
  const labels = {
    ...(svc.metadata.labels ?? {}),
    ...(svc.spec?.clusterIP === 'None' ? { 'service.kubernetes.io/headless': '' } : {}),
  };
  const subsets = buildSubsets(svc, pods);
  let existing: KubeObject | undefined;
  try {
    existing = await client.get(ENDPOINTS, name!, namespace);
  } catch (err) {
    ignoreNotFound(err);
  }
  if (!existing) {
    await client.create({
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name, namespace, labels },
      subsets,
    });
    return;
  }
  if (
    isDeepStrictEqual(existing.subsets ?? [], subsets) &&
    isDeepStrictEqual(existing.metadata.labels ?? {}, labels)
  )
    return;
  await client.update({
    ...existing,
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { ...existing.metadata, labels },
    subsets,
  });
}

async function syncSlices(client: KubeClient, svc: Service, pods: Pod[]): Promise<void> {
  const { name, namespace } = svc.metadata;
  const existing = (
    await client.list<Slice>(ENDPOINT_SLICE, {
      namespace,
      labelSelector: `${SERVICE_NAME_LABEL}=${name},${MANAGED_BY_LABEL}=${MANAGED_BY}`,
    })
  ).items.sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  const groups = buildSliceEndpoints(svc, pods);
  // A Service that selects nothing still has one (empty) slice.
  const wanted = groups.length ? groups : [{ ports: [], endpoints: [] }];
  const labels = {
    ...(svc.metadata.labels ?? {}),
    [SERVICE_NAME_LABEL]: name!,
    [MANAGED_BY_LABEL]: MANAGED_BY,
  };
  for (let i = 0; i < wanted.length; i++) {
    const { ports, endpoints } = wanted[i];
    const current = existing[i];
    if (!current) {
      await client.create<Slice>({
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: {
          generateName: `${name}-`,
          namespace,
          labels,
          ownerReferences: [
            {
              apiVersion: 'v1',
              kind: 'Service',
              name: name!,
              uid: svc.metadata.uid!,
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
        },
        addressType: 'IPv4',
        endpoints,
        ports,
      });
    } else if (
      !isDeepStrictEqual(current.endpoints ?? [], endpoints) ||
      !isDeepStrictEqual(current.ports ?? [], ports) ||
      !isDeepStrictEqual(current.metadata.labels ?? {}, labels)
    ) {
      await client.update<Slice>({
        ...current,
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { ...current.metadata, labels },
        endpoints,
        ports,
      });
    }
  }
  for (const extra of existing.slice(wanted.length))
    await client.delete(ENDPOINT_SLICE, extra.metadata.name!, namespace).catch(ignoreNotFound);
}

/**
 * The endpoints and endpointslice controllers for Services with a selector: Endpoints named after the
 * Service, EndpointSlices owned by it, both rebuilt from the selected pods as they come, go and change readiness.
 * A deleted Service takes its Endpoints with it (the slices go through owner-reference GC).
 */
export function endpointsController(factory: InformerFactory, logger: Logger) {
  const services = factory.informerFor<Service>(SERVICE, {});
  const pods = factory.informerFor<Pod>(POD, {});
  const client = factory.client;
  const controller = new Controller({
    name: 'endpoints',
    logger: logger.child({ controller: 'endpoints' }),
    async reconcile(key) {
      const { namespace, name } = splitKey(key);
      const svc = services.get(key);
      if (!svc) {
        await client.delete(ENDPOINTS, name, namespace).catch(ignoreNotFound);
        return;
      }
      if (!svc.spec?.selector || Object.keys(svc.spec.selector).length === 0) return;
      const selected = selectedPods(svc, pods.list(namespace));
      await syncEndpoints(client, svc, selected);
      await syncSlices(client, svc, selected);
    },
  });
  services.addHandler(enqueueHandler(controller));
  const enqueueServicesOf = (pod: Pod) => {
    for (const svc of services.list(pod.metadata.namespace)) {
      if (svc.spec?.selector && selectedPods(svc, [pod]).length) controller.enqueue(svc);
    }
  };
  pods.addHandler({
    onAdd: enqueueServicesOf,
    onUpdate: (old, pod) => {
      if (old === pod || old.metadata.resourceVersion === pod.metadata.resourceVersion) return;
      enqueueServicesOf(pod);
      if (!isDeepStrictEqual(old.metadata.labels, pod.metadata.labels)) enqueueServicesOf(old);
    },
    onDelete: enqueueServicesOf,
  });
  return { controller, informer: services };
}
