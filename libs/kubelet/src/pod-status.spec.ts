import type { ContainerStatus, Pod } from './pod.types';
import { buildPodStatus, podPhase } from './pod-status';

const pod = (
  restartPolicy?: 'Always' | 'OnFailure' | 'Never',
  conditions?: NonNullable<Pod['status']>['conditions'],
): Pod => ({
  metadata: { name: 'p', namespace: 'n', uid: 'u' },
  spec: { containers: [], restartPolicy },
  status: conditions ? { conditions } : undefined,
});

function c(state: ContainerStatus['state'], extra: Partial<ContainerStatus> = {}): ContainerStatus {
  return {
    name: 'c',
    image: 'i',
    imageID: '',
    ready: false,
    started: false,
    restartCount: 0,
    state,
    lastState: {},
    ...extra,
  };
}

const running = c({ running: { startedAt: 't' } });
const creating = c({ waiting: { reason: 'ContainerCreating' } });
const exited = (exitCode: number) =>
  c({ terminated: { exitCode, reason: exitCode ? 'Error' : 'Completed', finishedAt: 't' } });
const backingOff = c(
  { waiting: { reason: 'CrashLoopBackOff' } },
  { lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: 't' } } },
);

describe('podPhase', () => {
  it.each([
    ['no containers', undefined, [], 'Pending'],
    ['creating', undefined, [creating], 'Pending'],
    ['one running, one creating', undefined, [running, creating], 'Pending'],
    ['running', undefined, [running], 'Running'],
    ['crash loop', 'Always', [backingOff], 'Running'],
    ['one exited, one running', 'Never', [exited(1), running], 'Running'],
    ['all exited 0 under Never', 'Never', [exited(0), exited(0)], 'Succeeded'],
    ['all exited under OnFailure, one failed', 'OnFailure', [exited(0), exited(2)], 'Failed'],
    ['all exited under Always (restarting)', 'Always', [exited(0)], 'Running'],
  ] as const)('%s → %s', (_name, policy, containers, phase) => {
    expect(podPhase(pod(policy), [...containers])).toBe(phase);
  });
});

describe('buildPodStatus', () => {
  it('reports addresses, start time, and Ready/ContainersReady False with the unready containers', () => {
    const status = buildPodStatus({
      pod: pod(),
      podIP: '127.1.0.9',
      hostIP: '127.0.0.1',
      startTime: 's',
      containers: [running, { ...creating, name: 'side' }],
      now: 'now',
    });
    expect(status).toMatchObject({
      phase: 'Pending',
      podIP: '127.1.0.9',
      podIPs: [{ ip: '127.1.0.9' }],
      hostIP: '127.0.0.1',
      startTime: 's',
    });
    const byType = Object.fromEntries(status.conditions!.map((x) => [x.type, x]));
    expect(byType.Initialized.status).toBe('True');
    expect(byType.PodScheduled.status).toBe('True');
    expect(byType.Ready).toMatchObject({
      status: 'False',
      reason: 'ContainersNotReady',
      message: 'containers with unready status: [c side]',
    });
    expect(byType.ContainersReady).toMatchObject({ status: 'False', reason: 'ContainersNotReady' });
  });

  it('is Ready when every container is ready, keeping lastTransitionTime while the status stays', () => {
    const ready = { ...running, ready: true, started: true };
    const before = pod(undefined, [
      { type: 'Ready', status: 'True', lastTransitionTime: 'earlier' },
      { type: 'ContainersReady', status: 'False', lastTransitionTime: 'earlier' },
    ]);
    const status = buildPodStatus({
      pod: before,
      podIP: '127.1.0.9',
      hostIP: '127.0.0.1',
      startTime: 's',
      containers: [ready],
      now: 'now',
    });
    const byType = Object.fromEntries(status.conditions!.map((x) => [x.type, x]));
    expect(byType.Ready).toMatchObject({ status: 'True', lastTransitionTime: 'earlier' });
    expect(byType.Ready.reason).toBeUndefined();
    expect(byType.ContainersReady).toMatchObject({ status: 'True', lastTransitionTime: 'now' });
  });

  it('marks a finished Pod PodCompleted', () => {
    const status = buildPodStatus({
      pod: pod('Never'),
      podIP: '127.1.0.9',
      hostIP: '127.0.0.1',
      startTime: 's',
      containers: [exited(0)],
      now: 'now',
    });
    expect(status.phase).toBe('Succeeded');
    expect(status.conditions!.find((x) => x.type === 'Ready')).toMatchObject({
      status: 'False',
      reason: 'PodCompleted',
    });
  });
});

describe('init containers', () => {
  it('keep the Pod Pending until every one completed; a failed one fails it only under restartPolicy Never', () => {
    expect(podPhase(pod(), [creating], [exited(0), running])).toBe('Pending');
    expect(podPhase(pod(), [running], [exited(0), exited(0)])).toBe('Running');
    expect(podPhase(pod('OnFailure'), [creating], [exited(1)])).toBe('Pending');
    expect(podPhase(pod('Never'), [creating], [exited(1)])).toBe('Failed');
  });

  it('Initialized is False naming the incomplete ones, and their statuses are reported', () => {
    const init = [exited(0), { ...running, name: 'second' }];
    const status = buildPodStatus({
      pod: pod(),
      hostIP: 'h',
      startTime: 't',
      containers: [creating],
      initContainers: init,
      now: 'n',
    });
    expect(status.conditions!.find((x) => x.type === 'Initialized')).toMatchObject({
      status: 'False',
      reason: 'ContainersNotInitialized',
      message: 'containers with incomplete status: [second]',
    });
    expect(status.initContainerStatuses).toEqual(init);
    const none = buildPodStatus({ pod: pod(), hostIP: 'h', startTime: 't', containers: [running], now: 'n' });
    expect(none.initContainerStatuses).toBeUndefined();
    expect(none.conditions!.find((x) => x.type === 'Initialized')?.status).toBe('True');
  });
});
