import {
  type InformerFactory,
  type KubeClient,
  type Reconciler,
  isNotFound,
  onAnyChange,
  enqueueControllerOf,
  reconcilerController,
  requeueAfter,
} from '@kuack/controller';
import type { Logger } from 'pino';
import { controllerRefOf, isPodActive, msUntilAvailable } from './pods';
import { podForReplicaSet, podsToDelete, replicaDiff, replicaSetStatus } from './replicaset-decisions';
import { selectorMatches } from './selector';
import { type Condition, POD, REPLICA_SET, type Pod, type ReplicaSet } from './types';

/** Pods made or removed in one pass; the rest waits for the next reconcile (like the controller's burst). */
const BURST = 500;

function ownerRef(rs: ReplicaSet) {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    name: rs.metadata.name!,
    uid: rs.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** Claims pods as the ReplicaSet controller does: adopts matching orphans, releases owned pods that stopped matching. */
async function claimPods(client: KubeClient, rs: ReplicaSet, pods: Pod[]): Promise<Pod[]> {
  const owned: Pod[] = [];
  for (const pod of pods) {
    const ref = controllerRefOf(pod);
    const matches = selectorMatches(rs.spec.selector, pod.metadata.labels);
    if (ref) {
      if (ref.uid !== rs.metadata.uid) continue;
      if (matches) owned.push(pod);
      else if (!pod.metadata.deletionTimestamp) {
        const rest = (pod.metadata.ownerReferences ?? []).filter((r) => r.uid !== rs.metadata.uid);
        await client
          .patch(POD, pod.metadata.name!, pod.metadata.namespace, {
            metadata: {
              ownerReferences: rest.length ? rest : null,
              resourceVersion: pod.metadata.resourceVersion,
            },
          })
          .catch(ignoreGone);
      }
      continue;
    }
    if (!matches || !isPodActive(pod) || rs.metadata.deletionTimestamp) continue;
    try {
      const adopted = await client.patch<Pod>(POD, pod.metadata.name!, pod.metadata.namespace, {
        metadata: {
          ownerReferences: [...(pod.metadata.ownerReferences ?? []), ownerRef(rs)],
          resourceVersion: pod.metadata.resourceVersion,
        },
      });
      owned.push(adopted);
    } catch (err) {
      ignoreGone(err);
    }
  }
  return owned;
}

function replicaFailure(rs: ReplicaSet, message: string, nowMs: number): Condition[] {
  const previous = rs.status?.conditions?.find((c) => c.type === 'ReplicaFailure');
  const stamp = new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return [
    ...(rs.status?.conditions ?? []).filter((c) => c.type !== 'ReplicaFailure'),
    {
      type: 'ReplicaFailure',
      status: 'True',
      reason: 'FailedCreate',
      message,
      lastTransitionTime: previous?.status === 'True' ? previous.lastTransitionTime : stamp,
    },
  ];
}

function ignoreGone(err: unknown): void {
  if (!isNotFound(err)) throw err;
}

/**
 * kube-controller-manager's replicaset controller: keeps `spec.replicas` active pods of the template, owned
 * through a controller reference, deleting the least valuable first; writes replicas / fullyLabeledReplicas /
 * readyReplicas / availableReplicas / observedGeneration. Pods are listed from the API server on each pass
 * (not the cache), which stands in for the controller's expectations: a pass never double-creates.
 */
export function replicaSetReconciler(now: () => number = Date.now): Reconciler<ReplicaSet> {
  return {
    async reconcileKind(ctx, rs) {
      const ns = rs.metadata.namespace!;
      const all = (await ctx.client.list<Pod>(POD, { namespace: ns })).items.map((p) => ({
        ...p,
        apiVersion: 'v1',
        kind: 'Pod',
      }));
      let owned = await claimPods(ctx.client, rs, all);
      const active = owned.filter(isPodActive);
      const diff = replicaDiff(rs, active.length);
      if (diff > 0 && !rs.metadata.deletionTimestamp) {
        const created: Pod[] = [];
        try {
          for (let i = 0; i < Math.min(diff, BURST); i++) {
            const pod = await ctx.client.create(podForReplicaSet(rs));
            ctx.event('Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`);
            created.push(pod);
          }
        } catch (err) {
          // Like kube: the failure shows as ReplicaFailure/FailedCreate on the status and a Warning Event, then a retry.
          const message = (err as Error).message;
          ctx.event('Warning', 'FailedCreate', `Error creating: ${message}`);
          rs.status = {
            ...replicaSetStatus(rs, [...owned, ...created], now()),
            conditions: replicaFailure(rs, message, now()),
          };
          throw err;
        }
        owned = [...owned, ...created];
      } else if (diff < 0) {
        const victims = podsToDelete(active, Math.min(-diff, BURST));
        for (const pod of victims) {
          await ctx.client
            .delete(POD, pod.metadata.name!, ns, { preconditions: { uid: pod.metadata.uid } })
            .catch(ignoreGone);
          ctx.event('Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
        }
        const gone = new Set(victims.map((p) => p.metadata.uid));
        owned = owned.filter((p) => !gone.has(p.metadata.uid));
      }
      const nowMs = now();
      rs.status = replicaSetStatus(rs, owned, nowMs);
      const others = (rs.status.conditions ?? []).filter((c) => c.type !== 'ReplicaFailure');
      if (others.length) rs.status.conditions = others;
      else delete rs.status.conditions;
      const waits = owned
        .map((p) => msUntilAvailable(p, rs.spec.minReadySeconds ?? 0, nowMs))
        .filter((ms): ms is number => ms !== undefined);
      if (waits.length) return requeueAfter(Math.min(...waits) + 10);
      return undefined;
    },
  };
}

export function replicaSetController(factory: InformerFactory, logger: Logger, now: () => number = Date.now) {
  const { controller, informer } = reconcilerController<ReplicaSet>({
    name: 'replicaset',
    gvk: REPLICA_SET,
    factory,
    logger,
    reconciler: replicaSetReconciler(now),
  });
  const pods = factory.informerFor<Pod>(POD, {});
  pods.addHandler(enqueueControllerOf(controller, REPLICA_SET));
  // Orphans: every ReplicaSet whose selector matches may adopt them.
  pods.addHandler(
    onAnyChange(
      (pod) => {
        for (const rs of informer.list(pod.metadata.namespace))
          if (selectorMatches(rs.spec.selector, pod.metadata.labels)) controller.enqueue(rs);
      },
      (pod) => !controllerRefOf(pod),
    ),
  );
  return { controller, informer };
}
