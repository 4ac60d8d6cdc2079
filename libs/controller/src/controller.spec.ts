import { pino } from 'pino';
import { Registry } from 'prom-client';
import { Controller } from './controller';
import { ItemExponentialRateLimiter } from './rate-limiter';
import { PermanentError, RequeueAfter } from './reconcile-result';

const logger = pino({ level: 'silent' });

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('Controller', () => {
  afterEach(() => jest.useRealTimers());

  it('never reconciles one key on two workers at once, and reconciles again a key changed meanwhile', async () => {
    const running = new Map<string, number>();
    let maxSameKey = 0;
    const calls: string[] = [];
    const gates: ReturnType<typeof deferred>[] = [];
    const c = new Controller({
      name: 'c',
      workers: 4,
      logger,
      reconcile: async (key) => {
        calls.push(key);
        running.set(key, (running.get(key) ?? 0) + 1);
        maxSameKey = Math.max(maxSameKey, running.get(key) as number);
        const gate = deferred();
        gates.push(gate);
        await gate.promise;
        running.set(key, (running.get(key) as number) - 1);
      },
    });
    c.start();
    c.enqueueKey('ns/a');
    await new Promise((r) => setImmediate(r));
    c.enqueueKey('ns/a');
    c.enqueueKey('ns/a');
    await new Promise((r) => setImmediate(r));
    expect(calls).toEqual(['ns/a']);
    gates[0].resolve();
    await new Promise((r) => setImmediate(r));
    expect(calls).toEqual(['ns/a', 'ns/a']);
    gates[1].resolve();
    await c.stop();
    expect(maxSameKey).toBe(1);
    expect(calls).toHaveLength(2);
  });

  it('retries a failing key with backoff, forgets it after success, and counts the retry', async () => {
    jest.useFakeTimers();
    const registry = new Registry();
    let n = 0;
    const c = new Controller({
      name: 'retry',
      logger,
      registry,
      rateLimiter: new ItemExponentialRateLimiter(5, 1000),
      reconcile: async () => {
        if (++n < 3) throw new Error('transient');
      },
    });
    await c.processKey('ns/a');
    expect(c.queue.rateLimiter.failures('ns/a')).toBe(1);
    expect(c.queue.length).toBe(0);
    jest.advanceTimersByTime(5);
    expect(c.queue.length).toBe(1);
    await c.processKey((await c.queue.get()) as string);
    expect(c.queue.rateLimiter.failures('ns/a')).toBe(2);
    jest.advanceTimersByTime(9);
    expect(c.queue.length).toBe(0);
    jest.advanceTimersByTime(1);
    await c.processKey((await c.queue.get()) as string);
    expect(n).toBe(3);
    expect(c.queue.rateLimiter.failures('ns/a')).toBe(0);
    const text = await registry.metrics();
    expect(text).toContain('kuack_workqueue_retries_total{name="retry"} 2');
    expect(text).toMatch(/kuack_reconcile_duration_seconds_count\{name="retry",outcome="error"\} 2/);
    expect(text).toMatch(/kuack_reconcile_duration_seconds_count\{name="retry",outcome="success"\} 1/);
  });

  it('does not retry a permanent error', async () => {
    jest.useFakeTimers();
    const c = new Controller({
      name: 'p',
      logger,
      reconcile: async () => Promise.reject(new PermanentError('bad spec')),
    });
    await c.processKey('ns/a');
    jest.advanceTimersByTime(2_000_000);
    expect(c.queue.length).toBe(0);
    expect(c.queue.rateLimiter.failures('ns/a')).toBe(0);
  });

  it('requeues after the asked delay, returned or thrown, without counting a failure', async () => {
    jest.useFakeTimers();
    let thrown = false;
    const c = new Controller({
      name: 'r',
      logger,
      reconcile: async (key) => {
        if (key === 'ns/throw') {
          thrown = true;
          throw new RequeueAfter(2000);
        }
        return { requeueAfterMs: 1000 };
      },
    });
    await c.processKey('ns/a');
    await c.processKey('ns/throw');
    expect(thrown).toBe(true);
    jest.advanceTimersByTime(999);
    expect(c.queue.length).toBe(0);
    jest.advanceTimersByTime(1);
    expect(c.queue.length).toBe(1);
    jest.advanceTimersByTime(1000);
    expect(c.queue.length).toBe(2);
    expect(c.queue.rateLimiter.failures('ns/a') + c.queue.rateLimiter.failures('ns/throw')).toBe(0);
  });

  it('suspend stops the workers after the key in process; keys keep queueing for the next start', async () => {
    const seen: string[] = [];
    const gate = deferred();
    const c = new Controller({
      name: 's',
      logger,
      reconcile: async (key) => {
        seen.push(key);
        if (key === 'ns/a') await gate.promise;
      },
    });
    c.start();
    c.enqueueKey('ns/a');
    await new Promise((r) => setImmediate(r));
    const suspended = c.suspend();
    c.enqueueKey('ns/b');
    gate.resolve();
    await suspended;
    expect(seen).toEqual(['ns/a']);
    expect(c.queue.length).toBe(1);
    c.start();
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual(['ns/a', 'ns/b']);
    await c.stop();
  });
});
