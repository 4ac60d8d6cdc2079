import type { ReconcileContext } from '@kuack/controller';
import { RecordingKubeClient } from '@kuack/testing';
import pino from 'pino';
import { deploymentReconciler } from './deployment-controller';
import { replicaSetReconciler } from './replicaset-controller';
import { templateHash } from './template-hash';
import type { Deployment, Pod, ReplicaSet } from './types';

const NOW = Date.parse('2026-01-01T00:10:00Z');
const logger = pino({ level: 'silent' });

function context(client: RecordingKubeClient, key: string, events: string[]): ReconcileContext {
  return {
    key,
    logger,
    client,
    event: (type, reason, message) => events.push(`${type} ${reason} ${message}`),
  };
}

const template = (image = 'i:1') => ({
  metadata: { labels: { app: 'a' } },
  spec: { containers: [{ name: 'c', image }] },
});

function rs(name: string, replicas: number, extra: Partial<ReplicaSet['metadata']> = {}): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'ns', uid: `uid-${name}`, generation: 1, ...extra },
    spec: { replicas, selector: { matchLabels: { app: 'a' } }, template: template() },
  };
}

function pod(name: string, owner: string | undefined, ready: boolean, created = 0): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'ns',
      labels: { app: 'a' },
      creationTimestamp: new Date(NOW - 100_000 + created * 1000).toISOString(),
      ...(owner
        ? {
            ownerReferences: [
              {
                apiVersion: 'apps/v1',
                kind: 'ReplicaSet',
                name: owner,
                uid: `uid-${owner}`,
                controller: true,
              },
            ],
          }
        : {}),
    },
    spec: { nodeName: 'n', containers: [{ name: 'c' }] },
    status: {
      phase: 'Running',
      conditions: [
        {
          type: 'Ready',
          status: ready ? 'True' : 'False',
          lastTransitionTime: new Date(NOW - 50_000).toISOString(),
        },
      ],
    },
  };
}

describe('ReplicaSet reconciler', () => {
  it('creates the missing pods from the template and reports them', async () => {
    const set = rs('web', 3);
    const client = new RecordingKubeClient([set]);
    const events: string[] = [];
    await replicaSetReconciler(() => NOW).reconcileKind(context(client, 'ns/web', events), set);
    const creates = client.actions.filter((a) => a.verb === 'create');
    expect(creates).toHaveLength(3);
    expect(creates[0].object?.metadata).toMatchObject({
      generateName: 'web-',
      labels: { app: 'a' },
      ownerReferences: [{ kind: 'ReplicaSet', name: 'web', controller: true }],
    });
    expect(events.filter((e) => e.startsWith('Normal SuccessfulCreate Created pod: web-'))).toHaveLength(3);
    expect(set.status).toEqual({
      replicas: 3,
      fullyLabeledReplicas: 3,
      readyReplicas: 0,
      availableReplicas: 0,
      observedGeneration: 1,
    });
  });

  it('scales down by deleting the not-ready pod first, then the newest', async () => {
    const set = rs('web', 1);
    const client = new RecordingKubeClient([
      set,
      pod('old-ready', 'web', true, 0),
      pod('new-ready', 'web', true, 5),
      pod('not-ready', 'web', false, 1),
    ]);
    const events: string[] = [];
    await replicaSetReconciler(() => NOW).reconcileKind(context(client, 'ns/web', events), set);
    expect(client.actions.filter((a) => a.verb === 'delete').map((a) => a.name)).toEqual([
      'not-ready',
      'new-ready',
    ]);
    expect(set.status).toMatchObject({ replicas: 1, readyReplicas: 1, availableReplicas: 1 });
  });

  it('reports a failed pod creation as ReplicaFailure/FailedCreate and clears it once creation works', async () => {
    const set = rs('web', 2);
    const client = new RecordingKubeClient([set]);
    let calls = 0;
    client.react((a) =>
      a.verb === 'create' && a.kind === 'Pod' && ++calls === 2
        ? new Error('pods "web-x" is forbidden: exceeded quota')
        : undefined,
    );
    const events: string[] = [];
    await expect(
      replicaSetReconciler(() => NOW).reconcileKind(context(client, 'ns/web', events), set),
    ).rejects.toThrow('exceeded quota');
    expect(set.status?.replicas).toBe(1);
    expect(set.status?.conditions).toEqual([
      {
        type: 'ReplicaFailure',
        status: 'True',
        reason: 'FailedCreate',
        message: 'pods "web-x" is forbidden: exceeded quota',
        lastTransitionTime: '2026-01-01T00:10:00Z',
      },
    ]);
    expect(events.at(-1)).toBe(
      'Warning FailedCreate Error creating: pods "web-x" is forbidden: exceeded quota',
    );
    const next = { ...set, status: { ...set.status! } };
    await replicaSetReconciler(() => NOW).reconcileKind(context(client, 'ns/web', []), next);
    expect(next.status.conditions).toBeUndefined();
    expect(next.status.replicas).toBe(2);
  });

  it('adopts a matching orphan instead of creating a pod, and leaves pods of other controllers alone', async () => {
    const set = rs('web', 1);
    const client = new RecordingKubeClient([
      set,
      pod('orphan', undefined, true),
      pod('foreign', 'other', true),
    ]);
    await replicaSetReconciler(() => NOW).reconcileKind(context(client, 'ns/web', []), set);
    expect(client.actions.filter((a) => a.verb !== 'list').map((a) => `${a.verb} ${a.name}`)).toEqual([
      'patch orphan',
    ]);
    expect(
      client.peek<Pod>({ apiVersion: 'v1', kind: 'Pod' }, 'orphan', 'ns')?.metadata.ownerReferences,
    ).toEqual([
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        name: 'web',
        uid: 'uid-web',
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
  });
});

describe('Deployment reconciler', () => {
  function deploy(image: string, strategy?: Deployment['spec']['strategy']): Deployment {
    return {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', namespace: 'ns', uid: 'uid-d', generation: 2 },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'a' } },
        template: template(image),
        ...(strategy ? { strategy } : {}),
      },
    };
  }

  it('creates the first ReplicaSet at full size with the hash label, revision 1 and NewReplicaSetCreated', async () => {
    const d = deploy('i:1');
    const client = new RecordingKubeClient([d]);
    const events: string[] = [];
    await deploymentReconciler(() => NOW).reconcileKind(context(client, 'ns/d', events), d);
    const hash = templateHash(d.spec.template);
    const created = client.peek<ReplicaSet>(
      { apiVersion: 'apps/v1', kind: 'ReplicaSet' },
      `d-${hash}`,
      'ns',
    )!;
    expect(created.spec.replicas).toBe(3);
    expect(created.spec.selector.matchLabels).toEqual({ app: 'a', 'pod-template-hash': hash });
    expect(created.spec.template.metadata?.labels).toEqual({ app: 'a', 'pod-template-hash': hash });
    expect(created.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '1' });
    expect(
      client.peek<Deployment>({ apiVersion: 'apps/v1', kind: 'Deployment' }, 'd', 'ns')?.metadata.annotations,
    ).toEqual({ 'deployment.kubernetes.io/revision': '1' });
    expect(events).toEqual([`Normal ScalingReplicaSet Scaled up replica set d-${hash} from 0 to 3`]);
    expect(d.status?.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({
      status: 'True',
      reason: 'NewReplicaSetCreated',
    });
  });

  it('rolls with maxSurge 1 / maxUnavailable 0: one new pod first, an old one only once the new one is available', async () => {
    const strategy = { type: 'RollingUpdate' as const, rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } };
    const old: ReplicaSet = {
      ...rs('d-old', 3, {
        annotations: { 'deployment.kubernetes.io/revision': '1' },
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'Deployment', name: 'd', uid: 'uid-d', controller: true },
        ],
      }),
      status: { replicas: 3, readyReplicas: 3, availableReplicas: 3 },
    };
    const d = deploy('i:2', strategy);
    const client = new RecordingKubeClient([d, old]);
    await deploymentReconciler(() => NOW).reconcileKind(context(client, 'ns/d', []), d);
    const newName = `d-${templateHash(d.spec.template)}`;
    const rsKind = { apiVersion: 'apps/v1', kind: 'ReplicaSet' };
    expect(client.peek<ReplicaSet>(rsKind, newName, 'ns')?.spec.replicas).toBe(1);
    expect(
      client.peek<ReplicaSet>(rsKind, newName, 'ns')?.metadata.annotations?.[
        'deployment.kubernetes.io/revision'
      ],
    ).toBe('2');
    expect(client.peek<ReplicaSet>(rsKind, 'd-old', 'ns')?.spec.replicas).toBe(3);

    // Not yet available: the old ReplicaSet keeps its 3.
    const d2 = deploy('i:2', strategy);
    await deploymentReconciler(() => NOW).reconcileKind(context(client, 'ns/d', []), d2);
    expect(client.peek<ReplicaSet>(rsKind, 'd-old', 'ns')?.spec.replicas).toBe(3);

    // The new pod is available: one old pod may go.
    const fresh = client.peek<ReplicaSet>(rsKind, newName, 'ns')!;
    client.seed({ ...fresh, status: { replicas: 1, readyReplicas: 1, availableReplicas: 1 } });
    await deploymentReconciler(() => NOW).reconcileKind(context(client, 'ns/d', []), deploy('i:2', strategy));
    expect(client.peek<ReplicaSet>(rsKind, 'd-old', 'ns')?.spec.replicas).toBe(2);
  });

  it('when paused makes no new ReplicaSet for a new template but still scales the active one', async () => {
    const old: ReplicaSet = {
      ...rs('d-old', 3, {
        annotations: { 'deployment.kubernetes.io/revision': '1' },
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'Deployment', name: 'd', uid: 'uid-d', controller: true },
        ],
      }),
      status: { replicas: 3, readyReplicas: 3, availableReplicas: 3 },
    };
    const d = { ...deploy('i:2'), spec: { ...deploy('i:2').spec, paused: true, replicas: 5 } };
    const client = new RecordingKubeClient([d, old]);
    await deploymentReconciler(() => NOW).reconcileKind(context(client, 'ns/d', []), d);
    expect(
      client
        .all({ apiVersion: 'apps/v1', kind: 'ReplicaSet' })
        .map((r) => [r.metadata.name, (r as ReplicaSet).spec.replicas]),
    ).toEqual([['d-old', 5]]);
  });

  it("mirrors a ReplicaSet's ReplicaFailure condition", async () => {
    const d = deploy('i:1');
    const hash = templateHash(d.spec.template);
    const failing: ReplicaSet = {
      ...rs(`d-${hash}`, 3, {
        annotations: { 'deployment.kubernetes.io/revision': '1' },
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'Deployment', name: 'd', uid: 'uid-d', controller: true },
        ],
      }),
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'a', 'pod-template-hash': hash } },
        template: { ...template('i:1'), metadata: { labels: { app: 'a', 'pod-template-hash': hash } } },
      },
      status: {
        replicas: 1,
        conditions: [
          {
            type: 'ReplicaFailure',
            status: 'True',
            reason: 'FailedCreate',
            message: 'quota',
            lastTransitionTime: '2026-01-01T00:00:00Z',
          },
        ],
      },
    };
    const client = new RecordingKubeClient([d, failing]);
    await deploymentReconciler(() => NOW).reconcileKind(context(client, 'ns/d', []), d);
    expect(d.status?.conditions?.find((c) => c.type === 'ReplicaFailure')).toMatchObject({
      status: 'True',
      reason: 'FailedCreate',
      message: 'quota',
    });
    expect(client.all({ apiVersion: 'apps/v1', kind: 'ReplicaSet' })).toHaveLength(1);
  });
});
