import {
  maxUnavailable,
  newReplicaSetReplicas,
  planOldScaleDown,
  resolveFenceposts,
  scaledValue,
} from './rolling';
import type { Deployment } from './types';

function deploy(
  replicas: number,
  maxSurge?: number | string,
  maxUnav?: number | string,
  type: 'RollingUpdate' | 'Recreate' = 'RollingUpdate',
): Deployment {
  return {
    metadata: { name: 'd' },
    spec: {
      replicas,
      selector: { matchLabels: { a: 'b' } },
      template: { spec: { containers: [] } },
      strategy: {
        type,
        ...(maxSurge !== undefined || maxUnav !== undefined
          ? { rollingUpdate: { maxSurge, maxUnavailable: maxUnav } }
          : {}),
      },
    },
  };
}

describe('int-or-percent', () => {
  it.each([
    [3, 10, true, 3],
    ['25%', 3, true, 1],
    ['25%', 3, false, 0],
    ['50%', 5, true, 3],
    ['50%', 5, false, 2],
    ['2', 5, false, 2],
  ])('%p of %p (roundUp %p) = %p', (v, total, up, want) => {
    expect(scaledValue(v, total, up, 'f', '25%')).toBe(want);
  });

  it('names the field of a bad value', () => {
    expect(() => scaledValue('abc', 3, true, 'spec.strategy.rollingUpdate.maxSurge', '25%')).toThrow(
      'spec.strategy.rollingUpdate.maxSurge: "abc" is neither an integer nor a percentage',
    );
  });
});

describe('rolling update fenceposts', () => {
  it.each([
    ['defaults 25%/25% of 4', deploy(4), { maxSurge: 1, maxUnavailable: 1 }],
    ['defaults of 3', deploy(3), { maxSurge: 1, maxUnavailable: 0 }],
    ['0/0 becomes 0/1', deploy(3, 0, 0), { maxSurge: 0, maxUnavailable: 1 }],
    ['percent surge rounds up', deploy(10, '15%', '15%'), { maxSurge: 2, maxUnavailable: 1 }],
  ])('%s', (_w, d, want) => expect(resolveFenceposts(d)).toEqual(want));

  it('Recreate tolerates no unavailability of its own; maxUnavailable is capped at replicas', () => {
    expect(maxUnavailable(deploy(3, 1, 1, 'Recreate'))).toBe(0);
    expect(maxUnavailable(deploy(2, 0, 5))).toBe(2);
  });
});

describe('new ReplicaSet size in a rolling update', () => {
  it.each([
    // desired, surge, unavailable, all pods, new RS now → new RS next
    [3, 1, 0, 3, 0, 1],
    [3, 1, 0, 4, 1, 1],
    [3, 2, 0, 3, 0, 2],
    [3, 1, 0, 3, 2, 3],
    [3, 1, 0, 2, 0, 2],
    [3, 0, 1, 3, 0, 0],
    [2, 1, 0, 0, 5, 2],
  ])('desired %p surge %p unav %p, all %p, new %p → %p', (desired, surge, unav, all, now, want) => {
    expect(newReplicaSetReplicas(deploy(desired, surge, unav), all, now)).toBe(want);
  });
});

describe('old ReplicaSets scale-down', () => {
  const old = (name: string, replicas: number, available: number, createdMs = 0) => ({
    name,
    replicas,
    availableReplicas: available,
    createdMs,
  });

  it('with maxUnavailable 0 waits until the new pods are available', () => {
    expect(
      planOldScaleDown(deploy(3, 1, 0), { replicas: 1, availableReplicas: 0 }, [old('o', 3, 3)]),
    ).toEqual(new Map());
    expect(
      planOldScaleDown(deploy(3, 1, 0), { replicas: 1, availableReplicas: 1 }, [old('o', 3, 3)]),
    ).toEqual(new Map([['o', 2]]));
  });

  it('with maxUnavailable 1 removes one available old pod at once', () => {
    expect(
      planOldScaleDown(deploy(3, 0, 1), { replicas: 0, availableReplicas: 0 }, [old('o', 3, 3)]),
    ).toEqual(new Map([['o', 2]]));
  });

  it('removes unavailable old pods first, oldest ReplicaSet first', () => {
    const plan = planOldScaleDown(deploy(4, 1, 0), { replicas: 1, availableReplicas: 1 }, [
      old('newer', 2, 2, 10),
      old('older', 2, 0, 1),
    ]);
    expect(plan).toEqual(new Map([['older', 1]]));
  });

  it('never goes below zero and skips empty old sets', () => {
    expect(
      planOldScaleDown(deploy(1, 1, 1), { replicas: 1, availableReplicas: 1 }, [old('o', 1, 1)]),
    ).toEqual(new Map([['o', 0]]));
    expect(planOldScaleDown(deploy(1), { replicas: 1, availableReplicas: 1 }, [old('o', 0, 0)])).toEqual(
      new Map(),
    );
  });
});
