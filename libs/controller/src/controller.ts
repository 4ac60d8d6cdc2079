import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Informer } from './informer';
import { type KubeObject, keyOf } from './objects';
import { type QueueMetrics, queueMetrics } from './queue-metrics';
import type { RateLimiter } from './rate-limiter';
import { type ReconcileResult, RequeueAfter, isPermanent } from './reconcile-result';
import { type Lane, WorkQueue } from './workqueue';

export type ReconcileFunc = (key: string) => Promise<ReconcileResult | void>;

export interface ControllerOptions {
  /** Names the queue, metrics, logs and (by default) the leader election Lease. */
  name: string;
  reconcile: ReconcileFunc;
  workers?: number;
  logger: Logger;
  registry?: Registry;
  rateLimiter?: RateLimiter;
}

/**
 * A work queue and its workers around one reconcile function. Informer handlers enqueue keys at any time;
 * workers run only between `start()` and `stop()` (the leader elector calls them).
 */
export class Controller {
  readonly queue: WorkQueue;
  private readonly metrics?: QueueMetrics;
  private workers: Promise<void>[] = [];
  private active = false;

  constructor(readonly options: ControllerOptions) {
    this.queue = new WorkQueue({
      name: options.name,
      rateLimiter: options.rateLimiter,
      registry: options.registry,
    });
    if (options.registry) this.metrics = queueMetrics(options.registry);
  }

  get name(): string {
    return this.options.name;
  }

  enqueueKey(key: string, lane: Lane = 'fast'): void {
    this.queue.add(key, lane);
  }

  enqueue(obj: KubeObject, lane: Lane = 'fast'): void {
    this.queue.add(keyOf(obj), lane);
  }

  enqueueAfter(key: string, ms: number): void {
    this.queue.addAfter(key, ms);
  }

  /** Every cached key of the informer into the slow lane (a config change, a promotion to leader). */
  globalResync(informer: Informer<KubeObject>): void {
    for (const key of informer.keys()) this.queue.add(key, 'slow');
  }

  /** Starts the workers; call after the informers are synced. */
  start(): void {
    if (this.workers.length) return;
    this.active = true;
    const n = Math.max(1, this.options.workers ?? 2);
    for (let i = 0; i < n; i++) this.workers.push(this.work());
  }

  /** Stops the workers after the keys in process (leadership lost); the queue keeps collecting keys. */
  async suspend(): Promise<void> {
    this.active = false;
    this.queue.releaseWaiters();
    await Promise.all(this.workers);
    this.workers = [];
  }

  /** Drains: stops taking keys, waits for reconciles in progress. */
  async stop(): Promise<void> {
    this.active = false;
    await this.queue.shutdown();
    await Promise.all(this.workers);
    this.workers = [];
  }

  private async work(): Promise<void> {
    while (this.active) {
      const key = await this.queue.get();
      if (key === undefined) return;
      await this.processKey(key);
    }
  }

  /** One reconcile of one key with the queue decisions; exposed for tests. */
  async processKey(key: string): Promise<void> {
    const log = this.options.logger;
    const started = process.hrtime.bigint();
    let outcome = 'success';
    try {
      const result = await this.options.reconcile(key);
      this.queue.forget(key);
      if (result?.requeueAfterMs !== undefined) this.queue.addAfter(key, result.requeueAfterMs);
    } catch (err) {
      if (err instanceof RequeueAfter) {
        this.queue.forget(key);
        this.queue.addAfter(key, err.ms);
      } else if (isPermanent(err)) {
        outcome = 'permanent_error';
        this.queue.forget(key);
        log.error({ key, err: err.message }, 'reconcile failed permanently; not retrying');
      } else {
        outcome = 'error';
        const delay = this.queue.addRateLimited(key);
        log.warn(
          { key, err: (err as Error)?.message ?? String(err), retryInMs: delay },
          'reconcile failed; retrying',
        );
      }
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.metrics?.reconcileDuration.observe({ name: this.name, outcome }, seconds);
      this.queue.done(key);
    }
  }
}
