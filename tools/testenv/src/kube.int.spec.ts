// The shared control plane works for @kubernetes/client-node: CRDs, watches, and the controller-manager and
// scheduler acting on workloads.
import * as k8s from '@kubernetes/client-node';

import { eventually } from './eventually';
import { requireServices } from './require-services';

jest.setTimeout(120_000);

const suffix = `${process.pid}-${Date.now().toString(36)}`;
const group = `smoke-${suffix}.testenv.kuack.dev`;
const plural = 'widgets';
const namespace = `testenv-smoke-${suffix}`;

let kc: k8s.KubeConfig;

beforeAll(async () => {
  const env = await requireServices(['kube']);
  kc = new k8s.KubeConfig();
  kc.loadFromFile(env.kube.kubeconfigPath);
  await kc.makeApiClient(k8s.CoreV1Api).createNamespace({ body: { metadata: { name: namespace } } });
}, 900_000);

afterAll(async () => {
  await kc
    .makeApiClient(k8s.CoreV1Api)
    .deleteNamespace({ name: namespace })
    .catch(() => undefined);
  await kc
    .makeApiClient(k8s.ApiextensionsV1Api)
    .deleteCustomResourceDefinition({ name: `${plural}.${group}` })
    .catch(() => undefined);
});

describe('custom resources', () => {
  it('creates a CRD and watches a custom object being added, modified and deleted', async () => {
    const extensions = kc.makeApiClient(k8s.ApiextensionsV1Api);
    // client-node's typed models name `x-kubernetes-*` schema fields `x_kubernetes_*` and drop unknown keys.
    await extensions.createCustomResourceDefinition({
      body: {
        metadata: { name: `${plural}.${group}` },
        spec: {
          group,
          scope: 'Namespaced',
          names: { plural, singular: 'widget', kind: 'Widget' },
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              schema: {
                openAPIV3Schema: {
                  type: 'object',
                  properties: { spec: { type: 'object', x_kubernetes_preserve_unknown_fields: true } },
                },
              },
            },
          ],
        },
      },
    });
    await eventually(async () => {
      const crd = await extensions.readCustomResourceDefinition({ name: `${plural}.${group}` });
      const established = crd.status?.conditions?.find((c) => c.type === 'Established');
      expect(established?.status).toBe('True');
    });

    const objects = kc.makeApiClient(k8s.CustomObjectsApi);
    const base = { group, version: 'v1', namespace, plural };
    // A new resource answers 429 until its watch cache is initialised; clients retry (informers too).
    await eventually(() => objects.listNamespacedCustomObject({ ...base, resourceVersion: '0' }));

    const seen: Array<{ type: string; color: unknown }> = [];
    const controller = await new k8s.Watch(kc).watch(
      `/apis/${group}/v1/namespaces/${namespace}/${plural}`,
      {},
      (type, object) => seen.push({ type, color: object?.spec?.color }),
      (error) => {
        if (error) seen.push({ type: 'ERROR', color: String(error) });
      },
    );
    try {
      const created = (await objects.createNamespacedCustomObject({
        ...base,
        body: { apiVersion: `${group}/v1`, kind: 'Widget', metadata: { name: 'w1' }, spec: { color: 'red' } },
      })) as { metadata: { resourceVersion: string } };
      await objects.replaceNamespacedCustomObject({
        ...base,
        name: 'w1',
        body: {
          apiVersion: `${group}/v1`,
          kind: 'Widget',
          metadata: { name: 'w1', resourceVersion: created.metadata.resourceVersion },
          spec: { color: 'blue' },
        },
      });
      await objects.deleteNamespacedCustomObject({ ...base, name: 'w1' });

      await eventually(() =>
        expect(seen).toEqual([
          { type: 'ADDED', color: 'red' },
          { type: 'MODIFIED', color: 'blue' },
          { type: 'DELETED', color: 'blue' },
        ]),
      );
    } finally {
      controller.abort();
    }
  });
});

describe('workloads', () => {
  it('turns a Deployment into a ReplicaSet and Pods that the scheduler reports unschedulable (no nodes)', async () => {
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const labels = { app: 'smoke' };
    const deployment = await apps.createNamespacedDeployment({
      namespace,
      body: {
        metadata: { name: 'smoke' },
        spec: {
          replicas: 2,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: { containers: [{ name: 'app', image: 'example.invalid/app:1' }] },
          },
        },
      },
    });

    const replicaSet = await eventually(async () => {
      const { items } = await apps.listNamespacedReplicaSet({ namespace });
      expect(items).toHaveLength(1);
      expect(items[0].metadata?.ownerReferences?.[0]).toMatchObject({
        kind: 'Deployment',
        uid: deployment.metadata?.uid,
      });
      return items[0];
    });

    const pods = await eventually(async () => {
      const { items } = await core.listNamespacedPod({ namespace });
      expect(items).toHaveLength(2);
      for (const pod of items) {
        expect(pod.metadata?.ownerReferences?.[0]).toMatchObject({
          kind: 'ReplicaSet',
          uid: replicaSet.metadata?.uid,
        });
        expect(pod.status?.conditions?.find((c) => c.type === 'PodScheduled')).toMatchObject({
          status: 'False',
          reason: 'Unschedulable',
        });
      }
      return items;
    });
    expect(pods.every((pod) => pod.status?.phase === 'Pending')).toBe(true);
  });
});
