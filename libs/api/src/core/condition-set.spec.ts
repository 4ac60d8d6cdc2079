import { ConditionSet, isReady, postProcessReconcile, preProcessReconcile } from './condition-set';
import type { Status } from './conditions';

const set = ConditionSet.living('ResourcesAvailable', 'ContainerHealthy');

function clockFrom(start: number) {
  let t = start;
  return {
    now: () => new Date(t),
    tick: (s: number) => {
      t += s * 1000;
    },
  };
}

describe('ConditionSet', () => {
  it('initializes the happy condition and dependents as Unknown', () => {
    const status: Status = {};
    set.manage(status).initializeConditions();
    expect(status.conditions!.map((c) => `${c.type}=${c.status}`)).toEqual([
      'ContainerHealthy=Unknown',
      'Ready=Unknown',
      'ResourcesAvailable=Unknown',
    ]);
  });

  it('derives Ready True only when every dependent is True', () => {
    const status: Status = {};
    const m = set.manage(status);
    m.initializeConditions();
    m.markTrue('ResourcesAvailable');
    expect(m.getTopLevelCondition()!.status).toBe('Unknown');
    m.markTrue('ContainerHealthy');
    expect(m.isHappy()).toBe(true);
  });

  it('a failing dependent makes Ready False with its reason and message', () => {
    const status: Status = {};
    const m = set.manage(status);
    m.markTrue('ResourcesAvailable');
    m.markTrue('ContainerHealthy');
    m.markFalse('ContainerHealthy', 'ExitCode1', 'container exited');
    expect(m.getTopLevelCondition()).toMatchObject({
      status: 'False',
      reason: 'ExitCode1',
      message: 'container exited',
    });
    // Unknown on another dependent keeps Ready False.
    m.markUnknown('ResourcesAvailable', 'Deploying', '');
    expect(m.getTopLevelCondition()!.status).toBe('False');
  });

  it('markUnknown on a dependent makes Ready Unknown when nothing failed', () => {
    const status: Status = {};
    const m = set.manage(status);
    m.markTrue('ResourcesAvailable');
    m.markTrue('ContainerHealthy');
    m.markUnknown('ResourcesAvailable', 'Deploying', 'rolling out');
    expect(m.getTopLevelCondition()).toMatchObject({
      status: 'Unknown',
      reason: 'Deploying',
      message: 'rolling out',
    });
  });

  it('moves lastTransitionTime only when the condition changes', () => {
    const c = clockFrom(Date.UTC(2026, 0, 1, 0, 0, 0));
    const status: Status = {};
    const m = set.manage(status, c.now);
    m.markFalse('ContainerHealthy', 'R', 'm');
    const first = m.getCondition('ContainerHealthy')!.lastTransitionTime;
    expect(first).toBe('2026-01-01T00:00:00Z');
    c.tick(10);
    m.markFalse('ContainerHealthy', 'R', 'm');
    expect(m.getCondition('ContainerHealthy')!.lastTransitionTime).toBe(first);
    m.markFalse('ContainerHealthy', 'R2', 'm');
    expect(m.getCondition('ContainerHealthy')!.lastTransitionTime).toBe('2026-01-01T00:00:10Z');
  });

  it('gives non-dependent conditions Info severity and never lets them affect Ready', () => {
    const status: Status = {};
    const m = set.manage(status);
    m.markTrue('ResourcesAvailable');
    m.markTrue('ContainerHealthy');
    m.markFalse('Active', 'NoTraffic', 'idle');
    expect(m.getCondition('Active')).toMatchObject({ severity: 'Info', status: 'False' });
    expect(m.isHappy()).toBe(true);
    m.clearCondition('Active');
    expect(m.getCondition('Active')).toBeUndefined();
    expect(() => m.clearCondition('Ready')).toThrow('terminal');
  });

  it('Ready requires the observed generation', () => {
    const obj = { metadata: { generation: 2 }, status: { observedGeneration: 1 } as Status };
    const m = preProcessReconcile(obj, set);
    expect(m.getTopLevelCondition()).toMatchObject({ status: 'Unknown', reason: 'NewObservedGenFailure' });
    m.markTrue('ResourcesAvailable');
    m.markTrue('ContainerHealthy');
    expect(isReady(obj, set)).toBe(false);
    postProcessReconcile(obj);
    expect(isReady(obj, set)).toBe(true);
  });
});
