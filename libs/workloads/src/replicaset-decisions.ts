import { isPodActive, isPodAvailable, isPodReady, podCondition } from './pods';
import type { Pod, PodTemplate, ReplicaSet, ReplicaSetStatus } from './types';

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

function time(value: string | undefined): number {
  const t = Date.parse(value ?? '');
  return Number.isFinite(t) ? t : 0;
}

function restarts(pod: Pod): number {
  return (pod.status?.containerStatuses ?? []).reduce((n, c) => Math.max(n, c.restartCount ?? 0), 0);
}

/**
 * kube-controller-manager's order of deletion when scaling down (ActivePods ranking): unscheduled before
 * scheduled, Pending before Unknown before Running, not-ready before ready, lower deletion cost first, ready for
 * less time first, more restarts first, newest first. Negative: `a` goes before `b`.
 */
export function compareForDeletion(a: Pod, b: Pod): number {
  const assignedA = a.spec?.nodeName ? 1 : 0;
  const assignedB = b.spec?.nodeName ? 1 : 0;
  if (assignedA !== assignedB) return assignedA - assignedB;
  const phaseA = PHASE_RANK[a.status?.phase ?? 'Pending'] ?? 0;
  const phaseB = PHASE_RANK[b.status?.phase ?? 'Pending'] ?? 0;
  if (phaseA !== phaseB) return phaseA - phaseB;
  const readyA = isPodReady(a) ? 1 : 0;
  const readyB = isPodReady(b) ? 1 : 0;
  if (readyA !== readyB) return readyA - readyB;
  const costA = Number(a.metadata.annotations?.[DELETION_COST] ?? 0) || 0;
  const costB = Number(b.metadata.annotations?.[DELETION_COST] ?? 0) || 0;
  if (costA !== costB) return costA - costB;
  if (readyA && readyB) {
    const sinceA = time(podCondition(a, 'Ready')?.lastTransitionTime);
    const sinceB = time(podCondition(b, 'Ready')?.lastTransitionTime);
    if (sinceA !== sinceB) return sinceB - sinceA;
  }
  if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
  const createdA = time(a.metadata.creationTimestamp);
  const createdB = time(b.metadata.creationTimestamp);
  if (createdA !== createdB) return createdB - createdA;
  return (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}

/** The `count` pods to delete first. */
export function podsToDelete(pods: Pod[], count: number): Pod[] {
  if (count <= 0) return [];
  return [...pods].sort(compareForDeletion).slice(0, count);
}

/** How many pods to create (positive) or delete (negative) so the active pods match spec.replicas. */
export function replicaDiff(rs: ReplicaSet, activePods: number): number {
  return (rs.spec.replicas ?? 1) - activePods;
}

/** status from the ReplicaSet's active pods, as the replicaset controller computes it. */
export function replicaSetStatus(rs: ReplicaSet, pods: Pod[], nowMs: number): ReplicaSetStatus {
  const active = pods.filter(isPodActive);
  const templateLabels = rs.spec.template.metadata?.labels ?? {};
  const minReady = rs.spec.minReadySeconds ?? 0;
  const status: ReplicaSetStatus = {
    replicas: active.length,
    fullyLabeledReplicas: active.filter((p) =>
      Object.entries(templateLabels).every(([k, v]) => p.metadata.labels?.[k] === v),
    ).length,
    readyReplicas: active.filter(isPodReady).length,
    availableReplicas: active.filter((p) => isPodAvailable(p, minReady, nowMs)).length,
  };
  if (rs.metadata.generation !== undefined) status.observedGeneration = rs.metadata.generation;
  if (rs.status?.conditions?.length) status.conditions = rs.status.conditions;
  return status;
}

/** A pod of the template, controlled by the ReplicaSet; the API server completes the name (`<rs>-<5 chars>`). */
export function podForReplicaSet(rs: ReplicaSet): Pod {
  const template: PodTemplate = rs.spec.template;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${rs.metadata.name}-`,
      namespace: rs.metadata.namespace,
      labels: { ...(template.metadata?.labels ?? {}) },
      ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: rs.metadata.name!,
          uid: rs.metadata.uid!,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: JSON.parse(JSON.stringify(template.spec)) as Pod['spec'],
  };
}
