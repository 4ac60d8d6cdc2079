import type { Registry } from 'prom-client';
import { type QueueMetrics, queueMetrics } from './queue-metrics';
import { type RateLimiter, defaultRateLimiter } from './rate-limiter';

/** `fast` for keys that changed, `slow` for resyncs: a resync of 10,000 keys never delays a fresh change. */
export type Lane = 'fast' | 'slow';

export interface WorkQueueOptions {
  name: string;
  rateLimiter?: RateLimiter;
  registry?: Registry;
}

/**
 * A queue of keys with client-go semantics: a key waits at most once (dedupe); a key being processed is not
 * handed to a second worker, and if it is added meanwhile it is queued again when `done` is called.
 */
export class WorkQueue {
  private readonly fast: string[] = [];
  private readonly slow: string[] = [];
  /** Keys waiting (queued or to be re-queued after processing), with their lane. */
  private readonly dirty = new Map<string, Lane>();
  private readonly processing = new Set<string>();
  private readonly timers = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  private readonly waiters: ((key: string | undefined) => void)[] = [];
  private readonly idleWaiters: (() => void)[] = [];
  private shuttingDown = false;
  readonly rateLimiter: RateLimiter;
  private readonly metrics?: QueueMetrics;

  constructor(readonly options: WorkQueueOptions) {
    this.rateLimiter = options.rateLimiter ?? defaultRateLimiter();
    if (options.registry) this.metrics = queueMetrics(options.registry);
  }

  get name(): string {
    return this.options.name;
  }

  /** Keys waiting to be processed (not counting delayed ones and those in process). */
  get length(): number {
    return this.fast.length + this.slow.length;
  }

  get inFlight(): number {
    return this.processing.size;
  }

  isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  add(key: string, lane: Lane = 'fast'): void {
    if (this.shuttingDown) return;
    this.metrics?.adds.inc({ name: this.name });
    const waiting = this.dirty.get(key);
    if (waiting !== undefined) {
      // Promote a resync to the fast lane when the key really changed.
      if (waiting === 'slow' && lane === 'fast') {
        this.dirty.set(key, 'fast');
        const i = this.slow.indexOf(key);
        if (i >= 0) {
          this.slow.splice(i, 1);
          this.push(key, 'fast');
        }
      }
      return;
    }
    this.dirty.set(key, lane);
    if (this.processing.has(key)) return;
    this.push(key, lane);
  }

  /** Adds the key after `ms`; an earlier pending time for the same key wins. */
  addAfter(key: string, ms: number, lane: Lane = 'fast'): void {
    if (this.shuttingDown) return;
    if (ms <= 0) return this.add(key, lane);
    const at = Date.now() + ms;
    const pending = this.timers.get(key);
    if (pending && pending.at <= at) return;
    if (pending) clearTimeout(pending.timer);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.add(key, lane);
    }, ms);
    timer.unref();
    this.timers.set(key, { at, timer });
  }

  /** Re-queues a failed key after its rate-limited delay. */
  addRateLimited(key: string): number {
    const delay = this.rateLimiter.when(key);
    this.metrics?.retries.inc({ name: this.name });
    this.addAfter(key, delay);
    return delay;
  }

  forget(key: string): void {
    this.rateLimiter.forget(key);
  }

  /** Next key to process, or `undefined` once the queue shuts down. */
  get(): Promise<string | undefined> {
    if (this.shuttingDown) return Promise.resolve(undefined);
    const key = this.take();
    if (key !== undefined) return Promise.resolve(key);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Wakes every blocked `get()` with `undefined` without shutting down (workers pausing). */
  releaseWaiters(): void {
    for (const w of this.waiters.splice(0)) w(undefined);
  }

  /** Marks a key finished; if it was added while in process it goes back into the queue now. */
  done(key: string): void {
    this.processing.delete(key);
    const lane = this.dirty.get(key);
    if (lane !== undefined && !this.shuttingDown) this.push(key, lane);
    if (this.processing.size === 0) for (const w of this.idleWaiters.splice(0)) w();
  }

  /**
   * Stops handing out keys and resolves once every key in process is done (graceful drain). Waiting and
   * delayed keys are dropped: controllers are level-triggered and the next start lists everything again.
   */
  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const w of this.waiters.splice(0)) w(undefined);
    if (this.processing.size > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    this.fast.length = 0;
    this.slow.length = 0;
    this.dirty.clear();
    this.metrics?.depth.set({ name: this.name }, 0);
  }

  private push(key: string, lane: Lane): void {
    const waiter = this.waiters.shift();
    if (waiter) {
      this.dirty.delete(key);
      this.processing.add(key);
      waiter(key);
    } else {
      (lane === 'fast' ? this.fast : this.slow).push(key);
    }
    this.metrics?.depth.set({ name: this.name }, this.length);
  }

  private take(): string | undefined {
    const key = this.fast.shift() ?? this.slow.shift();
    if (key === undefined) return undefined;
    this.dirty.delete(key);
    this.processing.add(key);
    this.metrics?.depth.set({ name: this.name }, this.length);
    return key;
  }
}
