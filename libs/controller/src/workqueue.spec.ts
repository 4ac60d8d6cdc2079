import { Registry } from 'prom-client';
import { ItemExponentialRateLimiter, MaxOfRateLimiter, TokenBucketRateLimiter } from './rate-limiter';
import { WorkQueue } from './workqueue';

const queue = (registry?: Registry) => new WorkQueue({ name: 'test', registry });

describe('WorkQueue', () => {
  afterEach(() => jest.useRealTimers());

  it('holds a key once however often it is added', async () => {
    const q = queue();
    q.add('ns/a');
    q.add('ns/a');
    q.add('ns/b');
    q.add('ns/a');
    expect(q.length).toBe(2);
    expect(await q.get()).toBe('ns/a');
    expect(await q.get()).toBe('ns/b');
    expect(q.length).toBe(0);
  });

  it('never hands a key in process to a second worker; an add meanwhile re-queues it on done', async () => {
    const q = queue();
    q.add('ns/a');
    const first = await q.get();
    q.add('ns/a');
    q.add('ns/b');
    expect(q.length).toBe(1);
    expect(await q.get()).toBe('ns/b');
    let second: string | undefined;
    void q.get().then((k) => (second = k));
    await Promise.resolve();
    expect(second).toBeUndefined();
    q.done(first as string);
    await Promise.resolve();
    expect(second).toBe('ns/a');
  });

  it('serves the fast lane before the slow lane and promotes a resynced key that really changed', async () => {
    const q = queue();
    q.add('ns/resync-1', 'slow');
    q.add('ns/resync-2', 'slow');
    q.add('ns/changed', 'fast');
    q.add('ns/resync-2', 'fast');
    expect([await q.get(), await q.get(), await q.get()]).toEqual([
      'ns/changed',
      'ns/resync-2',
      'ns/resync-1',
    ]);
  });

  it('adds a key after requeueAfter; an earlier pending time wins', () => {
    jest.useFakeTimers();
    const q = queue();
    q.addAfter('ns/a', 5000);
    q.addAfter('ns/a', 1000);
    q.addAfter('ns/a', 8000);
    jest.advanceTimersByTime(999);
    expect(q.length).toBe(0);
    jest.advanceTimersByTime(1);
    expect(q.length).toBe(1);
    jest.advanceTimersByTime(10_000);
    expect(q.length).toBe(1);
  });

  it('backs off a failing key exponentially from 5 ms and forgets on success', () => {
    const q = new WorkQueue({ name: 'test', rateLimiter: new ItemExponentialRateLimiter(5, 1_000_000) });
    jest.useFakeTimers();
    expect([1, 2, 3, 4, 5].map(() => q.addRateLimited('ns/a'))).toEqual([5, 10, 20, 40, 80]);
    q.forget('ns/a');
    expect(q.addRateLimited('ns/a')).toBe(5);
    expect(q.addRateLimited('ns/b')).toBe(5);
  });

  it('graceful drain: shutdown waits for keys in process and hands out no more', async () => {
    const q = queue();
    q.add('ns/a');
    q.add('ns/b');
    const key = (await q.get()) as string;
    let drained = false;
    const shutdown = q.shutdown().then(() => (drained = true));
    await new Promise((r) => setImmediate(r));
    expect(drained).toBe(false);
    expect(await q.get()).toBeUndefined();
    q.add('ns/c');
    q.done(key);
    await shutdown;
    expect(drained).toBe(true);
    expect(q.length).toBe(0);
  });

  it('exports depth, adds and retries', async () => {
    jest.useFakeTimers();
    const registry = new Registry();
    const q = queue(registry);
    q.add('ns/a');
    q.add('ns/a');
    q.add('ns/b');
    q.addRateLimited('ns/c');
    const text = await registry.metrics();
    expect(text).toContain('kuack_workqueue_depth{name="test"} 2');
    expect(text).toContain('kuack_workqueue_adds_total{name="test"} 3');
    expect(text).toContain('kuack_workqueue_retries_total{name="test"} 1');
  });
});

describe('rate limiters', () => {
  it('caps the per-key delay at 1000 s', () => {
    const l = new ItemExponentialRateLimiter();
    let last = 0;
    for (let i = 0; i < 40; i++) last = l.when('k');
    expect(last).toBe(1_000_000);
    expect(l.failures('k')).toBe(40);
  });

  it('token bucket: the burst passes at once, then retries are spaced at 1/qps', () => {
    let now = 0;
    const l = new TokenBucketRateLimiter(10, 3, () => now);
    expect([l.when(), l.when(), l.when()]).toEqual([0, 0, 0]);
    expect(l.when()).toBe(100);
    expect(l.when()).toBe(200);
    now = 1000;
    expect(l.when()).toBe(0);
  });

  it('max-of takes the slower of per-key backoff and the bucket', () => {
    const now = 0;
    const l = new MaxOfRateLimiter([
      new ItemExponentialRateLimiter(5, 1000),
      new TokenBucketRateLimiter(1, 1, () => now),
    ]);
    expect(l.when('a')).toBe(5);
    expect(l.when('b')).toBe(1000);
    l.forget('a');
    expect(l.failures('a')).toBe(0);
  });
});
