import type { Deployment, IntOrString } from './types';

/** An int-or-percent of `total` (intstr.GetScaledValueFromIntOrPercent); names the field on bad input. */
export function scaledValue(
  value: IntOrString | undefined,
  total: number,
  roundUp: boolean,
  field: string,
  fallback: string,
): number {
  const v = value ?? fallback;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) {
    if (/^\d+$/.test(v)) return Number(v);
    throw new Error(`${field}: "${v}" is neither an integer nor a percentage`);
  }
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** maxSurge (rounded up) and maxUnavailable (rounded down); both zero would block, so unavailable becomes 1. */
export function resolveFenceposts(d: Deployment): { maxSurge: number; maxUnavailable: number } {
  const desired = d.spec.replicas ?? 1;
  const ru = d.spec.strategy?.rollingUpdate;
  const maxSurge = scaledValue(ru?.maxSurge, desired, true, 'spec.strategy.rollingUpdate.maxSurge', '25%');
  let maxUnavailable = scaledValue(
    ru?.maxUnavailable,
    desired,
    false,
    'spec.strategy.rollingUpdate.maxUnavailable',
    '25%',
  );
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable };
}

export function maxUnavailable(d: Deployment): number {
  if (d.spec.strategy?.type === 'Recreate') return 0;
  const desired = d.spec.replicas ?? 1;
  if (desired === 0) return 0;
  return Math.min(resolveFenceposts(d).maxUnavailable, desired);
}

/** The replicas the new ReplicaSet may have now in a rolling update (NewRSNewReplicas). */
export function newReplicaSetReplicas(d: Deployment, allReplicas: number, newReplicas: number): number {
  const desired = d.spec.replicas ?? 1;
  if (newReplicas > desired) return desired;
  const { maxSurge } = resolveFenceposts(d);
  const maxTotal = desired + maxSurge;
  if (allReplicas >= maxTotal) return newReplicas;
  return newReplicas + Math.max(0, Math.min(maxTotal - allReplicas, desired - newReplicas));
}

export interface OldReplicaSetView {
  name: string;
  replicas: number;
  availableReplicas: number;
  createdMs: number;
}

/**
 * How far each old ReplicaSet may scale down without the available pods dropping below
 * `replicas - maxUnavailable` (reconcileOldReplicaSets): first their unavailable pods, then available ones,
 * oldest ReplicaSet first. Returns the new replica count of each old ReplicaSet that changes.
 */
export function planOldScaleDown(
  d: Deployment,
  newRs: { replicas: number; availableReplicas: number } | undefined,
  olds: OldReplicaSetView[],
): Map<string, number> {
  const plan = new Map<string, number>();
  const desired = d.spec.replicas ?? 1;
  const oldTotal = olds.reduce((n, r) => n + r.replicas, 0);
  if (oldTotal === 0) return plan;
  const allPods = oldTotal + (newRs?.replicas ?? 0);
  const minAvailable = desired - maxUnavailable(d);
  const newUnavailable = Math.max(0, (newRs?.replicas ?? 0) - (newRs?.availableReplicas ?? 0));
  let budget = allPods - minAvailable - newUnavailable;
  if (budget <= 0) return plan;
  const byAge = [...olds].sort((a, b) => a.createdMs - b.createdMs || a.name.localeCompare(b.name));
  const current = new Map(byAge.map((r) => [r.name, r.replicas]));

  // Unhealthy replicas first: removing them costs no availability.
  for (const rs of byAge) {
    if (budget <= 0) break;
    const unhealthy = Math.max(0, rs.replicas - rs.availableReplicas);
    const cut = Math.min(unhealthy, budget);
    if (cut > 0) {
      current.set(rs.name, rs.replicas - cut);
      budget -= cut;
    }
  }
  // Then available ones, as far as the availability floor allows.
  const totalAvailable =
    byAge.reduce((n, r) => n + Math.min(r.availableReplicas, current.get(r.name)!), 0) +
    (newRs?.availableReplicas ?? 0);
  let scaleDown = Math.min(totalAvailable - minAvailable, allPods - minAvailable);
  for (const rs of byAge) {
    if (scaleDown <= 0) break;
    const now = current.get(rs.name)!;
    const cut = Math.min(now, scaleDown);
    if (cut > 0) {
      current.set(rs.name, now - cut);
      scaleDown -= cut;
    }
  }
  for (const rs of byAge) if (current.get(rs.name) !== rs.replicas) plan.set(rs.name, current.get(rs.name)!);
  return plan;
}
