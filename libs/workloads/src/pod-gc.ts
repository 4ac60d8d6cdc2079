import { Controller, type InformerFactory, isNotFound, keyOf } from '@kuack/controller';
import type { Logger } from 'pino';
import { NODE, POD, type Node, type Pod } from './types';

/**
 * The part of kube-controller-manager's pod garbage collector the embedded cluster lacks: pods bound to a
 * Node that no longer exists are deleted at once (grace 0), after the node has been missing for a quarantine
 * period (kube: 40 s) so a node that is just registering is not mistaken for a deleted one.
 * Owner-reference GC is the API server's own (libs/apiserver gc.ts).
 */
export function podGcController(
  factory: InformerFactory,
  logger: Logger,
  options: { quarantineMs?: number; now?: () => number } = {},
) {
  const quarantineMs = options.quarantineMs ?? 10_000;
  const now = options.now ?? Date.now;
  const pods = factory.informerFor<Pod>(POD, {});
  const nodes = factory.informerFor<Node>(NODE, {});
  const missingSince = new Map<string, number>();
  const client = factory.client;

  const controller = new Controller({
    name: 'podgc',
    logger: logger.child({ controller: 'podgc' }),
    async reconcile(key) {
      const pod = pods.get(key);
      const node = pod?.spec?.nodeName;
      if (!pod || !node) return undefined;
      if (nodes.get(node)) {
        missingSince.delete(node);
        return undefined;
      }
      const since = missingSince.get(node) ?? now();
      missingSince.set(node, since);
      const left = since + quarantineMs - now();
      if (left > 0) return { requeueAfterMs: left };
      try {
        await client.get(NODE, node);
        return undefined; // the cache lags: the node is back
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      await client
        .delete(POD, pod.metadata.name!, pod.metadata.namespace, {
          gracePeriodSeconds: 0,
          preconditions: { uid: pod.metadata.uid },
        })
        .catch((err: unknown) => {
          if (!isNotFound(err)) throw err;
        });
      return undefined;
    },
  });
  const check = (pod: Pod) => {
    if (pod.spec?.nodeName && !nodes.get(pod.spec.nodeName)) controller.enqueueKey(keyOf(pod));
  };
  pods.addHandler({ onAdd: check, onUpdate: (_old, pod) => check(pod) });
  nodes.addHandler({
    onDelete: (node) => {
      for (const pod of pods.list())
        if (pod.spec?.nodeName === node.metadata.name) controller.enqueueKey(keyOf(pod));
    },
  });
  return { controller };
}
