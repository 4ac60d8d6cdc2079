// The KPA PodAutoscaler controller in process against the real kube-apiserver + kube-controller-manager of
// tools/testenv (Kuack's CRDs from charts/kuack/files/crds). A PA with a real Deployment gets its
// ServerlessService, and the Deployment's replicas follow the stats pushed to POST /v1/stats: up (panic),
// Serve once the burst capacity fits, down by the scale-down rate, to zero after a stable window + the grace
// period, and back to 1 on the activator's poke.
//
// Stand-ins, allowed HERE only because those components are not under test: this test writes the SKS status
// (the ServerlessService reconciler's job) and the private Service's Endpoints (what the endpoints controller
// writes from ready pods on a node). It does NOT write Deployment status: the PA counts ready pods from the
// private Endpoints, so no Deployment status is needed, and kube-controller-manager would overwrite it anyway.
// The activator probe is replaced by a function answering true (there is no activator here; the probe itself
// is unit-tested). Pushes are aligned to the middle of each second so every 1-second bucket gets exactly one.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { StatMessage } from '@kuack/autoscaler';
import {
  ConfigStore,
  ControllerManager,
  InformerFactory,
  type KubeClient,
  type KubeObject,
  autoscalerConfig,
  connect,
  deploymentConfig,
} from '@kuack/controller';
import { eventually, requireServices } from '@kuack/testenv';
import pino from 'pino';
import { parse as parseYaml } from 'yaml';
import { podAutoscalerController } from '../controller';
import {
  POD_AUTOSCALER,
  type PodAutoscalerObject,
  SERVERLESS_SERVICE,
  type ServerlessServiceObject,
} from '../types';

jest.setTimeout(240_000);

const ROOT = path.resolve(__dirname, '../../../../..');
const CRD_FILES = [
  'podautoscalers.autoscaling.internal.knative.dev.yaml',
  'serverlessservices.networking.internal.knative.dev.yaml',
];
const NS = `h6-pa-int-${process.pid}`;
const CRD = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition' };
const NAMESPACE = { apiVersion: 'v1', kind: 'Namespace' };
const CONFIG_MAP = { apiVersion: 'v1', kind: 'ConfigMap' };
const DEPLOYMENT = { apiVersion: 'apps/v1', kind: 'Deployment' };
const SERVICE = { apiVersion: 'v1', kind: 'Service' };
const ENDPOINTS = { apiVersion: 'v1', kind: 'Endpoints' };
const KEY = `${NS}/rev1`;
const logger = pino({ level: process.env.LOG_LEVEL ?? 'silent' });

let client: KubeClient;
let manager: ControllerManager;
let server: http.Server;
let statsUrl: string;
let pusher: { stop(): void; set(concurrency: number): void } | undefined;

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

async function postStats(messages: StatMessage[]): Promise<number> {
  const res = await fetch(statsUrl, { method: 'POST', body: JSON.stringify(messages) });
  return res.status;
}

const statOf = (concurrency: number): StatMessage => ({
  key: KEY,
  stat: {
    podName: 'activator-test',
    averageConcurrentRequests: concurrency,
    averageProxiedConcurrentRequests: 0,
    requestCount: concurrency,
    proxiedRequestCount: 0,
    timestamp: Date.now(),
  },
});

/** Pushes one stat per second, in the middle of each second (one per 1-second bucket). */
function startPusher(initial: number) {
  let value = initial;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    void postStats([statOf(value)]);
    timer = setTimeout(tick, 1500 - (Date.now() % 1000));
  };
  timer = setTimeout(tick, 1500 - (Date.now() % 1000));
  return {
    set: (v: number) => (value = v),
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}

/** Stands in for the endpoints controller: `ready` pod addresses in the private Service's Endpoints. */
async function setReadyPods(ready: number): Promise<void> {
  const body = {
    ...ENDPOINTS,
    metadata: { name: 'rev1-private', namespace: NS },
    subsets:
      ready === 0
        ? []
        : [
            {
              addresses: Array.from({ length: ready }, (_, i) => ({ ip: `10.248.200.${i + 1}` })),
              ports: [{ name: 'http-autometric', port: 9090, protocol: 'TCP' }],
            },
          ],
  };
  try {
    const current = await client.get(ENDPOINTS, 'rev1-private', NS);
    await client.update({
      ...body,
      metadata: { ...body.metadata, resourceVersion: current.metadata.resourceVersion },
    });
  } catch {
    await client.create(body);
  }
}

const getPa = () => client.get<PodAutoscalerObject>(POD_AUTOSCALER, 'rev1', NS);
const getSks = () => client.get<ServerlessServiceObject>(SERVERLESS_SERVICE, 'rev1', NS);
const replicas = async () =>
  ((await client.get(DEPLOYMENT, 'rev1-deployment', NS)).spec as { replicas: number }).replicas;
const condition = (pa: PodAutoscalerObject, type: string) => {
  const c = pa.status?.conditions?.find((x) => x.type === type);
  return c ? `${c.status}${c.reason ? ` ${c.reason}` : ''}` : undefined;
};

beforeAll(async () => {
  const env = await requireServices(['kube']);
  client = connect({ kubeconfigPath: env.kube.kubeconfigPath, userAgent: 'podautoscaler-int' });
  await installCrds();
  await client.create({ ...NAMESPACE, metadata: { name: NS } });
  await client.create({
    ...CONFIG_MAP,
    metadata: { name: 'config-autoscaler', namespace: NS },
    data: { 'stable-window': '10s', 'panic-window-percentage': '20', 'scale-to-zero-grace-period': '1s' },
  });

  const factory = new InformerFactory(client, { logger });
  const config = new ConfigStore([autoscalerConfig, deploymentConfig], { logger });
  const configMaps = factory.informerFor(CONFIG_MAP, { namespace: NS });
  configMaps.addHandler(config.handler());
  const pa = podAutoscalerController({
    factory,
    logger,
    config,
    configMaps,
    probeActivator: async () => true,
  });
  manager = new ControllerManager({ factory, logger, controllers: [pa.controller] });
  await manager.start();
  expect(config.get(autoscalerConfig).stableWindowSeconds).toBe(10);

  server = http.createServer(pa.statsHandler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  statsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/stats`;
});

afterAll(async () => {
  pusher?.stop();
  await manager?.stop();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  await client?.delete(NAMESPACE, NS).catch(() => undefined);
});

test('a PA gets its SKS and the Deployment replicas follow the pushed stats: up, Serve, down, to zero, and back on a poke', async () => {
  await client.create({
    ...DEPLOYMENT,
    metadata: { name: 'rev1-deployment', namespace: NS, labels: { 'serving.knative.dev/revision': 'rev1' } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { 'serving.knative.dev/revision': 'rev1' } },
      template: {
        metadata: { labels: { 'serving.knative.dev/revision': 'rev1' } },
        spec: { containers: [{ name: 'user-container', image: 'registry.invalid/never-pulled:1' }] },
      },
    },
  });
  await client.create({
    apiVersion: POD_AUTOSCALER.apiVersion,
    kind: POD_AUTOSCALER.kind,
    metadata: {
      name: 'rev1',
      namespace: NS,
      labels: { 'serving.knative.dev/revision': 'rev1' },
      annotations: {
        'autoscaling.knative.dev/class': 'kpa.autoscaling.knative.dev',
        'autoscaling.knative.dev/metric': 'concurrency',
        'autoscaling.knative.dev/target': '10', // 7 per pod at 70%, capacity 10 per pod
        'autoscaling.knative.dev/target-burst-capacity': '5',
      },
    },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'rev1-deployment' },
      protocolType: 'http1',
      reachability: 'Reachable',
    },
  });

  // 1. The SKS appears in Proxy mode, owned by the PA; the PA waits for its private service.
  const sks = await eventually(async () => {
    const s = await getSks();
    expect(s.spec).toMatchObject({ mode: 'Proxy', numActivators: 2, objectRef: { name: 'rev1-deployment' } });
    return s;
  });
  expect(sks.metadata.ownerReferences?.[0]).toMatchObject({
    kind: 'PodAutoscaler',
    name: 'rev1',
    controller: true,
  });
  await eventually(async () => expect(condition(await getPa(), 'SKSReady')).toBe('Unknown NotReady'));

  // Stand in for the SKS reconciler and the endpoints controller: one ready pod.
  await client.create({
    ...SERVICE,
    metadata: { name: 'rev1-private', namespace: NS },
    spec: { ports: [{ name: 'http-autometric', port: 9090, targetPort: 9090 }] },
  });
  await setReadyPods(1);
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  await client.updateStatus({
    ...sks,
    status: {
      observedGeneration: sks.metadata.generation,
      serviceName: 'rev1',
      privateServiceName: 'rev1-private',
      conditions: ['EndpointsPopulated', 'Ready'].map((type) => ({
        type,
        status: 'True',
        lastTransitionTime: now,
      })),
    },
  });

  // 2. A burst: 20 concurrent over 1 pod at target 7 → ceil(20/7) = 3 pods, in panic (3/1 ≥ 2);
  //    EBC = floor(1 × 10 − 5 − 20) < 0 → Proxy.
  pusher = startPusher(20);
  await eventually(async () => expect(await replicas()).toBe(3), { timeoutMs: 30_000 });
  await eventually(async () => {
    const pa = await getPa();
    expect(pa.status).toMatchObject({
      desiredScale: 3,
      actualScale: 1,
      serviceName: 'rev1',
      metricsServiceName: 'rev1-private',
    });
    expect(condition(pa, 'Active')).toBe('True');
    expect(condition(pa, 'SKSReady')).toBe('True');
    expect(condition(pa, 'ScaleTargetInitialized')).toBe('True');
    expect(condition(pa, 'Ready')).toBe('True');
  });
  expect((await getSks()).spec.mode).toBe('Proxy');

  // 3. Three pods ready: EBC = floor(3 × 10 − 5 − 20) = 5 ≥ 0 → Serve (activators: max(2, ceil(35 / 100))).
  await setReadyPods(3);
  await eventually(async () =>
    expect((await getSks()).spec).toMatchObject({ mode: 'Serve', numActivators: 2 }),
  );
  await eventually(async () => expect((await getPa()).status?.actualScale).toBe(3));

  // 4. Load gone: after panic ends, the scale-down rate allows floor(3 / 2) = 1.
  pusher.set(0);
  await eventually(async () => expect(await replicas()).toBe(1), { timeoutMs: 60_000 });
  await setReadyPods(1);

  // 5. Idle for the stable window: Inactive NoTraffic, SKS Proxy; after the grace (1 s) → 0 replicas.
  await eventually(async () => expect(await replicas()).toBe(0), { timeoutMs: 60_000 });
  const idle = await getPa();
  expect(condition(idle, 'Active')).toBe('False NoTraffic');
  expect(idle.status?.desiredScale).toBe(0);
  expect((await getSks()).spec.mode).toBe('Proxy');
  await setReadyPods(0);

  // 6. The activator's poke (first request to the revision at zero) → 1 replica, Active Queued.
  pusher.stop();
  expect(await postStats([statOf(1)])).toBe(202);
  await eventually(async () => expect(await replicas()).toBe(1), { timeoutMs: 15_000 });
  await eventually(async () => {
    const pa = await getPa();
    expect(pa.status?.desiredScale).toBe(1);
    expect(condition(pa, 'Active')).toBe('Unknown Queued');
  });

  // Bad stats are refused with the field named.
  const bad = await fetch(statsUrl, {
    method: 'POST',
    body: JSON.stringify([{ key: KEY, stat: { podName: 'x' } }]),
  });
  expect(bad.status).toBe(400);
  expect(await bad.text()).toContain('[0].stat.averageConcurrentRequests');
});
