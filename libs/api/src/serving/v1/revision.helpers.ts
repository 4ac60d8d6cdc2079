// Revision helpers the reconcilers share (knative/serving revision_helpers.go).
import type { V1Container } from '@kubernetes/client-node';
import { getCondition } from '../../core/conditions';
import type { ProtocolType } from '../../networking/register';
import { type RoutingState, ServingAnnotations, ServingLabels } from '../register';
import {
  type Revision,
  type RevisionSpec,
  type RevisionStatus,
  RevisionConditionActive,
} from './revision.types';

export const DefaultUserPort = 8080;
export const UserPortName = 'user-port';
export const QueueAdminPortName = 'http-queueadm';
export const AutoscalingQueueMetricsPortName = 'http-autometric';
export const UserQueueMetricsPortName = 'http-usermetric';

/** The container that serves requests: the only one, or the one with a port. */
export function servingContainer(spec: RevisionSpec | undefined): V1Container {
  const cs = spec?.containers ?? [];
  if (cs.length === 1) return cs[0]!;
  return cs.find((c) => (c.ports ?? []).length > 0) ?? ({} as V1Container);
}

export function sidecarContainers(spec: RevisionSpec | undefined): V1Container[] {
  const cs = spec?.containers ?? [];
  return cs.length === 1 ? [] : cs.filter((c) => (c.ports ?? []).length === 0);
}

/** The port the user container listens on ($PORT): its first containerPort, else 8080. */
export function userPort(spec: RevisionSpec | undefined): number {
  return servingContainer(spec).ports?.[0]?.containerPort || DefaultUserPort;
}

/** h2c when the user port is named h2c, else http1. */
export function revisionProtocol(rev: Revision): ProtocolType {
  return servingContainer(rev.spec).ports?.[0]?.name === 'h2c' ? 'h2c' : 'http1';
}

export function routingStateOf(rev: Revision): RoutingState {
  return (rev.metadata?.labels?.[ServingLabels.routingState] ?? '') as RoutingState;
}

/** Sets the routingState label and its modified time, leaving the time alone when the state is unchanged. */
export function setRoutingState(rev: Revision, state: RoutingState, at: Date): void {
  rev.metadata ??= {};
  const anns = (rev.metadata.annotations ??= {});
  const labels = (rev.metadata.labels ??= {});
  if (anns[ServingAnnotations.routingStateModified] && labels[ServingLabels.routingState] === state) return;
  labels[ServingLabels.routingState] = state;
  anns[ServingAnnotations.routingStateModified] = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function routingStateModified(rev: Revision): Date | undefined {
  const v = rev.metadata?.annotations?.[ServingAnnotations.routingStateModified];
  const t = v ? Date.parse(v) : NaN;
  return Number.isNaN(t) ? undefined : new Date(t);
}

/** The Active condition exists and is not True: requests need the activator. */
export function isActivationRequired(status: RevisionStatus | undefined): boolean {
  const c = getCondition(status, RevisionConditionActive);
  return !!c && c.status !== 'True';
}
