import { Breaker, BreakerAbortedError, BreakerOverloadError } from './breaker';
import { deferred } from './testing/servers';

describe('Breaker', () => {
  it('runs at most capacity functions at once and queues the rest in order', async () => {
    const b = new Breaker({ capacity: 2, queueDepth: 10 });
    const gates = Array.from({ length: 5 }, () => deferred());
    const started: number[] = [];
    let running = 0;
    let maxRunning = 0;
    const runs = gates.map((g, i) =>
      b.maybe(async () => {
        started.push(i);
        running++;
        maxRunning = Math.max(maxRunning, running);
        await g.promise;
        running--;
        return i;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(b.pending).toBe(5);
    expect(b.inUse).toBe(2);
    gates.forEach((g) => g.resolve());
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(maxRunning).toBe(2);
    expect(b.pending).toBe(0);
    expect(b.inUse).toBe(0);
  });

  it('refuses at once with BreakerOverloadError (status 503) beyond capacity + queueDepth pending', async () => {
    const b = new Breaker({ capacity: 1, queueDepth: 10 });
    const gate = deferred();
    const accepted = Array.from({ length: 11 }, () => b.maybe(() => gate.promise));
    await expect(b.maybe(() => undefined)).rejects.toBeInstanceOf(BreakerOverloadError);
    await expect(b.maybe(() => undefined)).rejects.toMatchObject({ status: 503 });
    gate.resolve();
    await Promise.all(accepted);
    await expect(b.maybe(() => 'again')).resolves.toBe('again');
  });

  it('releases the slot when the function throws', async () => {
    const b = new Breaker({ capacity: 1, queueDepth: 1 });
    await expect(
      b.maybe(() => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(b.inUse).toBe(0);
    await expect(b.maybe(() => 1)).resolves.toBe(1);
  });

  it('removes a waiter whose signal aborts and keeps the others', async () => {
    const b = new Breaker({ capacity: 1, queueDepth: 5 });
    const gate = deferred();
    const first = b.maybe(() => gate.promise);
    const ctl = new AbortController();
    const aborted = b.maybe(() => 'never', ctl.signal);
    const third = b.maybe(() => 'third');
    ctl.abort('deadline');
    await expect(aborted).rejects.toBeInstanceOf(BreakerAbortedError);
    expect(b.pending).toBe(2);
    gate.resolve();
    await first;
    await expect(third).resolves.toBe('third');
  });

  it('wakes waiters when the capacity grows and holds them at capacity 0', async () => {
    const b = new Breaker({ capacity: 0, queueDepth: 10 });
    let ran = 0;
    const runs = [b.maybe(() => ran++), b.maybe(() => ran++)];
    await Promise.resolve();
    expect(ran).toBe(0);
    b.updateCapacity(2);
    await Promise.all(runs);
    expect(ran).toBe(2);
  });

  it('bounds pending by queueDepth + the current capacity when no maxCapacity is given', async () => {
    const b = new Breaker({ capacity: 0, queueDepth: 2 });
    const held = [b.maybe(() => 1), b.maybe(() => 2)];
    await expect(b.maybe(() => 3)).rejects.toBeInstanceOf(BreakerOverloadError);
    b.updateCapacity(5);
    await expect(Promise.all(held)).resolves.toEqual([1, 2]);
  });

  it('reserve takes a free slot without waiting and its release is idempotent', () => {
    const b = new Breaker({ capacity: 1, queueDepth: 1 });
    const release = b.reserve();
    expect(release).toBeDefined();
    expect(b.reserve()).toBeUndefined();
    release?.();
    release?.();
    expect(b.inUse).toBe(0);
    expect(b.pending).toBe(0);
    expect(b.reserve()).toBeDefined();
  });

  it('rejects invalid parameters naming them', () => {
    expect(() => new Breaker({ capacity: 1, queueDepth: 0 })).toThrow(/queueDepth/);
    expect(() => new Breaker({ capacity: -1, queueDepth: 1 })).toThrow(/capacity/);
    expect(() => new Breaker({ capacity: 3, queueDepth: 1, maxCapacity: 2 })).toThrow(/maxCapacity/);
  });
});
