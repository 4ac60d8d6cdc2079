import type { Informer, ReconcileContext } from '@kuack/controller';
import { RecordingKubeClient } from '@kuack/testing';
import pino from 'pino';
import { schedulerReconciler } from './scheduler';
import type { Node, Pod } from './types';

const NOW = Date.parse('2026-01-01T00:00:00Z');

function fakeInformer<T extends { metadata: { name?: string; namespace?: string } }>(
  items: T[],
): Informer<never> {
  const key = (o: T) =>
    o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name!;
  return {
    list: () => items,
    get: (k: string) => items.find((o) => key(o) === k),
  } as unknown as Informer<never>;
}

const node = (name: string, pods = '110'): Node => ({
  metadata: { name },
  status: { conditions: [{ type: 'Ready', status: 'True' }], allocatable: { pods } },
});

const pod = (name: string, spec: Partial<NonNullable<Pod['spec']>> = {}): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'ns', uid: `uid-${name}` },
  spec: { containers: [{ name: 'c' }], ...spec },
  status: { phase: 'Pending' },
});

function ctx(key: string, events: string[]): ReconcileContext {
  return {
    key,
    logger: pino({ level: 'silent' }),
    client: new RecordingKubeClient(),
    event: (t, r, m) => events.push(`${t} ${r} ${m}`),
  };
}

describe('scheduler reconciler', () => {
  it('binds to a fitting node, counting bindings the cache has not seen yet', async () => {
    const pods = [pod('a'), pod('b')];
    const bindings: string[] = [];
    const r = schedulerReconciler(
      fakeInformer([node('n1', '1'), node('n2', '1')]) as never,
      fakeInformer(pods) as never,
      async (ns, name, _uid, n) => {
        bindings.push(`${ns}/${name}->${n}`);
      },
    );
    const events: string[] = [];
    await r.reconcileKind(ctx('ns/a', events), pods[0]);
    await r.reconcileKind(ctx('ns/b', events), pods[1]);
    expect(bindings).toEqual(['ns/a->n1', 'ns/b->n2']);
    expect(events).toEqual([
      'Normal Scheduled Successfully assigned ns/a to n1',
      'Normal Scheduled Successfully assigned ns/b to n2',
    ]);
  });

  it('marks an unschedulable pod PodScheduled=False/Unschedulable with one FailedScheduling Event per new message', async () => {
    const p = pod('p', { nodeSelector: { disk: 'ssd' } });
    const r = schedulerReconciler(
      fakeInformer([node('n1')]) as never,
      fakeInformer([p]) as never,
      async () => {
        throw new Error('must not bind');
      },
      () => NOW,
    );
    const events: string[] = [];
    const result = await r.reconcileKind(ctx('ns/p', events), p);
    expect(result).toEqual({ requeueAfterMs: 30_000 });
    expect(p.status?.conditions).toEqual([
      {
        type: 'PodScheduled',
        status: 'False',
        reason: 'Unschedulable',
        message:
          "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.",
        lastProbeTime: null,
        lastTransitionTime: '2026-01-01T00:00:00Z',
      },
    ]);
    await r.reconcileKind(ctx('ns/p', events), p);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatch(/^Warning FailedScheduling 0\/1 nodes are available/);
  });

  it('leaves bound pods, terminating pods and pods of other schedulers alone', async () => {
    const others = [
      pod('bound', { nodeName: 'n1' }),
      pod('custom', { schedulerName: 'my-scheduler' }),
      { ...pod('bye'), metadata: { ...pod('bye').metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } },
    ];
    const r = schedulerReconciler(
      fakeInformer([node('n1')]) as never,
      fakeInformer(others) as never,
      async () => {
        throw new Error('must not bind');
      },
    );
    for (const p of others)
      await expect(r.reconcileKind(ctx(`ns/${p.metadata.name}`, []), p)).resolves.toBeUndefined();
  });
});
