import { deploymentConditions, deploymentCounts } from './deployment-status';
import { templateHash, templateWithoutHash } from './template-hash';
import type { Deployment, ReplicaSet } from './types';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const iso = (s: number) => new Date(T0 + s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

function deploy(replicas: number, conditions: Deployment['status'] = undefined, deadline = 600): Deployment {
  return {
    metadata: { name: 'd', generation: 2 },
    spec: {
      replicas,
      progressDeadlineSeconds: deadline,
      selector: { matchLabels: { a: 'b' } },
      template: { spec: { containers: [] } },
    },
    ...(conditions ? { status: conditions } : {}),
  };
}

const rs = (name: string, spec: number, replicas: number, ready: number, available: number): ReplicaSet => ({
  metadata: { name },
  spec: { replicas: spec, selector: {}, template: { spec: { containers: [] } } },
  status: { replicas, readyReplicas: ready, availableReplicas: available },
});

describe('template hash', () => {
  const t = { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'i:1' }] } };

  it('is stable, ignores key order and its own label, changes with the template and the collision count', () => {
    const h = templateHash(t);
    expect(h).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(
      templateHash({
        spec: { containers: [{ image: 'i:1', name: 'c' }] },
        metadata: { labels: { app: 'x', 'pod-template-hash': 'zzz' } },
      }),
    ).toBe(h);
    expect(templateHash({ ...t, spec: { containers: [{ name: 'c', image: 'i:2' }] } })).not.toBe(h);
    expect(templateHash(t, 1)).not.toBe(h);
  });

  it('compares templates without the hash label', () => {
    expect(
      templateWithoutHash({ metadata: { labels: { 'pod-template-hash': 'x' } }, spec: { containers: [] } }),
    ).toEqual({ spec: { containers: [] } });
  });
});

describe('Deployment status', () => {
  it('sums the ReplicaSets; updated = the new one; unavailable = desired pods not available', () => {
    const d = deploy(3);
    expect(
      deploymentCounts(d, rs('new', 2, 2, 1, 1), [rs('new', 2, 2, 1, 1), rs('old', 2, 2, 2, 2)]),
    ).toEqual({
      observedGeneration: 2,
      replicas: 4,
      updatedReplicas: 2,
      readyReplicas: 3,
      availableReplicas: 3,
      unavailableReplicas: 1,
    });
  });

  const reasons = (
    d: Deployment,
    counts: ReturnType<typeof deploymentCounts>,
    progress: Parameters<typeof deploymentConditions>[2],
    now = T0,
  ) =>
    Object.fromEntries(
      deploymentConditions(d, counts, progress, now).map((c) => [c.type, `${c.status}/${c.reason}`]),
    );

  it.each([
    [
      'complete rollout',
      3,
      { replicas: 3, updatedReplicas: 3, availableReplicas: 3 },
      { kind: 'none', rs: 'n' },
      { Available: 'True/MinimumReplicasAvailable', Progressing: 'True/NewReplicaSetAvailable' },
    ],
    [
      'new ReplicaSet created',
      3,
      { replicas: 0, updatedReplicas: 0, availableReplicas: 0 },
      { kind: 'created', rs: 'n' },
      { Available: 'False/MinimumReplicasUnavailable', Progressing: 'True/NewReplicaSetCreated' },
    ],
    [
      'rolling',
      4,
      { replicas: 4, updatedReplicas: 1, availableReplicas: 3 },
      { kind: 'progressed', rs: 'n' },
      { Available: 'True/MinimumReplicasAvailable', Progressing: 'True/ReplicaSetUpdated' },
    ],
    [
      'scaled to zero',
      0,
      { replicas: 0, updatedReplicas: 0, availableReplicas: 0 },
      { kind: 'none', rs: 'n' },
      { Available: 'True/MinimumReplicasAvailable', Progressing: 'True/NewReplicaSetAvailable' },
    ],
  ] as const)('%s', (_w, replicas, counts, progress, want) => {
    expect(reasons(deploy(replicas), counts, progress)).toEqual(want);
  });

  it('reports ProgressDeadlineExceeded once the rollout has not moved for progressDeadlineSeconds, not before', () => {
    const stuck = deploy(
      3,
      {
        conditions: [
          {
            type: 'Progressing',
            status: 'True',
            reason: 'ReplicaSetUpdated',
            message: 'm',
            lastUpdateTime: iso(0),
            lastTransitionTime: iso(0),
          },
        ],
      },
      30,
    );
    const counts = { replicas: 3, updatedReplicas: 1, availableReplicas: 2 };
    expect(reasons(stuck, counts, { kind: 'none', rs: 'n' }, T0 + 29_000).Progressing).toBe(
      'True/ReplicaSetUpdated',
    );
    const after = deploymentConditions(stuck, counts, { kind: 'none', rs: 'n' }, T0 + 30_000).find(
      (c) => c.type === 'Progressing',
    )!;
    expect(after).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: 'ReplicaSet "n" has timed out progressing.',
      lastTransitionTime: iso(30),
    });
  });

  it('keeps lastTransitionTime while the status stays the same', () => {
    const d = deploy(1, {
      conditions: [
        {
          type: 'Available',
          status: 'True',
          reason: 'MinimumReplicasAvailable',
          message: 'Deployment has minimum availability.',
          lastTransitionTime: iso(0),
          lastUpdateTime: iso(0),
        },
      ],
    });
    const c = deploymentConditions(
      d,
      { replicas: 1, updatedReplicas: 1, availableReplicas: 1 },
      { kind: 'none', rs: 'n' },
      T0 + 50_000,
    );
    expect(c.find((x) => x.type === 'Available')).toMatchObject({ lastTransitionTime: iso(0) });
  });

  it('reports a paused Deployment as Progressing Unknown/DeploymentPaused and a resumed one as DeploymentResumed', () => {
    const paused = { ...deploy(2), spec: { ...deploy(2).spec, paused: true } };
    const counts = { replicas: 2, updatedReplicas: 1, availableReplicas: 2 };
    const c = deploymentConditions(paused, counts, { kind: 'none', rs: 'n' }, T0);
    expect(c.find((x) => x.type === 'Progressing')).toMatchObject({
      status: 'Unknown',
      reason: 'DeploymentPaused',
      message: 'Deployment is paused',
    });
    const resumed = deploymentConditions(
      deploy(2, { conditions: c }),
      counts,
      { kind: 'none', rs: 'n' },
      T0 + 1000,
    );
    expect(resumed.find((x) => x.type === 'Progressing')).toMatchObject({
      status: 'Unknown',
      reason: 'DeploymentResumed',
      message: 'Deployment is resumed',
    });
  });
});
