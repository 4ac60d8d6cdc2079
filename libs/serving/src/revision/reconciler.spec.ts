import type { ContainerStatus, Revision } from '@kuack/api';
import { type KubeObject, ownerRefTo, wrapReconciler } from '@kuack/controller';
import { type TableRow, eventf, runRow } from '@kuack/testing';
import { paAnnotationsNeedUpdate, revisionReconciler, syncPaAnnotations } from './reconciler';
import type { RevisionConfig } from './resources/config';
import { makeDeployment } from './resources/deploy';
import { makePodAutoscaler } from './resources/pa';
import { testConfig, testRevision } from './testing/fixtures';
import {
  DEPLOYMENT,
  type Deployment,
  POD,
  POD_AUTOSCALER,
  type Pod,
  type PodAutoscalerObject,
  REVISION,
  type RevisionObject,
} from './types';

const T = '2026-01-01T00:00:00Z';
const clock = () => new Date(T);
const DIGEST = `registry.example.com/hello@sha256:${'a'.repeat(64)}`;
const resolved: ContainerStatus[] = [{ name: 'user-container', imageDigest: DIGEST }];
const KEY = 'default/hello-00001';

type Outcome = { statuses: ContainerStatus[] } | { error: Error } | undefined;

function c(type: string, status: 'True' | 'False' | 'Unknown', reason?: string, message?: string) {
  return {
    type,
    status,
    ...(type === 'Active' ? { severity: 'Info' as const } : {}),
    lastTransitionTime: T,
    ...(reason ? { reason } : {}),
    ...(message ? { message } : {}),
  };
}

const rev = (patch: Parameters<typeof testRevision>[0] = {}) =>
  testRevision({ status: { containerStatuses: resolved }, ...patch });
const asApi = (r: RevisionObject) => r as unknown as Revision;

function owned<T extends KubeObject>(obj: T, owner: RevisionObject): T {
  return {
    ...obj,
    metadata: { ...obj.metadata, namespace: 'default', ownerReferences: [ownerRefTo(owner)] },
  };
}

function deployment(
  r: RevisionObject,
  status: Deployment['status'],
  cfg: RevisionConfig = testConfig(),
  replicas?: number,
): Deployment {
  const d = owned(makeDeployment(asApi(r), cfg), r);
  if (replicas !== undefined) d.spec.replicas = replicas;
  return { ...d, status };
}

function pa(
  r: RevisionObject,
  status?: PodAutoscalerObject['status'],
  dep?: Deployment,
): PodAutoscalerObject {
  const p = owned(makePodAutoscaler(asApi(r), dep, testConfig()) as unknown as PodAutoscalerObject, r);
  return status ? { ...p, status } : p;
}

const readyDeployment = (r: RevisionObject, replicas = 1) =>
  deployment(
    r,
    {
      replicas,
      readyReplicas: replicas,
      availableReplicas: replicas,
      conditions: [{ type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' }],
    },
    testConfig(),
    replicas,
  );
const readyPa = (r: RevisionObject, scale = 1) =>
  pa(r, {
    serviceName: r.metadata.name,
    actualScale: scale,
    desiredScale: scale,
    conditions: [
      c('Active', 'True'),
      c('Ready', 'True'),
      c('SKSReady', 'True'),
      c('ScaleTargetInitialized', 'True'),
    ],
  });

/** A Deployment that wants one pod and has none available (the pods say why). */
const stuckDeployment = (
  r: RevisionObject,
  conditions = [{ type: 'Progressing', status: 'True' as const }],
) =>
  deployment(r, { replicas: 1, readyReplicas: 0, availableReplicas: 0, unavailableReplicas: 1, conditions });
/** A failed revision with no ready pod is Unreachable for the autoscaler (Knative reachability). */
const unreachable = (p: PodAutoscalerObject) => ({
  ...p,
  metadata: { ...p.metadata, uid: 'uid-hello-00001', generation: 1 },
  spec: { ...p.spec, reachability: 'Unreachable' },
});
const pendingPa = (r: RevisionObject) =>
  pa(r, {
    serviceName: r.metadata.name,
    conditions: [
      c('Active', 'Unknown', 'Queued'),
      c('Ready', 'Unknown', 'Queued'),
      c('ScaleTargetInitialized', 'Unknown'),
    ],
  });

function pod(r: RevisionObject, status: Pod['status']): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${r.metadata.name}-deployment-abc`,
      namespace: 'default',
      labels: {
        'serving.knative.dev/revision': r.metadata.name!,
        'serving.knative.dev/revisionUID': r.metadata.uid!,
      },
    },
    status,
  };
}

function statusUpdate(r: RevisionObject, status: Record<string, unknown>) {
  return {
    kind: 'Revision',
    metadata: { name: r.metadata.name, namespace: 'default' },
    status: { observedGeneration: 1, ...status },
  } as unknown as KubeObject;
}

interface Row extends TableRow {
  digest?: Outcome;
  config?: RevisionConfig;
}

function run(row: Row) {
  return runRow(row, (ctx) =>
    wrapReconciler<RevisionObject>({
      gvk: REVISION,
      lister: ctx.lister<RevisionObject>(REVISION),
      client: ctx.client,
      logger: ctx.logger,
      recorder: ctx.recorder,
      reconciler: revisionReconciler({
        config: () => row.config ?? testConfig(),
        deployments: ctx.lister<Deployment>(DEPLOYMENT),
        podAutoscalers: ctx.lister<PodAutoscalerObject>(POD_AUTOSCALER),
        pods: ctx.lister<Pod>(POD),
        resolver: { resolve: () => row.digest, clear: () => undefined },
        clock,
      }),
    }),
  );
}

const fresh = testRevision();
const created = rev();
const createdDeployment = owned(makeDeployment(asApi(created), testConfig()), created);

const ready = rev();
const crashing = rev();
const unowned = rev();

const rows: Row[] = [
  {
    name: 'waits for the digests, resolved off the reconcile path',
    key: KEY,
    objects: [fresh],
    digest: undefined,
    wantStatusUpdates: [
      statusUpdate(fresh, {
        conditions: [
          c('ContainerHealthy', 'Unknown'),
          c('Ready', 'Unknown', 'ResolvingDigests'),
          c('ResourcesAvailable', 'Unknown', 'ResolvingDigests'),
        ],
      }),
    ],
  },
  {
    name: 'an image that cannot be resolved: ContainerHealthy False ContainerMissing',
    key: KEY,
    objects: [fresh],
    digest: { error: new Error('Unable to fetch image "x": failed to resolve image to digest: denied') },
    wantErr: 'denied',
    wantStatusUpdates: [
      statusUpdate(fresh, {
        conditions: [
          c(
            'ContainerHealthy',
            'False',
            'ContainerMissing',
            'Unable to fetch image "x": failed to resolve image to digest: denied',
          ),
          c(
            'Ready',
            'False',
            'ContainerMissing',
            'Unable to fetch image "x": failed to resolve image to digest: denied',
          ),
          c('ResourcesAvailable', 'Unknown'),
        ],
      }),
    ],
    wantEvents: [
      eventf(
        'Warning',
        'InternalError',
        'Unable to fetch image "x": failed to resolve image to digest: denied',
      ),
    ],
  },
  {
    name: 'resolved digests: creates the Deployment (running the digest) and the PodAutoscaler',
    key: KEY,
    objects: [fresh],
    digest: { statuses: resolved },
    wantCreates: [createdDeployment, { ...pa(created, undefined, createdDeployment) }],
    wantStatusUpdates: [
      statusUpdate(fresh, {
        containerStatuses: resolved,
        conditions: [
          c('Active', 'Unknown', 'Deploying'),
          c('ContainerHealthy', 'Unknown', 'Deploying'),
          c('Ready', 'Unknown', 'Deploying'),
          c('ResourcesAvailable', 'Unknown', 'Deploying'),
        ],
      }),
    ],
    postConditions: (client) => {
      const d = client.all(DEPLOYMENT)[0] as Deployment;
      expect(d.spec.template.spec?.containers[0].image).toBe(DIGEST);
    },
  },
  {
    name: 'Deployment progressing and PA ready: Ready, replicas from the PA, RevisionReady event',
    key: KEY,
    objects: [ready, readyDeployment(ready), readyPa(ready)],
    wantStatusUpdates: [
      statusUpdate(ready, {
        containerStatuses: resolved,
        actualReplicas: 1,
        desiredReplicas: 1,
        conditions: [
          c('Active', 'True'),
          c('ContainerHealthy', 'True'),
          c('Ready', 'True'),
          c('ResourcesAvailable', 'True'),
        ],
      }),
    ],
    wantEvents: [eventf('Normal', 'RevisionReady', 'Revision becomes ready upon all resources being ready')],
  },
  {
    name: 'a Deployment of the same name it does not own: ResourcesAvailable False NotOwned',
    key: KEY,
    objects: [
      unowned,
      {
        ...makeDeployment(asApi(unowned), testConfig()),
        metadata: { name: 'hello-00001-deployment', namespace: 'default' },
      },
    ],
    wantErr: 'does not own Deployment',
    wantStatusUpdates: [
      statusUpdate(unowned, {
        containerStatuses: resolved,
        conditions: [
          c('ContainerHealthy', 'Unknown'),
          c(
            'Ready',
            'False',
            'NotOwned',
            'There is an existing Deployment "hello-00001-deployment" that we do not own.',
          ),
          c(
            'ResourcesAvailable',
            'False',
            'NotOwned',
            'There is an existing Deployment "hello-00001-deployment" that we do not own.',
          ),
        ],
      }),
    ],
    wantEvents: [
      eventf(
        'Warning',
        'InternalError',
        'revision: "hello-00001" does not own Deployment: "hello-00001-deployment"',
      ),
    ],
  },
  {
    name: 'a PodAutoscaler of the same name it does not own: ResourcesAvailable False NotOwned',
    key: KEY,
    objects: [
      unowned,
      readyDeployment(unowned),
      { ...pa(unowned), metadata: { name: 'hello-00001', namespace: 'default' } },
    ],
    wantErr: 'does not own PodAutoscaler',
    wantStatusUpdates: [
      statusUpdate(unowned, {
        containerStatuses: resolved,
        conditions: [
          c('ContainerHealthy', 'True'),
          c(
            'Ready',
            'False',
            'NotOwned',
            'There is an existing PodAutoscaler "hello-00001" that we do not own.',
          ),
          c(
            'ResourcesAvailable',
            'False',
            'NotOwned',
            'There is an existing PodAutoscaler "hello-00001" that we do not own.',
          ),
        ],
      }),
    ],
    wantEvents: [
      eventf('Warning', 'InternalError', 'revision: "hello-00001" does not own PodAutoscaler: "hello-00001"'),
    ],
  },
  {
    name: 'a crash-looping user container: ContainerHealthy False ExitCode with its message',
    key: KEY,
    objects: [
      crashing,
      stuckDeployment(crashing),
      pendingPa(crashing),
      pod(crashing, {
        containerStatuses: [
          {
            name: 'user-container',
            ready: false,
            restartCount: 2,
            image: DIGEST,
            imageID: '',
            state: { waiting: { reason: 'CrashLoopBackOff' } },
            lastState: { terminated: { exitCode: 3, message: 'listen EADDRINUSE' } },
          },
        ],
      }),
    ],
    wantUpdates: [unreachable(pendingPa(crashing))],
    wantStatusUpdates: [
      statusUpdate(crashing, {
        containerStatuses: resolved,
        conditions: [
          c('Active', 'Unknown', 'Queued'),
          c('ContainerHealthy', 'False', 'ExitCode3', 'Container failed with: listen EADDRINUSE'),
          c('Ready', 'False', 'ExitCode3', 'Container failed with: listen EADDRINUSE'),
          c('ResourcesAvailable', 'Unknown', 'Deploying'), // the PA has not initialized the scale target
        ],
      }),
    ],
  },
  {
    name: 'an image the node cannot pull: ResourcesAvailable False with the waiting reason',
    key: KEY,
    objects: [
      crashing,
      stuckDeployment(crashing),
      pendingPa(crashing),
      pod(crashing, {
        containerStatuses: [
          {
            name: 'user-container',
            ready: false,
            restartCount: 0,
            image: DIGEST,
            imageID: '',
            state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image' } },
          },
        ],
      }),
    ],
    wantUpdates: [unreachable(pendingPa(crashing))],
    wantStatusUpdates: [
      statusUpdate(crashing, {
        containerStatuses: resolved,
        conditions: [
          c('Active', 'Unknown', 'Queued'),
          c('ContainerHealthy', 'Unknown'),
          c('Ready', 'False', 'ImagePullBackOff', 'Back-off pulling image'),
          c('ResourcesAvailable', 'False', 'ImagePullBackOff', 'Back-off pulling image'),
        ],
      }),
    ],
  },
  {
    name: 'an unschedulable pod: ResourcesAvailable False Unschedulable',
    key: KEY,
    objects: [
      crashing,
      stuckDeployment(crashing),
      pendingPa(crashing),
      pod(crashing, {
        conditions: [
          {
            type: 'PodScheduled',
            status: 'False',
            reason: 'Unschedulable',
            message: '0/1 nodes are available: 1 Insufficient cpu.',
          },
        ],
      }),
    ],
    wantUpdates: [unreachable(pendingPa(crashing))],
    wantStatusUpdates: [
      statusUpdate(crashing, {
        containerStatuses: resolved,
        conditions: [
          c('Active', 'Unknown', 'Queued'),
          c('ContainerHealthy', 'Unknown'),
          c('Ready', 'False', 'Unschedulable', '0/1 nodes are available: 1 Insufficient cpu.'),
          c('ResourcesAvailable', 'False', 'Unschedulable', '0/1 nodes are available: 1 Insufficient cpu.'),
        ],
      }),
    ],
  },
  {
    name: 'the progress deadline passed: ResourcesAvailable False ProgressDeadlineExceeded',
    key: KEY,
    objects: [
      crashing,
      stuckDeployment(crashing, [
        {
          type: 'Progressing',
          status: 'False',
          reason: 'ProgressDeadlineExceeded',
          message: 'ReplicaSet "x" has timed out progressing.',
        } as never,
      ]),
      pendingPa(crashing),
    ],
    wantUpdates: [unreachable(pendingPa(crashing))],
    wantStatusUpdates: [
      statusUpdate(crashing, {
        containerStatuses: resolved,
        conditions: [
          c('Active', 'Unknown', 'Queued'),
          c('ContainerHealthy', 'Unknown'),
          c('Ready', 'False', 'ProgressDeadlineExceeded', 'ReplicaSet "x" has timed out progressing.'),
          c(
            'ResourcesAvailable',
            'False',
            'ProgressDeadlineExceeded',
            'ReplicaSet "x" has timed out progressing.',
          ),
        ],
      }),
    ],
  },
  (() => {
    const r = rev();
    const cfg = testConfig();
    cfg.deployment.queueSidecarImage = 'kuack.local/queue-proxy:v2';
    return {
      name: 'a changed Deployment spec is patched back, keeping the replicas the PA set',
      key: KEY,
      config: cfg,
      objects: [r, { ...readyDeployment(r, 3) }, readyPa(r, 3)],
      wantPatches: [
        {
          kind: 'Deployment',
          namespace: 'default',
          name: 'hello-00001-deployment',
          patch: {
            metadata: { resourceVersion: expect.any(String) },
            spec: { ...owned(makeDeployment(asApi(r), cfg), r).spec, replicas: 3 },
          },
        },
      ],
      wantStatusUpdates: [
        statusUpdate(r, {
          containerStatuses: resolved,
          actualReplicas: 3,
          desiredReplicas: 3,
          conditions: [
            c('Active', 'True'),
            c('ContainerHealthy', 'True'),
            c('Ready', 'True'),
            c('ResourcesAvailable', 'True'),
          ],
        }),
      ],
      wantEvents: [
        eventf('Normal', 'RevisionReady', 'Revision becomes ready upon all resources being ready'),
      ],
    } satisfies Row;
  })(),
  (() => {
    const before = rev();
    const after = rev({ labels: { 'serving.knative.dev/routingState': 'active' } });
    const current = readyPa(before);
    return {
      name: 'routingState active makes the PA Reachable (spec update)',
      key: KEY,
      objects: [after, readyDeployment(after), current],
      wantUpdates: [
        {
          ...current,
          metadata: { ...current.metadata, uid: 'uid-hello-00001', generation: 1 },
          spec: { ...current.spec, reachability: 'Reachable' },
        },
      ],
      wantStatusUpdates: [
        statusUpdate(after, {
          containerStatuses: resolved,
          actualReplicas: 1,
          desiredReplicas: 1,
          conditions: [
            c('Active', 'True'),
            c('ContainerHealthy', 'True'),
            c('Ready', 'True'),
            c('ResourcesAvailable', 'True'),
          ],
        }),
      ],
      wantEvents: [
        eventf('Normal', 'RevisionReady', 'Revision becomes ready upon all resources being ready'),
      ],
    } satisfies Row;
  })(),
  (() => {
    const r = rev();
    const cfg = testConfig({ loggingUrlTemplate: 'http://logs.example.com/?rev=${REVISION_UID}' });
    return {
      name: 'logUrl from config-observability',
      key: KEY,
      config: cfg,
      objects: [r, readyDeployment(r), readyPa(r)],
      wantStatusUpdates: [
        statusUpdate(r, {
          containerStatuses: resolved,
          logUrl: 'http://logs.example.com/?rev=uid-hello-00001',
          actualReplicas: 1,
          desiredReplicas: 1,
          conditions: [
            c('Active', 'True'),
            c('ContainerHealthy', 'True'),
            c('Ready', 'True'),
            c('ResourcesAvailable', 'True'),
          ],
        }),
      ],
      wantEvents: [
        eventf('Normal', 'RevisionReady', 'Revision becomes ready upon all resources being ready'),
      ],
    } satisfies Row;
  })(),
];

describe('Revision reconciler', () => {
  it.each(rows.map((r) => [r.name, r] as const))('%s', (_n, row) => run(row));
});

describe('PA annotation sync', () => {
  it('notices a dropped autoscaling annotation but not the defaulted class and metric', () => {
    const have = {
      'autoscaling.knative.dev/class': 'kpa.autoscaling.knative.dev',
      'autoscaling.knative.dev/metric': 'concurrency',
      'autoscaling.knative.dev/min-scale': '1',
      other: 'x',
    };
    expect(
      paAnnotationsNeedUpdate(have, { 'autoscaling.knative.dev/class': 'kpa.autoscaling.knative.dev' }),
    ).toBe(true);
    expect(syncPaAnnotations(have, {})).toEqual({
      'autoscaling.knative.dev/class': 'kpa.autoscaling.knative.dev',
      'autoscaling.knative.dev/metric': 'concurrency',
      other: 'x',
    });
    const { 'autoscaling.knative.dev/min-scale': _drop, ...kept } = have;
    expect(paAnnotationsNeedUpdate(kept, { 'autoscaling.knative.dev/metric': 'concurrency' })).toBe(false);
    expect(paAnnotationsNeedUpdate(kept, { 'autoscaling.knative.dev/max-scale': '3' })).toBe(true);
  });
});
