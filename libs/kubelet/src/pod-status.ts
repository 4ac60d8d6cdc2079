import type { ContainerStatus, Pod, PodCondition, PodStatus } from './pod.types';

export interface PodStatusInput {
  pod: Pod;
  podIP?: string;
  hostIP: string;
  startTime: string;
  containers: ContainerStatus[];
  /** Init container statuses, in spec order (none when the Pod has none). */
  initContainers?: ContainerStatus[];
  now: string;
}

/** Whether every init container completed successfully. */
export function initialized(init: ContainerStatus[]): boolean {
  return init.every((c) => c.state.terminated?.exitCode === 0);
}

/** An init container that failed for good (terminated non-zero; it only stays so under restartPolicy Never). */
function initFailed(pod: Pod, init: ContainerStatus[]): boolean {
  return (
    pod.spec.restartPolicy === 'Never' &&
    init.some((c) => c.state.terminated !== undefined && c.state.terminated.exitCode !== 0)
  );
}

/** Pod phase from container states (the kubelet's getPhase): Pending until the init containers completed. */
export function podPhase(
  pod: Pod,
  containers: ContainerStatus[],
  init: ContainerStatus[] = [],
): NonNullable<PodStatus['phase']> {
  if (initFailed(pod, init)) return 'Failed';
  if (!initialized(init)) return 'Pending';
  let pending = 0;
  let running = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const c of containers) {
    if (c.state.running) running++;
    else if (c.state.terminated) {
      stopped++;
      if (c.state.terminated.exitCode === 0) succeeded++;
    } else if (c.lastState.terminated)
      running++; // waiting to restart
    else pending++;
  }
  if (containers.length === 0 || pending > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped === containers.length) {
    if (pod.spec.restartPolicy === 'Always' || pod.spec.restartPolicy === undefined) return 'Running';
    return succeeded === containers.length ? 'Succeeded' : 'Failed';
  }
  return 'Pending';
}

function condition(
  previous: PodCondition[] | undefined,
  type: string,
  ok: boolean,
  now: string,
  reason?: string,
  message?: string,
): PodCondition {
  const status = ok ? 'True' : 'False';
  const before = previous?.find((c) => c.type === type);
  const c: PodCondition = {
    type,
    status,
    lastProbeTime: null,
    lastTransitionTime:
      before && before.status === status && before.lastTransitionTime ? before.lastTransitionTime : now,
  };
  if (!ok && reason) c.reason = reason;
  if (!ok && message) c.message = message;
  return c;
}

/** The status the agent reports for a Pod: addresses, phase, conditions and container statuses. */
export function buildPodStatus(input: PodStatusInput): PodStatus {
  const { pod, containers, now } = input;
  const previous = pod.status?.conditions;
  const notReady = containers.filter((c) => !c.ready).map((c) => c.name);
  const containersReady = notReady.length === 0 && containers.length > 0;
  const unready = containersReady ? undefined : `containers with unready status: [${notReady.join(' ')}]`;
  const init = input.initContainers ?? [];
  const phase = podPhase(pod, containers, init);
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const reason = terminal ? 'PodCompleted' : 'ContainersNotReady';
  const incomplete = init.filter((c) => c.state.terminated?.exitCode !== 0).map((c) => c.name);
  const status: PodStatus = {
    phase,
    conditions: [
      condition(
        previous,
        'Initialized',
        incomplete.length === 0,
        now,
        'ContainersNotInitialized',
        `containers with incomplete status: [${incomplete.join(' ')}]`,
      ),
      condition(previous, 'Ready', containersReady, now, reason, unready),
      condition(previous, 'ContainersReady', containersReady, now, reason, unready),
      condition(previous, 'PodScheduled', true, now),
    ],
    hostIP: input.hostIP,
    hostIPs: [{ ip: input.hostIP }],
    startTime: input.startTime,
    containerStatuses: containers,
  };
  if (init.length) status.initContainerStatuses = init;
  if (input.podIP) {
    status.podIP = input.podIP;
    status.podIPs = [{ ip: input.podIP }];
  }
  return status;
}
