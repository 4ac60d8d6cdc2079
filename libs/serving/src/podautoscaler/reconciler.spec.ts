import { AutoscalingAnnotations, getCondition } from '@kuack/api';
import { MetricCollector, type Stat, autoscalerSpecFor } from '@kuack/autoscaler';
import { defaultAutoscaler, keyOf, type KubeObject, type Lister, wrapReconciler } from '@kuack/controller';
import { RecordingKubeClient } from '@kuack/testing';
import pino from 'pino';
import { Deciders } from './deciders';
import {
  type PodAutoscalerConfig,
  PrivateEndpoints,
  podAutoscalerHooks,
  podAutoscalerReconciler,
} from './reconciler';
import {
  ENDPOINTS,
  type EndpointsObject,
  POD_AUTOSCALER,
  type PodAutoscalerObject,
  SERVERLESS_SERVICE,
  type ServerlessServiceObject,
} from './types';

const NOW = Date.parse('2026-06-01T12:00:00Z');
const iso = (secondsAgo: number) => new Date(NOW - secondsAgo * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const A = 'autoscaling.knative.dev/';
const logger = pino({ level: 'silent' });

function pa(
  opts: {
    annotations?: Record<string, string>;
    active?: ['True' | 'False' | 'Unknown', number, string?];
    initialized?: boolean;
    desiredScale?: number;
    reachability?: 'Reachable' | 'Unreachable';
  } = {},
): PodAutoscalerObject {
  const conditions = [];
  if (opts.active) {
    conditions.push({
      type: 'Active',
      status: opts.active[0],
      lastTransitionTime: iso(opts.active[1]),
      reason: opts.active[2],
    });
  }
  if (opts.initialized)
    conditions.push({ type: 'ScaleTargetInitialized', status: 'True', lastTransitionTime: iso(1000) });
  return {
    apiVersion: POD_AUTOSCALER.apiVersion,
    kind: POD_AUTOSCALER.kind,
    metadata: {
      name: 'rev',
      namespace: 'ns',
      uid: 'pa-uid',
      generation: 1,
      labels: { 'serving.knative.dev/revision': 'rev' },
      annotations: {
        [`${A}class`]: 'kpa.autoscaling.knative.dev',
        [`${A}metric`]: 'concurrency',
        ...opts.annotations,
      },
    },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'rev-deployment' },
      protocolType: 'http1',
      ...(opts.reachability ? { reachability: opts.reachability } : {}),
    },
    status: {
      conditions: conditions as never,
      ...(opts.desiredScale !== undefined ? { desiredScale: opts.desiredScale } : {}),
    },
  };
}

function sks(mode: 'Serve' | 'Proxy', ready = true, proxySecondsAgo?: number): ServerlessServiceObject {
  const conditions: object[] = [
    { type: 'Ready', status: ready ? 'True' : 'Unknown', message: ready ? undefined : 'no endpoints' },
  ];
  if (proxySecondsAgo !== undefined)
    conditions.push({
      type: 'ActivatorEndpointsPopulated',
      status: 'True',
      lastTransitionTime: iso(proxySecondsAgo),
    });
  return {
    apiVersion: SERVERLESS_SERVICE.apiVersion,
    kind: SERVERLESS_SERVICE.kind,
    metadata: {
      name: 'rev',
      namespace: 'ns',
      ownerReferences: [
        {
          apiVersion: POD_AUTOSCALER.apiVersion,
          kind: 'PodAutoscaler',
          name: 'rev',
          uid: 'pa-uid',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
      labels: { 'serving.knative.dev/revision': 'rev' },
      annotations: { [`${A}class`]: 'kpa.autoscaling.knative.dev' },
    },
    spec: {
      mode,
      objectRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'rev-deployment' },
      protocolType: 'http1',
      numActivators: 3,
    },
    status: { serviceName: 'rev', privateServiceName: 'rev-private', conditions: conditions as never },
  };
}

const deployment = (replicas: number): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'rev-deployment', namespace: 'ns' },
  spec: { replicas },
});

const endpoints = (ready: number): EndpointsObject => ({
  apiVersion: 'v1',
  kind: 'Endpoints',
  metadata: { name: 'rev-private', namespace: 'ns' },
  subsets: [
    {
      addresses: Array.from({ length: ready }, (_, i) => ({
        ip: `10.0.0.${i + 1}`,
        targetRef: { name: `pod-${i}` },
      })),
      ports: [{ name: 'http-autometric', port: 9090 }],
    },
  ],
});

interface Row {
  name: string;
  objects: KubeObject[];
  /** Observed concurrency (stable, panic) and ready pods at the KPA's last tick; omitted = no decision yet. */
  metrics?: { stable: number; panic: number };
  config?: Partial<PodAutoscalerConfig['autoscaler']>;
  activatorReady?: boolean;
  want: {
    replicas?: number | 'unchanged';
    sksMode?: 'Serve' | 'Proxy';
    numActivators?: number;
    sksCreated?: boolean;
    desiredScale?: number;
    actualScale?: number;
    active?: [string, string?];
    sksReady?: [string, string?];
    initialized?: string;
    ready?: string;
    requeueAfterMs?: number;
    probed?: boolean;
    error?: string;
  };
}

async function run(row: Row) {
  const client = new RecordingKubeClient(row.objects);
  const lister = <T extends KubeObject>(gvk: { apiVersion: string; kind: string }): Lister<T> => ({
    get: (key: string) => client.all(gvk).find((o) => keyOf(o) === key) as T | undefined,
  });
  const config: PodAutoscalerConfig = {
    autoscaler: { ...defaultAutoscaler(), ...row.config },
    deployment: { progressDeadlineSeconds: 600 },
  };
  const collector = new MetricCollector({ now: () => NOW });
  const privateEndpoints = new PrivateEndpoints(lister<EndpointsObject>(ENDPOINTS));
  privateEndpoints.remember('ns/rev', 'rev-private');
  const fixed = row.metrics;
  const deciders = new Deciders({
    source: { stableAndPanic: () => fixed },
    readyPods: (k) => privateEndpoints.readyPods(k),
    onChange: () => undefined,
    now: () => NOW,
  });
  const theKpa = row.objects.find((o) => o.kind === 'PodAutoscaler') as PodAutoscalerObject;
  if (row.metrics) {
    deciders.ensure('ns/rev', autoscalerSpecFor(theKpa as never, config.autoscaler, config.deployment));
    deciders.tickOne('ns/rev', NOW);
  }
  let probed = false;
  const reconcile = wrapReconciler<PodAutoscalerObject>({
    gvk: POD_AUTOSCALER,
    lister: lister<PodAutoscalerObject>(POD_AUTOSCALER),
    client,
    logger,
    hooks: podAutoscalerHooks(() => NOW),
    reconciler: podAutoscalerReconciler({
      config: () => config,
      serverlessServices: lister<ServerlessServiceObject>(SERVERLESS_SERVICE),
      scaleTargets: lister({ apiVersion: 'apps/v1', kind: 'Deployment' }),
      privateEndpoints,
      deciders,
      collector,
      probeActivator: async () => {
        probed = true;
        return row.activatorReady ?? false;
      },
      now: () => NOW,
    }),
  });
  let result: unknown;
  let error: unknown;
  try {
    result = await reconcile('ns/rev');
  } catch (err) {
    error = err;
  }
  return { client, result, error, probed, collector };
}

const rows: Row[] = [
  {
    name: 'new PA: creates the SKS in Proxy with 2 activators, SKSReady Unknown, Active Queued',
    objects: [pa(), deployment(1)],
    want: {
      sksCreated: true,
      sksMode: 'Proxy',
      numActivators: 2,
      replicas: 'unchanged',
      desiredScale: -1,
      actualScale: 0,
      sksReady: ['Unknown', 'NotReady'],
      active: ['Unknown', 'Queued'],
      ready: 'Unknown',
    },
  },
  {
    name: 'no metrics yet while activating: replicas untouched, requeued for the activation timeout',
    objects: [pa({ active: ['Unknown', 10, 'Queued'] }), sks('Proxy'), deployment(1), endpoints(0)],
    want: {
      replicas: 'unchanged',
      desiredScale: -1,
      active: ['Unknown', 'Queued'],
      requeueAfterMs: 620_001,
      sksReady: ['True'],
    },
  },
  {
    name: 'min-scale 2 applies before any metric',
    objects: [
      pa({ annotations: { [`${A}min-scale`]: '2' }, active: ['Unknown', 10] }),
      sks('Proxy'),
      deployment(1),
      endpoints(0),
    ],
    want: { replicas: 2, desiredScale: 2, active: ['Unknown', 'Queued'] },
  },
  {
    name: 'one ready pod at target: Active, ScaleTargetInitialized, Ready; Proxy (EBC < 0 with TBC 211)',
    objects: [pa({ active: ['Unknown', 10] }), sks('Proxy'), deployment(1), endpoints(1)],
    metrics: { stable: 50, panic: 50 },
    want: {
      replicas: 'unchanged',
      desiredScale: 1,
      actualScale: 1,
      sksMode: 'Proxy',
      numActivators: 4,
      active: ['True'],
      initialized: 'True',
      ready: 'True',
    },
  },
  {
    name: 'scale up to the KPA decision and write the Deployment replicas',
    objects: [pa({ active: ['True', 100], initialized: true }), sks('Proxy'), deployment(1), endpoints(1)],
    metrics: { stable: 140, panic: 140 },
    want: { replicas: 2, desiredScale: 2, actualScale: 1, sksMode: 'Proxy' },
  },
  {
    name: 'enough spare capacity (3 pods, EBC 39) → Serve',
    objects: [pa({ active: ['True', 100], initialized: true }), sks('Proxy'), deployment(3), endpoints(3)],
    metrics: { stable: 50, panic: 50 },
    want: { replicas: 'unchanged', desiredScale: 3, sksMode: 'Serve', numActivators: 6 },
  },
  {
    name: 'TBC 0: Serve with any pod',
    objects: [
      pa({ annotations: { [`${A}target-burst-capacity`]: '0' }, active: ['True', 100], initialized: true }),
      sks('Proxy'),
      deployment(1),
      endpoints(1),
    ],
    metrics: { stable: 10, panic: 10 },
    want: { sksMode: 'Serve', numActivators: 2, desiredScale: 1 },
  },
  {
    name: 'TBC −1: always Proxy',
    objects: [
      pa({ annotations: { [`${A}target-burst-capacity`]: '-1' }, active: ['True', 100], initialized: true }),
      sks('Serve'),
      deployment(5),
      endpoints(5),
    ],
    metrics: { stable: 10, panic: 10 },
    want: { sksMode: 'Proxy', replicas: 'unchanged', desiredScale: 5 },
  },
  {
    name: 'max-scale caps the decision',
    objects: [
      pa({ annotations: { [`${A}max-scale`]: '3' }, active: ['True', 100], initialized: true }),
      sks('Proxy'),
      deployment(1),
      endpoints(1),
    ],
    metrics: { stable: 700, panic: 0 },
    want: { replicas: 3, desiredScale: 3 },
  },
  {
    name: 'initial scale 3 until first reached',
    objects: [
      pa({ annotations: { [`${A}initial-scale`]: '3' }, active: ['Unknown', 5] }),
      sks('Proxy'),
      deployment(3),
      endpoints(1),
    ],
    metrics: { stable: 10, panic: 10 },
    want: { replicas: 'unchanged', desiredScale: 3, active: ['Unknown', 'Queued'], initialized: 'Unknown' },
  },
  {
    name: 'no traffic, active less than the stable window: held at 1',
    objects: [pa({ active: ['True', 20], initialized: true }), sks('Serve'), deployment(1), endpoints(1)],
    metrics: { stable: 0, panic: 0 },
    want: { replicas: 'unchanged', desiredScale: 1, active: ['True'], requeueAfterMs: 40_000 },
  },
  {
    name: 'no traffic for a stable window: Inactive NoTraffic, Proxy, replicas kept',
    objects: [pa({ active: ['True', 60], initialized: true }), sks('Serve'), deployment(1), endpoints(1)],
    metrics: { stable: 0, panic: 0 },
    want: {
      replicas: 'unchanged',
      desiredScale: 0,
      sksMode: 'Proxy',
      active: ['False', 'NoTraffic'],
      ready: 'False',
    },
  },
  {
    name: 'inactive past the grace period, activator in path: scale to 0',
    objects: [
      pa({ active: ['False', 30, 'NoTraffic'], initialized: true }),
      sks('Proxy'),
      deployment(1),
      endpoints(1),
    ],
    metrics: { stable: 0, panic: 0 },
    activatorReady: true,
    want: { replicas: 0, desiredScale: 0, probed: true, active: ['False', 'NoTraffic'] },
  },
  {
    name: 'inactive, activator not yet in path: keep the pod, probe again in 1 s',
    objects: [
      pa({ active: ['False', 30, 'NoTraffic'], initialized: true }),
      sks('Proxy'),
      deployment(1),
      endpoints(1),
    ],
    metrics: { stable: 0, panic: 0 },
    activatorReady: false,
    want: { replicas: 'unchanged', probed: true, requeueAfterMs: 1000 },
  },
  {
    name: 'inactive within the grace period: wait for its end',
    objects: [
      pa({ active: ['False', 10, 'NoTraffic'], initialized: true }),
      sks('Proxy', true, 10),
      deployment(1),
      endpoints(1),
    ],
    metrics: { stable: 0, panic: 0 },
    activatorReady: true,
    want: { replicas: 'unchanged', requeueAfterMs: 20_000 },
  },
  {
    name: 'retention period keeps the last pod after the grace',
    objects: [
      pa({
        annotations: { [`${A}scale-to-zero-pod-retention-period`]: '2m' },
        active: ['False', 40, 'NoTraffic'],
        initialized: true,
      }),
      sks('Proxy'),
      deployment(1),
      endpoints(1),
    ],
    metrics: { stable: 0, panic: 0 },
    activatorReady: true,
    want: { replicas: 'unchanged', requeueAfterMs: 80_000 },
  },
  {
    name: 'scale to zero disabled: stays at 1',
    objects: [pa({ active: ['True', 100], initialized: true }), sks('Serve'), deployment(2), endpoints(1)],
    metrics: { stable: 0, panic: 0 },
    config: { enableScaleToZero: false },
    want: { replicas: 1, desiredScale: 1 },
  },
  {
    name: 'wake from zero: a decision of 1 while inactive scales up, Active Queued',
    objects: [
      pa({ active: ['False', 300, 'NoTraffic'], initialized: true, desiredScale: 0 }),
      sks('Proxy'),
      deployment(0),
      endpoints(0),
    ],
    metrics: { stable: 1, panic: 1 },
    want: { replicas: 1, desiredScale: 1, active: ['Unknown', 'Queued'], sksMode: 'Proxy' },
  },
  {
    name: 'activation that never succeeds: back to 0 after progress deadline + 30 s, TimedOut',
    objects: [
      pa({ active: ['Unknown', 631, 'Queued'], initialized: true }),
      sks('Proxy'),
      deployment(1),
      endpoints(0),
    ],
    metrics: { stable: 0, panic: 0 },
    want: { replicas: 0, desiredScale: 0, active: ['False', 'TimedOut'] },
  },
  {
    name: 'unreachable revision: min-scale ignored, scale to zero path',
    objects: [
      pa({
        annotations: { [`${A}min-scale`]: '3' },
        reachability: 'Unreachable',
        active: ['True', 100],
        initialized: true,
      }),
      sks('Serve'),
      deployment(3),
      endpoints(1),
    ],
    metrics: { stable: 0, panic: 0 },
    want: { replicas: 'unchanged', desiredScale: 0, active: ['False', 'NoTraffic'] },
  },
  {
    name: 'SKS not ready: SKSReady Unknown with its message',
    objects: [
      pa({ active: ['True', 100], initialized: true }),
      sks('Serve', false),
      deployment(1),
      endpoints(1),
    ],
    metrics: { stable: 10, panic: 10 },
    want: { sksReady: ['Unknown', 'NotReady'], ready: 'Unknown' },
  },
  {
    name: 'an SKS of the same name it does not own: NotOwned and an error',
    objects: [
      pa(),
      { ...sks('Serve'), metadata: { ...sks('Serve').metadata, ownerReferences: [] }, status: {} },
      deployment(1),
    ],
    want: { error: 'not controlled by', active: ['False', 'NotOwned'] },
  },
  {
    name: 'missing scale target: error naming it',
    objects: [pa({ active: ['True', 100], initialized: true }), sks('Serve'), endpoints(1)],
    metrics: { stable: 140, panic: 140 },
    want: { error: 'failed to get scale target Deployment "rev-deployment"' },
  },
  {
    name: 'another autoscaler class is not ours',
    objects: [pa({ annotations: { [`${A}class`]: 'hpa.autoscaling.knative.dev' } }), deployment(1)],
    want: { sksCreated: false, replicas: 'unchanged' },
  },
];

describe('podAutoscalerReconciler', () => {
  test.each(rows.map((r) => [r.name, r] as const))('%s', async (_name, row) => {
    const { client, result, error, probed } = await run(row);
    const w = row.want;
    if (w.error) expect((error as Error)?.message).toContain(w.error);
    else if (error) throw error;

    const writes = client.writes();
    if (w.sksCreated !== undefined)
      expect(writes.some((a) => a.verb === 'create' && a.kind === 'ServerlessService')).toBe(w.sksCreated);
    const theSks = client.peek<ServerlessServiceObject>(SERVERLESS_SERVICE, 'rev', 'ns');
    if (w.sksMode) expect(theSks?.spec.mode).toBe(w.sksMode);
    if (w.numActivators !== undefined) expect(theSks?.spec.numActivators).toBe(w.numActivators);
    const scalePatches = writes.filter((a) => a.verb === 'patch' && a.kind === 'Deployment');
    if (w.replicas === 'unchanged') expect(scalePatches).toEqual([]);
    else if (w.replicas !== undefined)
      expect(scalePatches.map((a) => a.patch)).toEqual([{ spec: { replicas: w.replicas } }]);
    if (w.probed !== undefined) expect(probed).toBe(w.probed);
    if (w.requeueAfterMs !== undefined) expect(result).toEqual({ requeueAfterMs: w.requeueAfterMs });

    const status = client.peek<PodAutoscalerObject>(POD_AUTOSCALER, 'rev', 'ns')?.status;
    if (w.desiredScale !== undefined) expect(status?.desiredScale).toBe(w.desiredScale);
    if (w.actualScale !== undefined) expect(status?.actualScale).toBe(w.actualScale);
    const cond = (type: string) => {
      const c = getCondition(status, type);
      return c && [c.status, c.reason].filter((x) => x !== undefined);
    };
    if (w.active) expect(cond('Active')).toEqual(w.active);
    if (w.sksReady) expect(cond('SKSReady')).toEqual(w.sksReady);
    if (w.initialized) expect(getCondition(status, 'ScaleTargetInitialized')?.status).toBe(w.initialized);
    if (w.ready) expect(getCondition(status, 'Ready')?.status).toBe(w.ready);
  });

  it('writes serviceName and metricsServiceName from the SKS', async () => {
    const { client } = await run({
      name: '',
      objects: [pa({ active: ['True', 100], initialized: true }), sks('Serve'), deployment(1), endpoints(1)],
      metrics: { stable: 10, panic: 10 },
      want: {},
    });
    expect(client.peek<PodAutoscalerObject>(POD_AUTOSCALER, 'rev', 'ns')?.status).toMatchObject({
      serviceName: 'rev',
      metricsServiceName: 'rev-private',
    });
  });

  it('makes the SKS with the PA labels, annotations without the metric one, and an owner reference', async () => {
    const { client } = await run({ name: '', objects: [pa(), deployment(1)], want: {} });
    const made = client.peek<ServerlessServiceObject>(SERVERLESS_SERVICE, 'rev', 'ns')!;
    expect(made.metadata.labels).toEqual({ 'serving.knative.dev/revision': 'rev' });
    expect(made.metadata.annotations).toEqual({
      [AutoscalingAnnotations.class[0]]: 'kpa.autoscaling.knative.dev',
    });
    expect(made.metadata.ownerReferences).toEqual([
      expect.objectContaining({ kind: 'PodAutoscaler', uid: 'pa-uid', controller: true }),
    ]);
    expect(made.spec).toEqual({
      mode: 'Proxy',
      objectRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'rev-deployment' },
      protocolType: 'http1',
      numActivators: 2,
    });
  });

  it('registers the revision with the collector, scraping unless TBC is −1', async () => {
    const { collector } = await run({
      name: '',
      objects: [pa({ active: ['True', 100] }), sks('Serve'), deployment(1), endpoints(1)],
      want: {},
    });
    expect(collector.has('ns/rev')).toBe(true);
    const stat: Stat = {
      podName: 'a',
      averageConcurrentRequests: 1,
      averageProxiedConcurrentRequests: 0,
      requestCount: 1,
      proxiedRequestCount: 0,
      timestamp: NOW,
    };
    expect(collector.record('ns/rev', stat, NOW)).toBe(true);
  });
});
