import { maxUnavailable } from './rolling';
import type { Condition, Deployment, DeploymentStatus, ReplicaSet } from './types';

export const REVISION = 'deployment.kubernetes.io/revision';

export function revisionOf(obj: { metadata: { annotations?: Record<string, string> } }): number {
  const n = Number(obj.metadata.annotations?.[REVISION] ?? 0);
  return Number.isFinite(n) ? n : 0;
}

/** Replica counts of the Deployment from its ReplicaSets' statuses. */
export function deploymentCounts(
  d: Deployment,
  newRs: ReplicaSet | undefined,
  all: ReplicaSet[],
): Omit<DeploymentStatus, 'conditions'> {
  const sum = (f: (r: ReplicaSet) => number | undefined) => all.reduce((n, r) => n + (f(r) ?? 0), 0);
  const available = sum((r) => r.status?.availableReplicas);
  const replicas = sum((r) => r.status?.replicas);
  return {
    ...(d.metadata.generation !== undefined ? { observedGeneration: d.metadata.generation } : {}),
    replicas,
    updatedReplicas: newRs?.status?.replicas ?? 0,
    readyReplicas: sum((r) => r.status?.readyReplicas),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, sum((r) => r.spec.replicas ?? 0) - available),
  };
}

export type ProgressEvent =
  { kind: 'created'; rs: string } | { kind: 'progressed'; rs: string } | { kind: 'none'; rs?: string };

function setCondition(conditions: Condition[], next: Condition, nowIso: string): Condition[] {
  const old = conditions.find((c) => c.type === next.type);
  if (old && old.status === next.status && old.reason === next.reason && old.message === next.message)
    return conditions;
  const merged: Condition = {
    ...next,
    lastUpdateTime: nowIso,
    lastTransitionTime: old && old.status === next.status ? old.lastTransitionTime : nowIso,
  };
  return [...conditions.filter((c) => c.type !== next.type), merged];
}

/**
 * Available and Progressing as the deployment controller sets them: Available when the available pods reach
 * `replicas - maxUnavailable`; Progressing NewReplicaSetAvailable once the rollout is complete,
 * NewReplicaSetCreated / ReplicaSetUpdated while it moves, ProgressDeadlineExceeded when it has not moved for
 * progressDeadlineSeconds.
 */
export function deploymentConditions(
  d: Deployment,
  counts: Omit<DeploymentStatus, 'conditions'>,
  progress: ProgressEvent,
  nowMs: number,
): Condition[] {
  const nowIso = new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const desired = d.spec.replicas ?? 1;
  let conditions = [...(d.status?.conditions ?? [])];
  const minAvailable = desired - maxUnavailable(d);
  conditions = setCondition(
    conditions,
    (counts.availableReplicas ?? 0) >= minAvailable
      ? {
          type: 'Available',
          status: 'True',
          reason: 'MinimumReplicasAvailable',
          message: 'Deployment has minimum availability.',
        }
      : {
          type: 'Available',
          status: 'False',
          reason: 'MinimumReplicasUnavailable',
          message: 'Deployment does not have minimum availability.',
        },
    nowIso,
  );
  if (d.spec.paused)
    return setCondition(
      conditions,
      { type: 'Progressing', status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' },
      nowIso,
    );
  const complete =
    counts.updatedReplicas === desired && counts.replicas === desired && counts.availableReplicas === desired;
  let current = conditions.find((c) => c.type === 'Progressing');
  if (current?.reason === 'DeploymentPaused') {
    // Resumed: the deadline counts from now.
    conditions = setCondition(
      conditions,
      {
        type: 'Progressing',
        status: 'Unknown',
        reason: 'DeploymentResumed',
        message: 'Deployment is resumed',
      },
      nowIso,
    );
    current = conditions.find((c) => c.type === 'Progressing');
  }
  if (complete && progress.rs) {
    return setCondition(
      conditions,
      {
        type: 'Progressing',
        status: 'True',
        reason: 'NewReplicaSetAvailable',
        message: `ReplicaSet "${progress.rs}" has successfully progressed.`,
      },
      nowIso,
    );
  }
  if (progress.kind === 'created') {
    return touch(
      setCondition(
        conditions,
        {
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetCreated',
          message: `Created new replica set "${progress.rs}"`,
        },
        nowIso,
      ),
      nowIso,
    );
  }
  if (progress.kind === 'progressed') {
    return touch(
      setCondition(
        conditions,
        {
          type: 'Progressing',
          status: 'True',
          reason: 'ReplicaSetUpdated',
          message: `ReplicaSet "${progress.rs}" is progressing.`,
        },
        nowIso,
      ),
      nowIso,
    );
  }
  const deadline = d.spec.progressDeadlineSeconds ?? 600;
  const since = Date.parse(current?.lastUpdateTime ?? '');
  if (
    !complete &&
    current &&
    current.reason !== 'NewReplicaSetAvailable' &&
    Number.isFinite(since) &&
    since + deadline * 1000 <= nowMs &&
    progress.rs
  ) {
    return setCondition(
      conditions,
      {
        type: 'Progressing',
        status: 'False',
        reason: 'ProgressDeadlineExceeded',
        message: `ReplicaSet "${progress.rs}" has timed out progressing.`,
      },
      nowIso,
    );
  }
  return conditions;
}

/** Progress refreshes lastUpdateTime even when the reason and message stay the same. */
function touch(conditions: Condition[], nowIso: string): Condition[] {
  return conditions.map((c) => (c.type === 'Progressing' ? { ...c, lastUpdateTime: nowIso } : c));
}

/** Milliseconds until the progress deadline of an unfinished rollout passes (to look again then). */
export function msUntilDeadline(d: Deployment, conditions: Condition[], nowMs: number): number | undefined {
  const p = conditions.find((c) => c.type === 'Progressing');
  if (!p || p.status !== 'True' || p.reason === 'NewReplicaSetAvailable') return undefined;
  const since = Date.parse(p.lastUpdateTime ?? '');
  if (!Number.isFinite(since)) return undefined;
  return Math.max(1, since + (d.spec.progressDeadlineSeconds ?? 600) * 1000 - nowMs);
}
