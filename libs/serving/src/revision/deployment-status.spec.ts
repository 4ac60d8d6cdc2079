import { deploymentReadyCondition, hasDeploymentTimedOut, podFailure } from './deployment-status';
import type { Deployment, Pod } from './types';

const cond = (type: string, status: 'True' | 'False' | 'Unknown', reason?: string, message?: string) => ({
  type,
  status,
  reason,
  message,
});

describe('deploymentReadyCondition', () => {
  it.each([
    ['no conditions yet', [], { status: 'Unknown', reason: 'Deploying', message: '' }],
    ['progressing', [cond('Progressing', 'True', 'NewReplicaSetAvailable')], { status: 'True' }],
    [
      'deadline exceeded',
      [cond('Progressing', 'False', 'ProgressDeadlineExceeded', 'too slow')],
      { status: 'False', reason: 'ProgressDeadlineExceeded', message: 'too slow' },
    ],
    [
      'replica failure',
      [cond('Progressing', 'True'), cond('ReplicaFailure', 'True', 'FailedCreate', 'quota')],
      { status: 'False', reason: 'FailedCreate', message: 'quota' },
    ],
    [
      'replica failure cleared',
      [cond('Progressing', 'True'), cond('ReplicaFailure', 'False')],
      { status: 'True' },
    ],
  ])('%s', (_n, conditions, want) => {
    expect(deploymentReadyCondition({ conditions: conditions as never })).toEqual(want);
  });

  it('detects the progress deadline', () => {
    const d = (c: object[]): Deployment => ({
      metadata: {},
      spec: { selector: {}, template: {} },
      status: { conditions: c as never },
    });
    expect(hasDeploymentTimedOut(d([cond('Progressing', 'False', 'ProgressDeadlineExceeded')]))).toBe(true);
    expect(hasDeploymentTimedOut(d([cond('Progressing', 'True', 'NewReplicaSetAvailable')]))).toBe(false);
  });
});

describe('podFailure', () => {
  const pod = (status: Pod['status']): Pod => ({ metadata: { name: 'p' }, status });
  const opts = { deploymentTimedOut: false, podIsAlwaysSchedulable: false };

  it('an unschedulable pod makes ResourcesAvailable False with the scheduler reason', () => {
    const p = pod({
      conditions: [
        {
          type: 'PodScheduled',
          status: 'False',
          reason: 'Unschedulable',
          message: '0/1 nodes are available',
        },
      ],
    });
    expect(podFailure(p, opts)).toEqual({
      resourcesAvailable: { reason: 'Unschedulable', message: '0/1 nodes are available' },
    });
    expect(podFailure(p, { ...opts, podIsAlwaysSchedulable: true })).toEqual({});
  });

  it('a crashed user container makes ContainerHealthy False with its exit code and message', () => {
    const p = pod({
      containerStatuses: [
        {
          name: 'queue-proxy',
          ready: false,
          restartCount: 0,
          image: 'q',
          imageID: '',
          lastState: { terminated: { exitCode: 9 } },
        },
        {
          name: 'user-container',
          ready: false,
          restartCount: 3,
          image: 'u',
          imageID: '',
          lastState: { terminated: { exitCode: 1, message: 'boom' } },
        },
      ],
    });
    expect(podFailure(p, opts)).toEqual({
      containerHealthy: { reason: 'ExitCode1', message: 'Container failed with: boom' },
    });
  });

  it('an exit without a message still says why', () => {
    const p = pod({
      containerStatuses: [
        {
          name: 'u',
          ready: false,
          restartCount: 1,
          image: 'u',
          imageID: '',
          lastState: { terminated: { exitCode: 0 } },
        },
      ],
    });
    expect(podFailure(p, opts).containerHealthy).toEqual({
      reason: 'ExitCode0',
      message: 'Container failed with: container exited with no error',
    });
  });

  it.each(['ErrImagePull', 'ImagePullBackOff', 'ImageNotRunnableLocally'])(
    'waiting with %s fails ResourcesAvailable at once',
    (reason) => {
      const p = pod({
        containerStatuses: [
          {
            name: 'u',
            ready: false,
            restartCount: 0,
            image: 'u',
            imageID: '',
            state: { waiting: { reason, message: 'm' } },
          },
        ],
      });
      expect(podFailure(p, opts)).toEqual({ resourcesAvailable: { reason, message: 'm' } });
    },
  );

  it('other waiting reasons count only once the deployment timed out', () => {
    const p = pod({
      containerStatuses: [
        {
          name: 'u',
          ready: false,
          restartCount: 0,
          image: 'u',
          imageID: '',
          state: { waiting: { reason: 'ContainerCreating' } },
        },
      ],
    });
    expect(podFailure(p, opts)).toEqual({});
    expect(podFailure(p, { ...opts, deploymentTimedOut: true })).toEqual({
      resourcesAvailable: { reason: 'ContainerCreating', message: '' },
    });
  });
});
