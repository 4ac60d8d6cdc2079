// The whole serving-controller (startServingController, as main.ts runs it) against a private kube-apiserver
// of tools/testenv (its own etcd; no controller-manager, so no Pods: this checks the wiring, not workloads).
// A Service applied through the kube-apiserver goes through the controller's own admission webhook and
// becomes a Configuration, Route, Revision, Deployment, PodAutoscaler, ServerlessService and its Services;
// /readyz turns 200 once the caches synced, the Lease names the leader, and POST /v1/stats answers.
import fs from 'node:fs';
import path from 'node:path';
import { type KubeClient, type KubeObject, connect } from '@kuack/controller';
import { type PrivateKube, eventually, requireServices, startPrivateKube } from '@kuack/testenv';
import pino from 'pino';
import { parse as parseYaml } from 'yaml';
import { type ServingControllerHandle, startServingController } from './app';
import { parseFlags } from './flags';

jest.setTimeout(240_000);

const ROOT = path.resolve(__dirname, '../../..');
const CRD_DIR = path.join(ROOT, 'charts/kuack/files/crds');
const logger = pino({ level: process.env.LOG_LEVEL ?? 'silent' });
const NS = 'default';

let kube: PrivateKube;
let client: KubeClient;
let handle: ServingControllerHandle;

const gvk = (apiVersion: string, kind: string) => ({ apiVersion, kind });
const CRD = gvk('apiextensions.k8s.io/v1', 'CustomResourceDefinition');

beforeAll(async () => {
  await requireServices(['kube']);
  kube = await startPrivateKube({ name: `h3-serving-controller-${process.pid % 100000}` });
  client = connect({ kubeconfigPath: kube.kubeconfigPath, userAgent: 'serving-controller-int' });
  const files = fs
    .readdirSync(CRD_DIR)
    .filter((f) =>
      /(serving\.knative\.dev|networking\.internal\.knative\.dev|autoscaling\.internal\.knative\.dev)\.yaml$/.test(
        f,
      ),
    );
  for (const f of files)
    await client.create(parseYaml(fs.readFileSync(path.join(CRD_DIR, f), 'utf8')) as KubeObject);
  await eventually(async () => {
    for (const f of files) {
      const got = (await client.get(CRD, f.replace(/\.yaml$/, ''))) as KubeObject & {
        status?: { conditions?: { type: string; status: string }[] };
      };
      if (!got.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True'))
        throw new Error(`${f} not Established`);
    }
  });
  await client.create({ ...gvk('v1', 'Namespace'), metadata: { name: 'knative-serving' } });
  await client.create({
    ...gvk('v1', 'ConfigMap'),
    metadata: { name: 'config-deployment', namespace: 'knative-serving' },
    data: {
      'queue-sidecar-image': 'kuack.local/queue-proxy:dev',
      'registries-skipping-tag-resolving': 'kuack.local',
    },
  });
  const flags = parseFlags(
    [
      `--kubeconfig=${kube.kubeconfigPath}`,
      '--health-address=127.0.0.1:0',
      '--autoscaler-address=127.0.0.1:0',
      '--webhook-address=127.0.0.1:0',
      '--image-store=none',
    ],
    {},
  );
  handle = await startServingController({ flags, logger });
});

afterAll(async () => {
  await handle?.stop();
  await kube?.stop();
});

test('/healthz at once, /readyz once synced, /metrics, and the leader Lease', async () => {
  const base = `http://127.0.0.1:${handle.ports.health}`;
  expect((await fetch(`${base}/healthz`)).status).toBe(200);
  await handle.started;
  await eventually(async () => {
    const res = await fetch(`${base}/readyz`);
    if (res.status !== 200) throw new Error(`readyz ${res.status}`);
  });
  const metrics = await (await fetch(`${base}/metrics`)).text();
  expect(metrics).toContain('component="serving-controller"');
  const lease = await eventually(async () => {
    const l = await client.get<KubeObject & { spec?: { holderIdentity?: string } }>(
      gvk('coordination.k8s.io/v1', 'Lease'),
      'serving-controller',
      'knative-serving',
    );
    if (!l.spec?.holderIdentity) throw new Error('no holder yet');
    return l;
  });
  expect(lease.spec?.holderIdentity).toMatch(/_\d+_/);
});

test('POST /v1/stats takes StatMessage[] and names the bad field', async () => {
  const url = `http://127.0.0.1:${handle.ports.autoscaler}/v1/stats`;
  const good = await fetch(url, {
    method: 'POST',
    body: JSON.stringify([
      {
        key: `${NS}/nothing-00001`,
        stat: {
          podName: 'activator',
          averageConcurrentRequests: 1,
          averageProxiedConcurrentRequests: 1,
          requestCount: 1,
          proxiedRequestCount: 1,
          timestamp: Date.now(),
        },
      },
    ]),
  });
  expect(good.status).toBeLessThan(300);
  const bad = await fetch(url, {
    method: 'POST',
    body: JSON.stringify([{ key: 'x/y', stat: { podName: 3 } }]),
  });
  expect(bad.status).toBe(400);
  expect(await bad.text()).toMatch(/podName|stat/);
  expect((await fetch(url)).status).toBe(405);
});

test('a Service becomes Configuration, Route, Revision, Deployment, PodAutoscaler, SKS and Services', async () => {
  await handle.started;
  // Through the controller's own webhook: the stored Service carries Knative's defaults.
  const ksvc = await eventually(() =>
    client.create<KubeObject>({
      ...gvk('serving.knative.dev/v1', 'Service'),
      metadata: { name: 'hello', namespace: NS },
      spec: { template: { spec: { containers: [{ image: 'kuack.local/hello:dev' }] } } },
    }),
  );
  expect((ksvc.spec as { traffic: unknown }).traffic).toEqual([{ latestRevision: true, percent: 100 }]);

  const get = (apiVersion: string, kind: string, name: string) =>
    eventually(() => client.get(gvk(apiVersion, kind), name, NS), { timeoutMs: 60_000 });
  await get('serving.knative.dev/v1', 'Configuration', 'hello');
  await get('serving.knative.dev/v1', 'Route', 'hello');
  const rev = await get('serving.knative.dev/v1', 'Revision', 'hello-00001');
  const dep = await get('apps/v1', 'Deployment', 'hello-00001-deployment');
  expect(dep.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Revision', uid: rev.metadata.uid });
  const containers = (dep.spec as { template: { spec: { containers: { name: string; image: string }[] } } })
    .template.spec.containers;
  expect(containers.map((c) => c.name)).toEqual(['user-container', 'queue-proxy']);
  expect(containers[1].image).toBe('kuack.local/queue-proxy:dev');
  await get('autoscaling.internal.knative.dev/v1alpha1', 'PodAutoscaler', 'hello-00001');
  await get('networking.internal.knative.dev/v1alpha1', 'ServerlessService', 'hello-00001');
  await get('v1', 'Service', 'hello-00001-private');
  await get('v1', 'Service', 'hello-00001');
  await get('v1', 'Endpoints', 'hello-00001');
});
