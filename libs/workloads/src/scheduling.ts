import type { Node, Pod, Taint, Toleration } from './types';

export function tolerates(tolerations: Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (t.operator === 'Exists') return !t.key || t.key === taint.key;
    return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
  });
}

export type UnfitReason = 'Unschedulable' | 'Taint' | 'NodeSelector' | 'TooManyPods';

/**
 * A node's taints as the scheduler sees them: a node that is not Ready carries node.kubernetes.io/not-ready
 * (unreachable when its state is Unknown), as the node lifecycle controller adds it, so tolerations decide.
 */
export function effectiveTaints(node: Node): Taint[] {
  const taints = [...(node.spec?.taints ?? [])];
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  if (ready?.status !== 'True') {
    const key = ready?.status === 'False' ? 'node.kubernetes.io/not-ready' : 'node.kubernetes.io/unreachable';
    if (!taints.some((t) => t.key === key && t.effect === 'NoSchedule'))
      taints.push({ key, effect: 'NoSchedule' });
  }
  return taints;
}

/** Why a pod does not fit a node (the first filter that fails, in kube-scheduler's order), or undefined when it fits. */
export function unfitReason(
  pod: Pod,
  node: Node,
  podsOnNode: number,
): { reason: UnfitReason; taint?: Taint } | undefined {
  if (
    node.spec?.unschedulable &&
    !tolerates(pod.spec?.tolerations, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' })
  )
    return { reason: 'Unschedulable' };
  for (const taint of effectiveTaints(node)) {
    if (taint.effect !== 'PreferNoSchedule' && !tolerates(pod.spec?.tolerations, taint))
      return { reason: 'Taint', taint };
  }
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(pod.spec?.nodeSelector ?? {}))
    if (labels[k] !== v) return { reason: 'NodeSelector' };
  const maxPods = Number(node.status?.allocatable?.pods ?? 110);
  if (podsOnNode + 1 > maxPods) return { reason: 'TooManyPods' };
  return undefined;
}

const REASON_TEXT: Record<UnfitReason, (taint?: Taint) => string> = {
  Unschedulable: () => 'node(s) were unschedulable',
  Taint: (t) => `node(s) had untolerated taint {${t!.key}: ${t!.value ?? ''}}`,
  NodeSelector: () => "node(s) didn't match Pod's node affinity/selector",
  TooManyPods: () => 'Too many pods',
};

export interface ScheduleDecision {
  node?: string;
  /** kube-scheduler's FailedScheduling message when no node fits. */
  message?: string;
}

/**
 * Picks the node for a pod: among the nodes that fit, the one with the fewest pods (a spread like the default
 * scoring, name as tie-break). When none fits, the message counts the nodes by reason as kube-scheduler does.
 */
export function schedule(pod: Pod, nodes: Node[], podsOnNode: (node: string) => number): ScheduleDecision {
  if (nodes.length === 0) return { message: 'no nodes available to schedule pods' };
  const counts = new Map<string, number>();
  const fits: { name: string; load: number }[] = [];
  for (const node of nodes) {
    const name = node.metadata.name!;
    const load = podsOnNode(name);
    const unfit = unfitReason(pod, node, load);
    if (!unfit) fits.push({ name, load });
    else {
      const text = REASON_TEXT[unfit.reason](unfit.taint);
      counts.set(text, (counts.get(text) ?? 0) + 1);
    }
  }
  if (fits.length > 0) {
    fits.sort((a, b) => a.load - b.load || a.name.localeCompare(b.name));
    return { node: fits[0].name };
  }
  const parts = [...counts.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([text, n]) => `${n} ${text}`);
  return {
    message: `0/${nodes.length} nodes are available: ${parts.join(', ')}. preemption: 0/${nodes.length} nodes are available: ${nodes.length} Preemption is not helpful for scheduling.`,
  };
}
