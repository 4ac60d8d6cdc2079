import {
  type Informer,
  type InformerFactory,
  type Reconciler,
  isConflict,
  isNotFound,
  keyOf,
  onAnyChange,
  reconcilerController,
  requeueAfter,
} from '@kuack/controller';
import type { Logger } from 'pino';
import type { PodBinder } from './binder';
import { isPodActive, podCondition } from './pods';
import { schedule } from './scheduling';
import { NODE, POD, type Node, type Pod } from './types';

export const DEFAULT_SCHEDULER = 'default-scheduler';
/** How long an unschedulable pod waits before another try when no event brings it back earlier. */
const UNSCHEDULABLE_RETRY_MS = 30_000;

const wantsUs = (pod: Pod) =>
  !pod.spec?.nodeName &&
  !pod.metadata.deletionTimestamp &&
  (pod.spec?.schedulerName ?? DEFAULT_SCHEDULER) === DEFAULT_SCHEDULER;

/**
 * kube-scheduler's observable contract for pods of `default-scheduler`: a pod goes to a Ready, schedulable
 * node whose taints it tolerates, whose labels match its nodeSelector and that has room (allocatable pods),
 * through pods/binding and a Scheduled Event; otherwise PodScheduled=False reason Unschedulable and a
 * FailedScheduling Event. Bindings made but not yet seen by the cache count towards a node's load.
 */
export function schedulerReconciler(
  nodes: Informer<Node>,
  pods: Informer<Pod>,
  bind: PodBinder,
  now: () => number = Date.now,
): Reconciler<Pod> {
  // Bindings made but not yet in the cache, by pod key (with the uid: a pod re-created under the same name is new).
  const assumed = new Map<string, { node: string; uid?: string }>();
  const load = (node: string) => {
    let n = 0;
    for (const p of pods.list()) if (p.spec?.nodeName === node && isPodActive(p)) n++;
    for (const [key, a] of assumed) {
      const seen = pods.get(key);
      if (!seen || seen.spec?.nodeName || seen.metadata.uid !== a.uid) assumed.delete(key);
      else if (a.node === node) n++;
    }
    return n;
  };
  return {
    async reconcileKind(ctx, pod) {
      if (!wantsUs(pod) || (assumed.has(ctx.key) && assumed.get(ctx.key)!.uid === pod.metadata.uid))
        return undefined;
      const decision = schedule(pod, nodes.list(), load);
      const ns = pod.metadata.namespace!;
      if (decision.node) {
        try {
          await bind(ns, pod.metadata.name!, pod.metadata.uid, decision.node);
        } catch (err) {
          if (isNotFound(err) || isConflict(err)) return undefined; // gone, or bound by someone else meanwhile
          throw err;
        }
        assumed.set(ctx.key, { node: decision.node, uid: pod.metadata.uid });
        ctx.event(
          'Normal',
          'Scheduled',
          `Successfully assigned ${ns}/${pod.metadata.name} to ${decision.node}`,
        );
        return undefined;
      }
      const previous = podCondition(pod, 'PodScheduled');
      const message = decision.message!;
      if (previous?.status !== 'False' || previous.message !== message) {
        const stamp = new Date(now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
        const status = pod.status ?? {};
        status.phase ??= 'Pending';
        status.conditions = [
          ...(status.conditions ?? []).filter((c) => c.type !== 'PodScheduled'),
          {
            type: 'PodScheduled',
            status: 'False',
            reason: 'Unschedulable',
            message,
            lastProbeTime: null,
            lastTransitionTime: previous?.status === 'False' ? previous.lastTransitionTime : stamp,
          },
        ];
        pod.status = status;
        ctx.event('Warning', 'FailedScheduling', message);
      }
      return requeueAfter(UNSCHEDULABLE_RETRY_MS);
    },
  };
}

export function schedulerController(
  factory: InformerFactory,
  logger: Logger,
  bind: PodBinder,
  now: () => number = Date.now,
) {
  const nodes = factory.informerFor<Node>(NODE, {});
  const { controller, informer: pods } = reconcilerController<Pod>({
    name: 'scheduler',
    gvk: POD,
    factory,
    logger,
    reconciler: schedulerReconciler(nodes, factory.informerFor<Pod>(POD, {}), bind, now),
    // Pods carry no observedGeneration of ours.
    hooks: { postProcess: () => undefined },
  });
  const retryPending = () => {
    for (const p of pods.list()) if (wantsUs(p)) controller.enqueueKey(keyOf(p));
  };
  // A node that appears, becomes ready or changes taints, and a pod that leaves a node, may make room.
  nodes.addHandler(onAnyChange(retryPending));
  pods.addHandler({ onDelete: (p) => p.spec?.nodeName && retryPending() });
  return { controller, informer: pods };
}
