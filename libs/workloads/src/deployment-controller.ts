import { isDeepStrictEqual } from 'node:util';
import {
  type InformerFactory,
  type KubeClient,
  type ReconcileContext,
  type Reconciler,
  enqueueControllerOf,
  isAlreadyExists,
  isNotFound,
  onAnyChange,
  reconcilerController,
  requeueAfter,
} from '@kuack/controller';
import type { Logger } from 'pino';
import {
  type ProgressEvent,
  REVISION,
  deploymentConditions,
  deploymentCounts,
  msUntilDeadline,
  revisionOf,
} from './deployment-status';
import { controllerRefOf } from './pods';
import { newReplicaSetReplicas, planOldScaleDown, resolveFenceposts } from './rolling';
import { selectorMatches } from './selector';
import { POD_TEMPLATE_HASH, templateHash, templateWithoutHash } from './template-hash';
import { DEPLOYMENT, POD, REPLICA_SET, type Deployment, type Pod, type ReplicaSet } from './types';

const DESIRED = 'deployment.kubernetes.io/desired-replicas';
const MAX = 'deployment.kubernetes.io/max-replicas';

const replicasOf = (rs: ReplicaSet) => rs.spec.replicas ?? 0;

function maxReplicas(d: Deployment): number {
  const desired = d.spec.replicas ?? 1;
  return d.spec.strategy?.type === 'Recreate' ? desired : desired + resolveFenceposts(d).maxSurge;
}

function ownerRef(d: Deployment) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    name: d.metadata.name!,
    uid: d.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

async function claimReplicaSets(
  client: KubeClient,
  d: Deployment,
  sets: ReplicaSet[],
): Promise<ReplicaSet[]> {
  const owned: ReplicaSet[] = [];
  for (const rs of sets) {
    const ref = controllerRefOf(rs);
    if (ref) {
      if (ref.uid === d.metadata.uid) owned.push(rs);
      continue;
    }
    if (rs.metadata.deletionTimestamp || !selectorMatches(d.spec.selector, rs.metadata.labels)) continue;
    try {
      owned.push(
        await client.patch<ReplicaSet>(REPLICA_SET, rs.metadata.name!, rs.metadata.namespace, {
          metadata: {
            ownerReferences: [...(rs.metadata.ownerReferences ?? []), ownerRef(d)],
            resourceVersion: rs.metadata.resourceVersion,
          },
        }),
      );
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
  return owned;
}

function newReplicaSetObject(d: Deployment, hash: string, replicas: number, revision: number): ReplicaSet {
  const labels = { ...(d.spec.template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH]: hash };
  const template = JSON.parse(JSON.stringify(d.spec.template)) as ReplicaSet['spec']['template'];
  template.metadata = { ...(template.metadata ?? {}), labels };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata.name}-${hash}`,
      namespace: d.metadata.namespace,
      labels,
      annotations: {
        [REVISION]: String(revision),
        [DESIRED]: String(d.spec.replicas ?? 1),
        [MAX]: String(maxReplicas(d)),
      },
      ownerReferences: [ownerRef(d)],
    },
    spec: {
      replicas,
      minReadySeconds: d.spec.minReadySeconds ?? 0,
      selector: {
        ...d.spec.selector,
        matchLabels: { ...(d.spec.selector.matchLabels ?? {}), [POD_TEMPLATE_HASH]: hash },
      },
      template,
    },
  };
}

const sameTemplate = (rs: ReplicaSet, d: Deployment) =>
  isDeepStrictEqual(templateWithoutHash(rs.spec.template), templateWithoutHash(d.spec.template));

/**
 * kube-controller-manager's deployment controller: one ReplicaSet per pod template (named and selected by
 * `pod-template-hash`), RollingUpdate within maxSurge/maxUnavailable or Recreate, revisions, history limit,
 * status counts and the Available / Progressing conditions (with the progress deadline).
 */
export function deploymentReconciler(now: () => number = Date.now): Reconciler<Deployment> {
  async function scale(
    ctx: ReconcileContext,
    d: Deployment,
    rs: ReplicaSet,
    to: number,
  ): Promise<ReplicaSet> {
    const from = replicasOf(rs);
    const next = await ctx.client.patch<ReplicaSet>(REPLICA_SET, rs.metadata.name!, rs.metadata.namespace, {
      metadata: { annotations: { [DESIRED]: String(d.spec.replicas ?? 1), [MAX]: String(maxReplicas(d)) } },
      spec: { replicas: to },
    });
    ctx.event(
      'Normal',
      'ScalingReplicaSet',
      `Scaled ${to > from ? 'up' : 'down'} replica set ${rs.metadata.name} from ${from} to ${to}`,
    );
    return next;
  }

  return {
    async reconcileKind(ctx, d) {
      if (d.metadata.deletionTimestamp) return undefined;
      const ns = d.metadata.namespace!;
      const listed = (await ctx.client.list<ReplicaSet>(REPLICA_SET, { namespace: ns })).items.map((r) => ({
        ...r,
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
      }));
      let owned = await claimReplicaSets(ctx.client, d, listed);
      let newRs = owned.find((rs) => sameTemplate(rs, d));
      let olds = owned.filter((rs) => rs !== newRs);
      const desired = d.spec.replicas ?? 1;
      const recreate = d.spec.strategy?.type === 'Recreate';
      const maxOldRevision = Math.max(0, ...olds.map(revisionOf));
      let progress: ProgressEvent = { kind: 'none', rs: newRs?.metadata.name };
      const collisionCount = d.status?.collisionCount ?? 0;

      if (!newRs && !d.spec.paused) {
        const hash = templateHash(d.spec.template, collisionCount);
        const oldTotal = olds.reduce((n, r) => n + replicasOf(r), 0);
        const initial = recreate ? 0 : newReplicaSetReplicas(d, oldTotal, 0);
        try {
          newRs = await ctx.client.create(newReplicaSetObject(d, hash, initial, maxOldRevision + 1));
          progress = { kind: 'created', rs: newRs.metadata.name! };
          ctx.event(
            'Normal',
            'ScalingReplicaSet',
            `Scaled up replica set ${newRs.metadata.name} from 0 to ${initial}`,
          );
        } catch (err) {
          if (!isAlreadyExists(err)) throw err;
          const existing = await ctx.client.get<ReplicaSet>(REPLICA_SET, `${d.metadata.name}-${hash}`, ns);
          if (controllerRefOf(existing)?.uid === d.metadata.uid && sameTemplate(existing, d))
            newRs = existing;
          else {
            // A hash collision with a foreign ReplicaSet: the next pass hashes with a higher collision count.
            d.status = { ...d.status, collisionCount: collisionCount + 1 };
            return requeueAfter(1);
          }
        }
        owned = [...owned, newRs];
      } else if (newRs && revisionOf(newRs) <= maxOldRevision) {
        newRs = await ctx.client.patch<ReplicaSet>(REPLICA_SET, newRs.metadata.name!, ns, {
          metadata: { annotations: { [REVISION]: String(maxOldRevision + 1) } },
        });
      }

      if (newRs && d.metadata.annotations?.[REVISION] !== newRs.metadata.annotations?.[REVISION]) {
        await ctx.client.patch(DEPLOYMENT, d.metadata.name!, ns, {
          metadata: { annotations: { [REVISION]: newRs.metadata.annotations![REVISION] } },
        });
      }

      let scaled = false;
      if (newRs && !d.spec.paused) {
        if (recreate) {
          const activeOld = olds.filter((r) => replicasOf(r) > 0);
          if (activeOld.length) {
            olds = await Promise.all(olds.map((r) => (replicasOf(r) > 0 ? scale(ctx, d, r, 0) : r)));
            scaled = true;
          } else {
            const oldUids = new Set(olds.map((r) => r.metadata.uid));
            const pods = (await ctx.client.list<Pod>(POD, { namespace: ns })).items;
            // Terminating pods count as running (as in kube): new pods start only once the old ones are gone.
            const oldPodsRunning =
              olds.some((r) => (r.status?.replicas ?? 0) > 0) ||
              pods.some(
                (p) =>
                  oldUids.has(controllerRefOf(p)?.uid ?? '') &&
                  p.status?.phase !== 'Succeeded' &&
                  p.status?.phase !== 'Failed',
              );
            if (!oldPodsRunning && replicasOf(newRs) !== desired) {
              newRs = await scale(ctx, d, newRs, desired);
              scaled = true;
            }
          }
        } else {
          const total = owned.reduce((n, r) => n + replicasOf(r), 0);
          const want = newReplicaSetReplicas(d, total, replicasOf(newRs));
          if (want !== replicasOf(newRs)) {
            newRs = await scale(ctx, d, newRs, want);
            scaled = true;
          } else {
            const plan = planOldScaleDown(
              d,
              { replicas: replicasOf(newRs), availableReplicas: newRs.status?.availableReplicas ?? 0 },
              olds.map((r) => ({
                name: r.metadata.name!,
                replicas: replicasOf(r),
                availableReplicas: r.status?.availableReplicas ?? 0,
                createdMs: Date.parse(r.metadata.creationTimestamp ?? '') || 0,
              })),
            );
            olds = await Promise.all(
              olds.map((r) =>
                plan.has(r.metadata.name!) ? scale(ctx, d, r, plan.get(r.metadata.name!)!) : r,
              ),
            );
            scaled = plan.size > 0;
          }
        }
        olds = await cleanupHistory(ctx, d, olds);
      } else if (d.spec.paused) {
        // Paused: no rollout, but a change of replicas still reaches the one active ReplicaSet (kube's sync).
        const candidates = newRs ? [newRs, ...olds] : olds;
        const active = candidates.filter((r) => replicasOf(r) > 0);
        const target =
          active.length === 1
            ? active[0]
            : active.length === 0
              ? (newRs ?? [...olds].sort((a, b) => revisionOf(b) - revisionOf(a))[0])
              : undefined;
        if (target && replicasOf(target) !== desired) {
          const next = await scale(ctx, d, target, desired);
          scaled = true;
          if (target === newRs) newRs = next;
          else olds = olds.map((r) => (r === target ? next : r));
        }
      }

      const all = newRs ? [newRs, ...olds] : olds;
      const counts = deploymentCounts(d, newRs, all);
      const before = d.status ?? {};
      if (
        progress.kind === 'none' &&
        newRs &&
        (scaled ||
          counts.updatedReplicas !== before.updatedReplicas ||
          counts.availableReplicas !== before.availableReplicas ||
          counts.readyReplicas !== before.readyReplicas ||
          counts.replicas !== before.replicas)
      ) {
        progress = { kind: 'progressed', rs: newRs.metadata.name! };
      }
      const nowMs = now();
      let conditions = deploymentConditions(d, counts, progress, nowMs);
      // A ReplicaSet that cannot create pods shows on its Deployment too.
      const failure = all
        .map((r) => r.status?.conditions?.find((c) => c.type === 'ReplicaFailure' && c.status === 'True'))
        .find((c) => c !== undefined);
      const withoutFailure = conditions.filter((c) => c.type !== 'ReplicaFailure');
      const previousFailure = conditions.find((c) => c.type === 'ReplicaFailure');
      conditions = failure
        ? [
            ...withoutFailure,
            previousFailure && previousFailure.message === failure.message
              ? previousFailure
              : { ...failure, lastUpdateTime: failure.lastTransitionTime },
          ]
        : withoutFailure;
      d.status = { ...counts, ...(collisionCount ? { collisionCount } : {}), conditions };
      const wait = msUntilDeadline(d, conditions, nowMs);
      return wait !== undefined ? requeueAfter(wait) : undefined;
    },
  };
}

/** Deletes the oldest empty old ReplicaSets beyond revisionHistoryLimit (default 10). */
async function cleanupHistory(
  ctx: ReconcileContext,
  d: Deployment,
  olds: ReplicaSet[],
): Promise<ReplicaSet[]> {
  const limit = d.spec.revisionHistoryLimit ?? 10;
  const empty = olds
    .filter((r) => replicasOf(r) === 0 && (r.status?.replicas ?? 0) === 0 && !r.metadata.deletionTimestamp)
    .sort((a, b) => revisionOf(a) - revisionOf(b));
  const excess = olds.length - limit;
  if (excess <= 0) return olds;
  const doomed = new Set<string>();
  for (const rs of empty.slice(0, excess)) {
    await ctx.client
      .delete(REPLICA_SET, rs.metadata.name!, rs.metadata.namespace, {
        preconditions: { uid: rs.metadata.uid },
      })
      .catch((err: unknown) => {
        if (!isNotFound(err)) throw err;
      });
    doomed.add(rs.metadata.name!);
  }
  return olds.filter((r) => !doomed.has(r.metadata.name!));
}

export function deploymentController(factory: InformerFactory, logger: Logger, now: () => number = Date.now) {
  const { controller, informer } = reconcilerController<Deployment>({
    name: 'deployment',
    gvk: DEPLOYMENT,
    factory,
    logger,
    reconciler: deploymentReconciler(now),
  });
  const sets = factory.informerFor<ReplicaSet>(REPLICA_SET, {});
  sets.addHandler(enqueueControllerOf(controller, DEPLOYMENT));
  sets.addHandler(
    onAnyChange(
      (rs) => {
        for (const d of informer.list(rs.metadata.namespace))
          if (selectorMatches(d.spec.selector, rs.metadata.labels)) controller.enqueue(d);
      },
      (rs) => !controllerRefOf(rs),
    ),
  );
  // Recreate waits for the old pods to be gone: a deleted pod brings its Deployment back.
  factory.informerFor<Pod>(POD, {}).addHandler({
    onDelete: (pod) => {
      const rsRef = controllerRefOf(pod);
      if (rsRef?.kind !== 'ReplicaSet') return;
      const rs = sets.get(`${pod.metadata.namespace}/${rsRef.name}`);
      const dRef = rs && controllerRefOf(rs);
      if (dRef?.kind === 'Deployment') controller.enqueueKey(`${pod.metadata.namespace}/${dRef.name}`);
    },
  });
  return { controller, informer };
}
