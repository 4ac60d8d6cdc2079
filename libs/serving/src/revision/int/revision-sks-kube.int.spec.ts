// The Revision and ServerlessService controllers in process against the real kube-apiserver +
// kube-controller-manager + kube-scheduler of tools/testenv (Kuack's CRDs from charts/kuack/files/crds).
// - A Revision gets its Deployment (user container + queue-proxy, owned, labelled) and its PodAutoscaler;
//   kube-controller-manager makes the Pods and the real scheduler cannot place them (a nodeSelector no node
//   has), which the Revision reports as ResourcesAvailable=False Unschedulable with the scheduler's message.
// - An image whose registry does not answer: ContainerHealthy=False ContainerMissing.
// - A ServerlessService gets its private and public Services and public Endpoints; in Proxy mode those are
//   the activator's addresses. Stand-in, allowed because the activator is not under test: this test registers
//   the activator's Endpoints itself (in its own system namespace, so it never meets the real activator).
// Serve mode with running pods needs a node agent: the lead's end-to-end tests cover it.
import fs from 'node:fs';
import path from 'node:path';
import {
  ConfigStore,
  ControllerManager,
  InformerFactory,
  type KubeClient,
  type KubeObject,
  autoscalerConfig,
  connect,
  defaultsConfig,
  deploymentConfig,
  observabilityConfig,
} from '@kuack/controller';
import { eventually, requireServices } from '@kuack/testenv';
import pino from 'pino';
import { parse as parseYaml } from 'yaml';
import { serverlessServiceController } from '../../serverlessservice/controller';
import { revisionConfigFrom, revisionController } from '../controller';
import { ociDigestSource } from '../oci-digest-source';
import {
  DEPLOYMENT,
  POD_AUTOSCALER,
  type PodAutoscalerObject,
  REVISION,
  type RevisionObject,
} from '../types';
import type { Deployment } from '../types';

jest.setTimeout(180_000);

const ROOT = path.resolve(__dirname, '../../../../..');
const CRD_FILES = [
  'revisions.serving.knative.dev.yaml',
  'podautoscalers.autoscaling.internal.knative.dev.yaml',
  'serverlessservices.networking.internal.knative.dev.yaml',
];
const NS = `h3-rev-int-${process.pid}`;
const SYSTEM_NS = `h3-rev-int-sys-${process.pid}`;
const CRD = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition' };
const NAMESPACE = { apiVersion: 'v1', kind: 'Namespace' };
const SERVICE = { apiVersion: 'v1', kind: 'Service' };
const ENDPOINTS = { apiVersion: 'v1', kind: 'Endpoints' };
const SKS = { apiVersion: 'networking.internal.knative.dev/v1alpha1', kind: 'ServerlessService' };
const logger = pino({ level: process.env.LOG_LEVEL ?? 'silent' });

let client: KubeClient;
let manager: ControllerManager;

async function installCrds(): Promise<void> {
  for (const file of CRD_FILES) {
    const crd = parseYaml(
      fs.readFileSync(path.join(ROOT, 'charts/kuack/files/crds', file), 'utf8'),
    ) as KubeObject;
    try {
      await client.create(crd);
    } catch {
      const current = await client.get(CRD, crd.metadata.name as string);
      await client.update({
        ...crd,
        metadata: { ...crd.metadata, resourceVersion: current.metadata.resourceVersion },
      });
    }
  }
  await eventually(async () => {
    for (const file of CRD_FILES) {
      const got = (await client.get(CRD, file.replace(/\.yaml$/, ''))) as KubeObject & {
        status?: { conditions?: { type: string; status: string }[] };
      };
      if (!got.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True'))
        throw new Error(`${file} not Established`);
    }
  });
}

function revision(name: string, image: string, extra: Record<string, unknown> = {}): RevisionObject {
  return {
    apiVersion: REVISION.apiVersion,
    kind: REVISION.kind,
    metadata: {
      name,
      namespace: NS,
      labels: {
        'serving.knative.dev/configuration': 'hello',
        'serving.knative.dev/configurationGeneration': '1',
        'serving.knative.dev/service': 'hello',
      },
    },
    spec: {
      containerConcurrency: 0,
      timeoutSeconds: 120,
      containers: [
        {
          name: 'user-container',
          image,
          ports: [{ containerPort: 8081 }],
          readinessProbe: { tcpSocket: { port: 0 }, successThreshold: 1 },
        },
      ],
      ...extra,
    } as RevisionObject['spec'],
  };
}

const conditionOf = (
  obj: { status?: { conditions?: { type: string; status: string; reason?: string; message?: string }[] } },
  type: string,
) => obj.status?.conditions?.find((c) => c.type === type);

beforeAll(async () => {
  const env = await requireServices(['kube']);
  client = connect({ kubeconfigPath: env.kube.kubeconfigPath, userAgent: 'revision-int' });
  await installCrds();
  await client.create({ ...NAMESPACE, metadata: { name: NS } });
  await client.create({ ...NAMESPACE, metadata: { name: SYSTEM_NS } });

  const factory = new InformerFactory(client, { logger });
  const config = new ConfigStore([autoscalerConfig, defaultsConfig, deploymentConfig, observabilityConfig], {
    logger,
  });
  // What config-deployment says in Kuack's seeds; applied directly (no ConfigMap needed for this test).
  expect(
    config.apply('config-deployment', {
      'queue-sidecar-image': 'kuack.local/queue-proxy:dev',
      'registries-skipping-tag-resolving': 'kuack.local',
      'digest-resolution-timeout': '3s',
    }),
  ).toBe(true);
  const revisions = revisionController({
    factory,
    logger,
    config: () => revisionConfigFrom(config),
    digestSource: ociDigestSource(),
    systemNamespace: SYSTEM_NS,
  });
  const sks = serverlessServiceController({ factory, logger, systemNamespace: SYSTEM_NS });
  manager = new ControllerManager({ factory, logger, controllers: [revisions.controller, sks.controller] });
  await manager.start();
});

afterAll(async () => {
  await manager?.stop();
  await client?.delete(NAMESPACE, NS).catch(() => undefined);
  await client?.delete(NAMESPACE, SYSTEM_NS).catch(() => undefined);
});

test('a Revision gets its Deployment and PodAutoscaler, and reports the scheduler refusing its Pods', async () => {
  const created = await client.create(
    revision('hello-00001', 'kuack.local/hello:dev', {
      nodeSelector: { 'kuack.dev/h3-no-such-node': 'true' },
    }),
  );

  const deployment = await eventually(() => client.get<Deployment>(DEPLOYMENT, 'hello-00001-deployment', NS));
  expect(deployment.metadata.ownerReferences).toEqual([
    expect.objectContaining({
      kind: 'Revision',
      name: 'hello-00001',
      uid: created.metadata.uid,
      controller: true,
    }),
  ]);
  expect(deployment.spec.template.metadata?.labels).toMatchObject({
    'serving.knative.dev/service': 'hello',
    'serving.knative.dev/configuration': 'hello',
    'serving.knative.dev/revision': 'hello-00001',
    'serving.knative.dev/revisionUID': created.metadata.uid,
  });
  expect(deployment.spec.strategy?.rollingUpdate?.maxUnavailable).toBe(0);
  expect(deployment.spec.progressDeadlineSeconds).toBe(600);
  const pod = deployment.spec.template.spec!;
  expect(pod.terminationGracePeriodSeconds).toBe(120);
  expect(pod.containers.map((c) => [c.name, c.image])).toEqual([
    ['user-container', 'kuack.local/hello:dev'],
    ['queue-proxy', 'kuack.local/queue-proxy:dev'],
  ]);
  expect(pod.containers[0].env).toEqual(
    expect.arrayContaining([
      { name: 'PORT', value: '8081' },
      { name: 'K_REVISION', value: 'hello-00001' },
      { name: 'K_SERVICE', value: 'hello' },
    ]),
  );

  const pa = await eventually(() => client.get<PodAutoscalerObject>(POD_AUTOSCALER, 'hello-00001', NS));
  expect(pa.spec.scaleTargetRef).toEqual({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    name: 'hello-00001-deployment',
  });
  expect(pa.metadata.annotations).toMatchObject({
    'autoscaling.knative.dev/class': 'kpa.autoscaling.knative.dev',
  });

  // The real scheduler leaves the Pod pending: the Revision says why.
  const failed = await eventually(
    async () => {
      const rev = await client.get<RevisionObject>(REVISION, 'hello-00001', NS);
      const ra = conditionOf(rev, 'ResourcesAvailable');
      if (ra?.status !== 'False') throw new Error(`ResourcesAvailable is ${JSON.stringify(ra)}`);
      return rev;
    },
    { timeoutMs: 60_000 },
  );
  expect(conditionOf(failed, 'ResourcesAvailable')).toMatchObject({ reason: 'Unschedulable' });
  expect(conditionOf(failed, 'ResourcesAvailable')?.message).toMatch(/node/);
  expect(conditionOf(failed, 'Ready')).toMatchObject({ status: 'False', reason: 'Unschedulable' });
  expect(failed.status?.containerStatuses).toEqual([{ name: 'user-container' }]); // kuack.local skips resolution
  // Many reconciles later the Deployment was never rewritten: what the API server defaults compares equal.
  const settled = await client.get<Deployment>(DEPLOYMENT, 'hello-00001-deployment', NS);
  expect(settled.metadata.generation).toBe(1);
  // A failed revision without ready pods is Unreachable for the autoscaler.
  await eventually(async () => {
    const p = await client.get<PodAutoscalerObject>(POD_AUTOSCALER, 'hello-00001', NS);
    if (p.spec.reachability !== 'Unreachable') throw new Error(`reachability ${p.spec.reachability}`);
  });
});

test('an image whose registry does not answer: ContainerHealthy False ContainerMissing, nothing deployed', async () => {
  await client.create(revision('broken-00001', '127.0.0.1:9/nope/app:v1'));
  const rev = await eventually(
    async () => {
      const r = await client.get<RevisionObject>(REVISION, 'broken-00001', NS);
      if (conditionOf(r, 'ContainerHealthy')?.status !== 'False') throw new Error('not failed yet');
      return r;
    },
    { timeoutMs: 60_000 },
  );
  expect(conditionOf(rev, 'ContainerHealthy')).toMatchObject({ reason: 'ContainerMissing' });
  expect(conditionOf(rev, 'ContainerHealthy')?.message).toMatch(
    /^Unable to fetch image "127\.0\.0\.1:9\/nope\/app:v1": failed to resolve image to digest: /,
  );
  expect(conditionOf(rev, 'Ready')?.status).toBe('False');
  await expect(client.get(DEPLOYMENT, 'broken-00001-deployment', NS)).rejects.toThrow();
});

test('a ServerlessService gets its Services and, in Proxy mode, public Endpoints pointing at the activator', async () => {
  await client.create({
    ...ENDPOINTS,
    metadata: { name: 'activator-service', namespace: SYSTEM_NS },
    subsets: [{ addresses: [{ ip: '10.248.9.9' }], ports: [{ name: 'http', port: 8012, protocol: 'TCP' }] }],
  });
  const sks = await client.create<KubeObject>({
    ...SKS,
    metadata: { name: 'sks-00001', namespace: NS, labels: { 'serving.knative.dev/revision': 'sks-00001' } },
    spec: {
      mode: 'Proxy',
      numActivators: 0,
      protocolType: 'http1',
      objectRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'sks-00001-deployment' },
    },
  });

  const privateSvc = await eventually(() => client.get(SERVICE, 'sks-00001-private', NS));
  expect(privateSvc.spec).toMatchObject({ selector: { 'serving.knative.dev/revision': 'sks-00001' } });
  expect((privateSvc.spec as { ports: { name: string; port: number; targetPort: number }[] }).ports).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ name: 'http', port: 80, targetPort: 8012 }),
      expect.objectContaining({ name: 'http-autometric', port: 9090, targetPort: 9090 }),
      expect.objectContaining({ name: 'http-queueadm', port: 8022, targetPort: 8022 }),
    ]),
  );
  const publicSvc = await eventually(() => client.get(SERVICE, 'sks-00001', NS));
  expect((publicSvc.spec as { selector?: unknown }).selector).toBeUndefined();
  expect(publicSvc.metadata.ownerReferences?.[0]).toMatchObject({
    kind: 'ServerlessService',
    uid: sks.metadata.uid,
  });

  const eps = await eventually(async () => {
    const e = await client.get<KubeObject & { subsets?: { addresses?: { ip: string }[] }[] }>(
      ENDPOINTS,
      'sks-00001',
      NS,
    );
    if (!e.subsets?.length) throw new Error('no subsets yet');
    return e;
  });
  expect(eps.subsets).toEqual([
    { addresses: [{ ip: '10.248.9.9' }], ports: [{ name: 'http', port: 8012, protocol: 'TCP' }] },
  ]);
  const status = await eventually(async () => {
    const s = await client.get<KubeObject & { status?: Record<string, unknown> }>(SKS, 'sks-00001', NS);
    if (s.status?.serviceName !== 'sks-00001') throw new Error('status not written yet');
    return s;
  });
  expect(status.status).toMatchObject({ serviceName: 'sks-00001', privateServiceName: 'sks-00001-private' });
  expect(conditionOf(status as never, 'ActivatorEndpointsPopulated')?.status).toBe('True');
  expect(conditionOf(status as never, 'EndpointsPopulated')).toMatchObject({
    status: 'Unknown',
    reason: 'NoHealthyBackends',
  });

  // Settled: the Services and Endpoints are not rewritten on further reconciles (API server defaults compare equal).
  const versions = async () =>
    Promise.all([
      client.get(SERVICE, 'sks-00001', NS),
      client.get(SERVICE, 'sks-00001-private', NS),
      client.get(ENDPOINTS, 'sks-00001', NS),
    ]).then((objs) => objs.map((o) => o.metadata.resourceVersion).join());
  const before = await versions();
  const current = await client.get<KubeObject>(SKS, 'sks-00001', NS);
  await client.update({
    ...current,
    metadata: { ...current.metadata, labels: { ...current.metadata.labels, poke: '1' } },
  });
  await new Promise((r) => setTimeout(r, 2000));
  // The label change is the only write expected (it reaches the Services' labels).
  const after = await versions();
  const svc = await client.get(SERVICE, 'sks-00001', NS);
  expect(svc.metadata.labels?.poke).toBe('1');
  await new Promise((r) => setTimeout(r, 2000));
  expect(await versions()).toBe(after);
  expect(after).not.toBe(before);

  // The activator moves: the public Endpoints follow.
  const activator = await client.get(ENDPOINTS, 'activator-service', SYSTEM_NS);
  await client.update({
    ...activator,
    subsets: [{ addresses: [{ ip: '10.248.9.10' }], ports: [{ name: 'http', port: 8012, protocol: 'TCP' }] }],
  });
  await eventually(async () => {
    const e = await client.get<KubeObject & { subsets?: { addresses?: { ip: string }[] }[] }>(
      ENDPOINTS,
      'sks-00001',
      NS,
    );
    const ips = (e.subsets ?? []).flatMap((s) => (s.addresses ?? []).map((a) => a.ip));
    if (ips.join() !== '10.248.9.10') throw new Error(`public endpoints ${ips.join()}`);
  });
});
