/* eslint-disable @typescript-eslint/no-explicit-any */
import crypto from 'node:crypto';
import { type KubeClient, isNotFound } from '@kuack/controller';
import {
  DEPLOYMENT,
  ENDPOINTS,
  ENDPOINT_SLICE,
  NODE,
  POD,
  REPLICA_SET,
  type Deployment,
  type Pod,
  type ReplicaSet,
} from '../types';
import { FakeKubelet, STAY_NOT_READY } from './fake-kubelet';

export interface WorkloadTarget {
  client: KubeClient;
  close(): Promise<void>;
}

const EVENT = { apiVersion: 'v1', kind: 'Event' };
const NAMESPACE = { apiVersion: 'v1', kind: 'Namespace' };

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 45_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The SAME workload cases against the embedded cluster (with libs/workloads' controllers) and against the
 * real kube-apiserver + kube-controller-manager + kube-scheduler. There is no node agent yet: FakeKubelet
 * registers a Node of the test's own (own name, own taint) and writes pod status as a kubelet would.
 */
export function workloadSuite(targetName: string, start: () => Promise<WorkloadTarget>): void {
  describe(`workload controllers: ${targetName}`, () => {
    jest.setTimeout(120_000);
    const id = crypto.randomBytes(3).toString('hex');
    const ns = `wl-${targetName}-${id}`;
    let target: WorkloadTarget;
    let c: KubeClient;
    let kubelet: FakeKubelet;

    function deployment(
      name: string,
      replicas: number,
      extra: Partial<Deployment['spec']> = {},
      podLabels: Record<string, string> = {},
    ): Deployment {
      return {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace: ns },
        spec: {
          replicas,
          selector: { matchLabels: { app: name } },
          template: {
            metadata: { labels: { app: name, ...podLabels } },
            spec: {
              nodeSelector: { [kubelet.label.key]: kubelet.label.value },
              tolerations: [{ key: kubelet.taint.key, operator: 'Exists' }],
              containers: [
                {
                  name: 'main',
                  image: 'example.test/app:1',
                  ports: [{ name: 'http', containerPort: 8080 }],
                  env: [{ name: 'V', value: '1' }],
                },
              ],
            },
          },
          ...extra,
        },
      };
    }

    const podsOf = async (app: string) =>
      (await c.list<Pod>(POD, { namespace: ns, labelSelector: `app=${app}` })).items;
    const live = (pods: Pod[]) => pods.filter((p) => !p.metadata.deletionTimestamp);
    const readyCount = (pods: Pod[]) =>
      live(pods).filter((p) => p.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True'))
        .length;
    const getDeploy = (name: string) => c.get<Deployment>(DEPLOYMENT, name, ns);

    beforeAll(async () => {
      target = await start();
      c = target.client;
      await c.create({ ...NAMESPACE, metadata: { name: ns } });
      kubelet = new FakeKubelet(c, `kuack-wl-${targetName}-${id}`, ns);
      await kubelet.register();
    }, 120_000);

    afterAll(async () => {
      // The simulated kubelet keeps running until the namespace's pods are gone, else they would stay Terminating.
      await c?.delete(NAMESPACE, ns).catch(() => undefined);
      await until(
        'the test namespace emptied of pods',
        async () => (await c.list(POD, { namespace: ns })).items.length === 0,
        30_000,
      ).catch(() => undefined);
      await kubelet?.stop();
      await target?.close();
    });

    it('a Deployment of 3 gets 3 pods bound to the node; its Service lists the Ready ones', async () => {
      await c.create(deployment('web', 3, {}, { role: 'web' }));
      const pods = await until('3 pods bound to the node', async () => {
        const p = live(await podsOf('web'));
        return p.length === 3 && p.every((x) => x.spec?.nodeName === kubelet.nodeName) && p;
      });
      for (const p of pods) {
        expect(p.metadata.name).toMatch(/^web-[a-z0-9]+-[a-z0-9]{5}$/);
        expect(p.metadata.ownerReferences).toEqual([
          expect.objectContaining({ kind: 'ReplicaSet', controller: true, blockOwnerDeletion: true }),
        ]);
        expect(p.metadata.labels?.['pod-template-hash']).toBeTruthy();
      }
      const d = await until('Deployment available with 3 replicas', async () => {
        const x = await getDeploy('web');
        return (
          x.status?.availableReplicas === 3 &&
          x.status.updatedReplicas === 3 &&
          x.status.observedGeneration === x.metadata.generation &&
          x
        );
      });
      expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
      expect(d.status?.readyReplicas).toBe(3);
      expect(d.status?.conditions?.find((x) => x.type === 'Available')).toMatchObject({
        status: 'True',
        reason: 'MinimumReplicasAvailable',
      });
      await until('Progressing NewReplicaSetAvailable', async () =>
        (await getDeploy('web')).status?.conditions?.some(
          (x) => x.type === 'Progressing' && x.reason === 'NewReplicaSetAvailable',
        ),
      );

      // One more pod the Service selects (not the Deployment: no `app` label) that the simulated kubelet keeps not-ready.
      await c.create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'web-extra', namespace: ns, labels: { role: 'web', [STAY_NOT_READY]: 'true' } },
        spec: { ...deployment('web', 1).spec.template.spec },
      });
      await c.create({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web', namespace: ns },
        spec: { selector: { role: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
      });
      const ep = await until('Endpoints with 3 ready and 1 not-ready address', async () => {
        const e = await c.get<any>(ENDPOINTS, 'web', ns);
        const s = e.subsets?.[0];
        return s && (s.addresses ?? []).length === 3 && (s.notReadyAddresses ?? []).length === 1 && e;
      });
      expect(ep.subsets).toHaveLength(1);
      expect(ep.subsets[0].ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
      expect(ep.subsets[0].notReadyAddresses[0].targetRef).toMatchObject({ kind: 'Pod', name: 'web-extra' });
      const slices = await until('an EndpointSlice with 4 endpoints', async () => {
        const l = (
          await c.list<any>(ENDPOINT_SLICE, {
            namespace: ns,
            labelSelector: 'kubernetes.io/service-name=web',
          })
        ).items;
        return l.length === 1 && (l[0].endpoints ?? []).length === 4 && l;
      });
      expect(slices[0].endpoints.filter((e: any) => e.conditions.ready).length).toBe(3);
      expect(slices[0].metadata.ownerReferences).toEqual([
        expect.objectContaining({ kind: 'Service', name: 'web', controller: true }),
      ]);

      // Readiness changes (a failing readiness probe, as a kubelet would report it) move the address.
      const victim = live(await podsOf('web'))[0];
      const conditions = (victim.status?.conditions ?? []).map((x) =>
        x.type === 'Ready' || x.type === 'ContainersReady' ? { ...x, status: 'False' as const } : x,
      );
      await c.updateStatus({
        ...victim,
        apiVersion: 'v1',
        kind: 'Pod',
        status: { ...victim.status, conditions },
      });
      const moved = await until('Endpoints with 2 ready and 2 not-ready addresses', async () => {
        const e = await c.get<any>(ENDPOINTS, 'web', ns);
        const sub = e.subsets?.[0];
        return sub && (sub.addresses ?? []).length === 2 && (sub.notReadyAddresses ?? []).length === 2 && sub;
      });
      expect(moved.notReadyAddresses.map((a: any) => a.targetRef.name).sort()).toEqual(
        [victim.metadata.name, 'web-extra'].sort(),
      );
      await until(
        'Deployment readyReplicas 2',
        async () => (await getDeploy('web')).status?.readyReplicas === 2,
      );
    });

    it('a rolling update with maxUnavailable 0 never drops below the replica count', async () => {
      await c.create(
        deployment('roll', 3, {
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
        }),
      );
      await until('3 ready pods', async () => readyCount(await podsOf('roll')) === 3);
      await until(
        'rollout 1 complete',
        async () => (await getDeploy('roll')).status?.availableReplicas === 3,
      );
      const before = new Set(live(await podsOf('roll')).map((p) => p.metadata.labels?.['pod-template-hash']));
      expect(before.size).toBe(1);
      await c.patch(DEPLOYMENT, 'roll', ns, {
        spec: {
          template: {
            spec: {
              containers: [
                { name: 'main', image: 'example.test/app:2', ports: [{ name: 'http', containerPort: 8080 }] },
              ],
            },
          },
        },
      });
      let minReady = Infinity;
      let minAvailable = Infinity;
      const done = await until('rollout 2 complete', async () => {
        const pods = await podsOf('roll');
        minReady = Math.min(minReady, readyCount(pods));
        const d = await getDeploy('roll');
        if (d.status?.observedGeneration === d.metadata.generation)
          minAvailable = Math.min(minAvailable, d.status?.availableReplicas ?? 0);
        const hashes = new Set(live(pods).map((p) => p.metadata.labels?.['pod-template-hash']));
        return (
          d.status?.updatedReplicas === 3 &&
          d.status.availableReplicas === 3 &&
          (d.status.replicas ?? 0) === 3 &&
          live(pods).length === 3 &&
          hashes.size === 1 &&
          !hashes.has([...before][0]) &&
          d
        );
      });
      expect(minReady).toBeGreaterThanOrEqual(3);
      expect(minAvailable).toBeGreaterThanOrEqual(3);
      expect(done.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
      const sets = (await c.list<ReplicaSet>(REPLICA_SET, { namespace: ns, labelSelector: 'app=roll' }))
        .items;
      expect(sets.map((s) => s.spec.replicas).sort()).toEqual([0, 3]);
      expect(sets.map((s) => s.metadata.annotations?.['deployment.kubernetes.io/revision']).sort()).toEqual([
        '1',
        '2',
      ]);
    });

    it('scales to 0 and back', async () => {
      await c.create(deployment('scale', 2));
      await until('2 ready pods', async () => readyCount(await podsOf('scale')) === 2);
      await c.patch(DEPLOYMENT, 'scale', ns, { spec: { replicas: 0 } });
      await until('no pods and status replicas 0', async () => {
        const d = await getDeploy('scale');
        return (
          (await podsOf('scale')).length === 0 &&
          d.status?.observedGeneration === d.metadata.generation &&
          (d.status?.replicas ?? 0) === 0 &&
          (d.status?.availableReplicas ?? 0) === 0
        );
      });
      await c.patch(DEPLOYMENT, 'scale', ns, { spec: { replicas: 2 } });
      const d = await until('2 available again', async () => {
        const x = await getDeploy('scale');
        return (
          x.status?.availableReplicas === 2 && x.status.observedGeneration === x.metadata.generation && x
        );
      });
      expect(readyCount(await podsOf('scale'))).toBe(2);
      const sets = (await c.list<ReplicaSet>(REPLICA_SET, { namespace: ns, labelSelector: 'app=scale' }))
        .items;
      expect(sets).toHaveLength(1);
      expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    });

    it('deleting a Deployment collects its ReplicaSets and Pods', async () => {
      await c.create(deployment('gone', 2));
      await until('2 ready pods', async () => readyCount(await podsOf('gone')) === 2);
      await c.delete(DEPLOYMENT, 'gone', ns);
      await until('ReplicaSets and Pods gone', async () => {
        const sets = (await c.list(REPLICA_SET, { namespace: ns, labelSelector: 'app=gone' })).items;
        return sets.length === 0 && (await podsOf('gone')).length === 0;
      });
      await expect(getDeploy('gone').catch((err: unknown) => isNotFound(err))).resolves.toBe(true);
    });

    it('a ReplicaSet adopts a matching orphan pod and, scaling down, deletes the not-ready one first', async () => {
      const spec = deployment('adopt', 1).spec.template.spec;
      await c.create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'adopt-orphan', namespace: ns, labels: { app: 'adopt', [STAY_NOT_READY]: 'true' } },
        spec,
      });
      await until(
        'the orphan bound and reported not-ready',
        async () => (await c.get<Pod>(POD, 'adopt-orphan', ns)).status?.podIP,
      );
      const rs = await c.create<ReplicaSet>({
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name: 'adopt', namespace: ns },
        spec: {
          replicas: 3,
          selector: { matchLabels: { app: 'adopt' } },
          template: { metadata: { labels: { app: 'adopt' } }, spec },
        },
      });
      const orphan = await until('the orphan adopted', async () => {
        const p = await c.get<Pod>(POD, 'adopt-orphan', ns);
        return p.metadata.ownerReferences?.some((r) => r.uid === rs.metadata.uid && r.controller) && p;
      });
      expect(orphan.metadata.ownerReferences).toHaveLength(1);
      await until('3 pods of which 2 ready, status written', async () => {
        const r = await c.get<ReplicaSet>(REPLICA_SET, 'adopt', ns);
        return (
          live(await podsOf('adopt')).length === 3 &&
          r.status?.readyReplicas === 2 &&
          r.status.replicas === 3 &&
          r.status.fullyLabeledReplicas === 3 &&
          r.status.observedGeneration === r.metadata.generation
        );
      });
      await c.patch(REPLICA_SET, 'adopt', ns, { spec: { replicas: 2 } });
      const left = await until('2 pods left', async () => {
        const p = live(await podsOf('adopt'));
        return p.length === 2 && p;
      });
      expect(left.map((p) => p.metadata.name)).not.toContain('adopt-orphan');
      expect(readyCount(left)).toBe(2);
    });

    it('Recreate removes every old pod before creating new ones; revisionHistoryLimit bounds the old ReplicaSets', async () => {
      await c.create(deployment('recreate', 2, { strategy: { type: 'Recreate' }, revisionHistoryLimit: 1 }));
      await until('2 ready pods', async () => readyCount(await podsOf('recreate')) === 2);
      let mixed = false;
      for (const image of ['example.test/app:2', 'example.test/app:3']) {
        const before = (await getDeploy('recreate')).metadata.annotations?.[
          'deployment.kubernetes.io/revision'
        ];
        await c.patch(DEPLOYMENT, 'recreate', ns, {
          spec: {
            template: {
              spec: { containers: [{ name: 'main', image, ports: [{ name: 'http', containerPort: 8080 }] }] },
            },
          },
        });
        await until(`rollout to ${image}`, async () => {
          const pods = await podsOf('recreate');
          if (new Set(pods.map((p) => p.metadata.labels?.['pod-template-hash'])).size > 1) mixed = true;
          const d = await getDeploy('recreate');
          return (
            d.metadata.annotations?.['deployment.kubernetes.io/revision'] === String(Number(before) + 1) &&
            d.status?.updatedReplicas === 2 &&
            d.status.availableReplicas === 2 &&
            pods.length === 2 &&
            pods.every((p) => (p.spec?.containers[0] as { image?: string }).image === image)
          );
        });
      }
      expect(mixed).toBe(false);
      const sets = await until('one old ReplicaSet kept', async () => {
        const l = (await c.list<ReplicaSet>(REPLICA_SET, { namespace: ns, labelSelector: 'app=recreate' }))
          .items;
        return l.length === 2 && l;
      });
      expect(sets.map((s) => s.metadata.annotations?.['deployment.kubernetes.io/revision']).sort()).toEqual([
        '2',
        '3',
      ]);
    });

    it('minReadySeconds: pods count as available only after being ready that long', async () => {
      await c.create(deployment('minready', 2, { minReadySeconds: 10 }));
      const first = await until('2 ready replicas', async () => {
        const d = await getDeploy('minready');
        return d.status?.readyReplicas === 2 && d;
      });
      expect(first.status?.availableReplicas ?? 0).toBe(0);
      expect(first.status?.conditions?.find((x) => x.type === 'Available')).toMatchObject({
        status: 'False',
        reason: 'MinimumReplicasUnavailable',
      });
      const later = await until('2 available replicas', async () => {
        const d = await getDeploy('minready');
        return d.status?.availableReplicas === 2 && d;
      });
      expect(later.status?.conditions?.find((x) => x.type === 'Available')).toMatchObject({
        status: 'True',
        reason: 'MinimumReplicasAvailable',
      });
    });

    it('a rollout that cannot progress reports ProgressDeadlineExceeded', async () => {
      const d = deployment('stuck', 1, { progressDeadlineSeconds: 2 });
      d.spec.template.spec.nodeSelector = { 'kuack.test/no-such-node': id };
      await c.create(d);
      const cond = await until('Progressing=False', async () =>
        (await getDeploy('stuck')).status?.conditions?.find(
          (x) => x.type === 'Progressing' && x.status === 'False',
        ),
      );
      expect(cond.reason).toBe('ProgressDeadlineExceeded');
      expect(cond.message).toMatch(/^ReplicaSet "stuck-[a-z0-9]+" has timed out progressing\.$/);
    });

    it('an unschedulable pod has PodScheduled=False reason Unschedulable and a FailedScheduling Event', async () => {
      await c.create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'nowhere', namespace: ns },
        // Tolerates every taint, so on every node (ours or others') the nodeSelector is what fails.
        spec: {
          nodeSelector: { 'kuack.test/no-such-node': id },
          tolerations: [{ operator: 'Exists' }],
          containers: [{ name: 'main', image: 'example.test/app:1' }],
        },
      });
      const cond = await until('PodScheduled=False', async () =>
        (await c.get<Pod>(POD, 'nowhere', ns)).status?.conditions?.find(
          (x) => x.type === 'PodScheduled' && x.status === 'False',
        ),
      );
      expect(cond.reason).toBe('Unschedulable');
      expect(cond.message).toMatch(
        /^0\/\d+ nodes are available: .*didn't match Pod's node affinity\/selector/,
      );
      const ev = await until('a FailedScheduling Event', async () =>
        (await c.list<any>(EVENT, { namespace: ns })).items.find(
          (e) => e.reason === 'FailedScheduling' && e.involvedObject?.name === 'nowhere',
        ),
      );
      expect(ev.type).toBe('Warning');
      expect((await c.get<Pod>(POD, 'nowhere', ns)).spec?.nodeName).toBeUndefined();
    });

    // Last: it removes the suite's Node.
    it('deleting a Node collects the pods bound to it', async () => {
      await c.create(deployment('orphaned', 2));
      await until('2 ready pods', async () => readyCount(await podsOf('orphaned')) === 2);
      await c.patch(DEPLOYMENT, 'orphaned', ns, {
        spec: { template: { spec: { nodeSelector: { 'kuack.test/no-such-node': id } } } },
      });
      await c.patch(DEPLOYMENT, 'orphaned', ns, { spec: { paused: true } });
      const bound = live(await podsOf('orphaned'))
        .filter((p) => p.spec?.nodeName === kubelet.nodeName)
        .map((p) => p.metadata.uid);
      expect(bound.length).toBeGreaterThan(0);
      await c.delete(NODE, kubelet.nodeName);
      await until(
        'the pods of the deleted node gone',
        async () => (await podsOf('orphaned')).every((p) => !bound.includes(p.metadata.uid)),
        110_000,
      );
    }, 120_000);
  });
}
