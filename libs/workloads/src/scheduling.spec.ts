import { schedule, tolerates, unfitReason } from './scheduling';
import type { Node, Pod } from './types';

function node(
  name: string,
  o: {
    ready?: boolean;
    unschedulable?: boolean;
    taints?: Node['spec'] extends infer S ? (S extends { taints?: infer T } ? T : never) : never;
    labels?: Record<string, string>;
    pods?: string;
  } = {},
): Node {
  return {
    metadata: { name, labels: o.labels ?? {} },
    spec: { unschedulable: o.unschedulable, taints: o.taints },
    status: {
      conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }],
      allocatable: { pods: o.pods ?? '110' },
    },
  };
}
const pod = (spec: Partial<NonNullable<Pod['spec']>> = {}): Pod => ({
  metadata: { name: 'p' },
  spec: { containers: [{ name: 'c' }], ...spec },
});

describe('tolerations', () => {
  it.each([
    [
      [{ key: 'k', operator: 'Equal', value: 'v', effect: 'NoSchedule' }],
      { key: 'k', value: 'v', effect: 'NoSchedule' },
      true,
    ],
    [[{ key: 'k', operator: 'Equal', value: 'w' }], { key: 'k', value: 'v', effect: 'NoSchedule' }, false],
    [[{ key: 'k', operator: 'Exists' }], { key: 'k', value: 'v', effect: 'NoExecute' }, true],
    [[{ operator: 'Exists' }], { key: 'any', effect: 'NoSchedule' }, true],
    [[{ key: 'k', operator: 'Exists', effect: 'NoExecute' }], { key: 'k', effect: 'NoSchedule' }, false],
    [[], { key: 'k', effect: 'NoSchedule' }, false],
  ] as const)('%j tolerates %j: %p', (tols, taint, want) => {
    expect(tolerates(tols as never, taint as never)).toBe(want);
  });
});

describe('node fit', () => {
  it.each([
    ['fits', pod(), node('n'), 0, undefined],
    ['not ready (the not-ready taint)', pod(), node('n', { ready: false }), 0, 'Taint'],
    [
      'not ready, tolerated',
      pod({ tolerations: [{ operator: 'Exists' }] }),
      node('n', { ready: false }),
      0,
      undefined,
    ],
    ['cordoned', pod(), node('n', { unschedulable: true }), 0, 'Unschedulable'],
    [
      'untolerated NoSchedule taint',
      pod(),
      node('n', { taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] }),
      0,
      'Taint',
    ],
    [
      'PreferNoSchedule does not filter',
      pod(),
      node('n', { taints: [{ key: 'k', effect: 'PreferNoSchedule' }] }),
      0,
      undefined,
    ],
    [
      'tolerated taint',
      pod({ tolerations: [{ key: 'k', operator: 'Exists' }] }),
      node('n', { taints: [{ key: 'k', effect: 'NoSchedule' }] }),
      0,
      undefined,
    ],
    [
      'nodeSelector mismatch',
      pod({ nodeSelector: { disk: 'ssd' } }),
      node('n', { labels: { disk: 'hdd' } }),
      0,
      'NodeSelector',
    ],
    [
      'nodeSelector match',
      pod({ nodeSelector: { disk: 'ssd' } }),
      node('n', { labels: { disk: 'ssd' } }),
      0,
      undefined,
    ],
    ['full (allocatable pods)', pod(), node('n', { pods: '2' }), 2, 'TooManyPods'],
    ['one slot left', pod(), node('n', { pods: '2' }), 1, undefined],
  ] as const)('%s', (_w, p, n, load, want) => {
    expect(unfitReason(p, n, load)?.reason).toBe(want);
  });
});

describe('schedule', () => {
  it('picks the least loaded fitting node', () => {
    const load: Record<string, number> = { a: 3, b: 1, c: 0 };
    expect(schedule(pod(), [node('a'), node('b'), node('c', { ready: false })], (n) => load[n]).node).toBe(
      'b',
    );
  });

  it('explains why no node fits, counting nodes by reason', () => {
    const d = schedule(
      pod({ nodeSelector: { x: 'y' } }),
      [node('a'), node('b', { taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] }), node('c')],
      () => 0,
    );
    expect(d.node).toBeUndefined();
    expect(d.message).toBe(
      "0/3 nodes are available: 2 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {k: v}. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    );
    expect(schedule(pod(), [], () => 0).message).toBe('no nodes available to schedule pods');
  });
});
