import { BreakerAbortedError, BreakerOverloadError, RevisionThrottler } from './revision-throttler';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('RevisionThrottler', () => {
  it('holds requests while the revision has no pod and lets them through once one is healthy', async () => {
    const t = new RevisionThrottler(1);
    const sent: string[] = [];
    const run = t.try(async (dest) => {
      sent.push(dest);
      return 'ok';
    });
    await tick();
    expect(sent).toEqual([]);
    expect(t.pending).toBe(1);
    t.updateBackends(['10.0.0.1:8012']);
    expect(await run).toBe('ok');
    expect(sent).toEqual(['10.0.0.1:8012']);
  });

  it('has capacity containerConcurrency × healthy pods and never exceeds cc per pod', async () => {
    const t = new RevisionThrottler(2);
    t.updateBackends(['a:1', 'b:1']);
    expect(t.capacity).toBe(4);
    const perPod = new Map<string, number>();
    let maxPerPod = 0;
    let running = 0;
    let maxRunning = 0;
    const gate = deferred();
    const runs = Array.from({ length: 10 }, () =>
      t.try(async (dest) => {
        perPod.set(dest, (perPod.get(dest) ?? 0) + 1);
        maxPerPod = Math.max(maxPerPod, perPod.get(dest)!);
        maxRunning = Math.max(maxRunning, ++running);
        await gate.promise;
        running--;
        perPod.set(dest, perPod.get(dest)! - 1);
      }),
    );
    await tick();
    expect(running).toBe(4);
    gate.resolve();
    await Promise.all(runs);
    expect(maxRunning).toBe(4);
    expect(maxPerPod).toBe(2);
  });

  it('uses first-available for cc ≤ 3: the first pod takes requests while it has room', async () => {
    const t = new RevisionThrottler(3);
    t.updateBackends(['b:1', 'a:1']);
    const dests: string[] = [];
    const gate = deferred();
    const runs = Array.from({ length: 4 }, () =>
      t.try(async (d) => {
        dests.push(d);
        await gate.promise;
      }),
    );
    await tick();
    gate.resolve();
    await Promise.all(runs);
    expect(dests).toEqual(['a:1', 'a:1', 'a:1', 'b:1']);
  });

  it('uses round-robin for cc > 3', async () => {
    const t = new RevisionThrottler(10);
    t.updateBackends(['a:1', 'b:1', 'c:1']);
    const dests: string[] = [];
    for (let i = 0; i < 4; i++) await t.try(async (d) => void dests.push(d));
    expect(dests).toEqual(['a:1', 'b:1', 'c:1', 'a:1']);
  });

  it('cc = 0: unlimited once a pod is healthy, spread by power of two choices', async () => {
    const t = new RevisionThrottler(0);
    t.updateBackends(['a:1', 'b:1']);
    const counts = new Map<string, number>();
    const gate = deferred();
    const runs = Array.from({ length: 100 }, () =>
      t.try(async (d) => {
        counts.set(d, (counts.get(d) ?? 0) + 1);
        await gate.promise;
      }),
    );
    await tick();
    expect((counts.get('a:1') ?? 0) + (counts.get('b:1') ?? 0)).toBe(100);
    expect(Math.abs((counts.get('a:1') ?? 0) - (counts.get('b:1') ?? 0))).toBeLessThanOrEqual(2);
    gate.resolve();
    await Promise.all(runs);
  });

  it('answers overflow beyond the queue depth with BreakerOverloadError (cc > 0 and cc = 0)', async () => {
    for (const cc of [1, 0]) {
      const t = new RevisionThrottler(cc, 3);
      const held = Array.from({ length: 3 }, () => t.try(async () => 'x'));
      await expect(t.try(async () => 'y')).rejects.toBeInstanceOf(BreakerOverloadError);
      t.updateBackends(['a:1']);
      await expect(Promise.all(held)).resolves.toEqual(['x', 'x', 'x']);
    }
  });

  it('drops a waiting request whose signal fires (the revision timeout)', async () => {
    const t = new RevisionThrottler(1);
    const ctl = new AbortController();
    const run = t.try(async () => 'never', ctl.signal);
    ctl.abort();
    await expect(run).rejects.toBeInstanceOf(BreakerAbortedError);
    expect(t.pending).toBe(0);
  });

  it('keeps in-flight accounting of pods that stay when the backends change', async () => {
    const t = new RevisionThrottler(1);
    t.updateBackends(['a:1']);
    const gate = deferred();
    const first = t.try(async (d) => {
      await gate.promise;
      return d;
    });
    await tick();
    t.updateBackends(['a:1', 'b:1']);
    // a:1 is still busy (cc=1): the next request must go to b:1.
    expect(await t.try(async (d) => d)).toBe('b:1');
    gate.resolve();
    expect(await first).toBe('a:1');
  });
});
