import { compareForDeletion, podForReplicaSet, podsToDelete, replicaSetStatus } from './replicaset-decisions';
import type { Pod, ReplicaSet } from './types';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const iso = (s: number) => new Date(T0 + s * 1000).toISOString();

function pod(
  name: string,
  o: {
    node?: string;
    phase?: string;
    ready?: boolean;
    readySince?: number;
    created?: number;
    restarts?: number;
    deleting?: boolean;
    labels?: Record<string, string>;
  } = {},
): Pod {
  return {
    metadata: {
      name,
      creationTimestamp: iso(o.created ?? 0),
      labels: o.labels ?? { app: 'a' },
      ...(o.deleting ? { deletionTimestamp: iso(99) } : {}),
    },
    spec: { containers: [{ name: 'c' }], ...(o.node ? { nodeName: o.node } : {}) },
    status: {
      phase: o.phase ?? 'Pending',
      conditions:
        o.ready === undefined
          ? []
          : [
              {
                type: 'Ready',
                status: o.ready ? 'True' : 'False',
                lastTransitionTime: iso(o.readySince ?? 0),
              },
            ],
      containerStatuses: [{ restartCount: o.restarts ?? 0 }],
    },
  };
}

describe('which pods a scale-down deletes first', () => {
  it.each([
    ['unscheduled before scheduled', [pod('sched', { node: 'n' }), pod('unsched')], 'unsched'],
    [
      'Pending before Running',
      [pod('run', { node: 'n', phase: 'Running' }), pod('pend', { node: 'n', phase: 'Pending' })],
      'pend',
    ],
    [
      'not-ready before ready',
      [
        pod('ready', { node: 'n', phase: 'Running', ready: true }),
        pod('notready', { node: 'n', phase: 'Running', ready: false }),
      ],
      'notready',
    ],
    [
      'ready for less time first',
      [
        pod('long', { node: 'n', phase: 'Running', ready: true, readySince: 1 }),
        pod('short', { node: 'n', phase: 'Running', ready: true, readySince: 50 }),
      ],
      'short',
    ],
    [
      'more restarts first',
      [
        pod('few', { node: 'n', phase: 'Running', restarts: 0 }),
        pod('many', { node: 'n', phase: 'Running', restarts: 4 }),
      ],
      'many',
    ],
    [
      'newest first',
      [pod('old', { created: 1 }), pod('new', { created: 9 }), pod('mid', { created: 5 })],
      'new',
    ],
  ])('%s', (_what, pods, first) => {
    expect(podsToDelete(pods, 1).map((p) => p.metadata.name)).toEqual([first]);
  });

  it('takes exactly the count asked for, in ranking order', () => {
    const pods = [
      pod('a', { node: 'n', phase: 'Running', ready: true }),
      pod('b'),
      pod('c', { node: 'n', phase: 'Running', ready: false }),
      pod('d', { created: 3 }),
    ];
    expect(podsToDelete(pods, 3).map((p) => p.metadata.name)).toEqual(['d', 'b', 'c']);
    expect(podsToDelete(pods, 0)).toEqual([]);
    expect(pods.slice().sort(compareForDeletion).at(-1)!.metadata.name).toBe('a');
  });
});

describe('ReplicaSet status', () => {
  const rs: ReplicaSet = {
    metadata: { name: 'web-abc', namespace: 'ns', uid: 'u1', generation: 4 },
    spec: {
      replicas: 3,
      minReadySeconds: 10,
      selector: { matchLabels: { app: 'a' } },
      template: { metadata: { labels: { app: 'a', tier: 'x' } }, spec: { containers: [{ name: 'c' }] } },
    },
  };

  it('counts active, fully labeled, ready and available (minReadySeconds) pods', () => {
    const pods = [
      pod('p1', { ready: true, readySince: 0, labels: { app: 'a', tier: 'x' } }),
      pod('p2', { ready: true, readySince: 95, labels: { app: 'a', tier: 'x' } }),
      pod('p3', { ready: false, labels: { app: 'a' } }),
      pod('gone', { ready: true, deleting: true, labels: { app: 'a', tier: 'x' } }),
      { ...pod('done', { labels: { app: 'a', tier: 'x' } }), status: { phase: 'Succeeded' } },
    ];
    expect(replicaSetStatus(rs, pods, T0 + 100_000)).toEqual({
      replicas: 3,
      fullyLabeledReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 1,
      observedGeneration: 4,
    });
  });

  it('builds pods from the template with a controller owner reference', () => {
    const p = podForReplicaSet(rs);
    expect(p.metadata).toEqual({
      generateName: 'web-abc-',
      namespace: 'ns',
      labels: { app: 'a', tier: 'x' },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'web-abc',
          uid: 'u1',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    });
    expect(p.spec).toEqual({ containers: [{ name: 'c' }] });
    expect(p.spec).not.toBe(rs.spec.template.spec);
  });
});
