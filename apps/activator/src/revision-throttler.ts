import {
  Breaker,
  BreakerAbortedError,
  BreakerOverloadError,
  lbPolicyFor,
  PodTracker,
  type LbPolicy,
} from '@kuack/dataplane';

/** Knative's activator queue per revision (breakerQueueDepth). */
export const REVISION_QUEUE_DEPTH = 10_000;

/** Both limits of the activator's buffering end in 503: the queue is full, or the revision has no backend. */
export { BreakerAbortedError, BreakerOverloadError };

/**
 * The revision breaker for containerConcurrency 0 (Knative's infiniteBreaker): no limit once a pod is
 * ready, requests wait (up to the queue depth) while there is none.
 */
class InfiniteBreaker {
  private open = false;
  private waiters = new Set<() => void>();

  constructor(private readonly queueDepth: number) {}

  get capacity(): number {
    return this.open ? 1 : 0;
  }

  get pending(): number {
    return this.waiters.size;
  }

  updateCapacity(capacity: number): void {
    this.open = capacity > 0;
    if (this.open) {
      const waiting = [...this.waiters];
      this.waiters.clear();
      waiting.forEach((w) => w());
    }
  }

  async maybe<T>(fn: () => Promise<T> | T, signal?: AbortSignal): Promise<T> {
    if (!this.open) {
      if (this.waiters.size >= this.queueDepth) throw new BreakerOverloadError();
      if (signal?.aborted) throw new BreakerAbortedError(signal.reason);
      await new Promise<void>((resolve, reject) => {
        const wake = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = () => {
          this.waiters.delete(wake);
          reject(new BreakerAbortedError(signal?.reason));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        this.waiters.add(wake);
      });
    }
    return fn();
  }
}

/**
 * One revision's throttler (knative/serving pkg/activator/net/throttler.go, one activator): a revision-wide
 * breaker of capacity cc × healthy pods (unlimited for cc=0 once a pod is healthy) in front of per-pod
 * trackers chosen by the load-balancing policy for cc.
 */
export class RevisionThrottler {
  private trackers: PodTracker[] = [];
  private readonly breaker: Breaker | InfiniteBreaker;
  private readonly policy: LbPolicy;

  constructor(
    readonly containerConcurrency: number,
    queueDepth = REVISION_QUEUE_DEPTH,
  ) {
    this.breaker =
      containerConcurrency === 0 ? new InfiniteBreaker(queueDepth) : new Breaker({ capacity: 0, queueDepth });
    this.policy = lbPolicyFor(containerConcurrency);
  }

  /** Requests waiting for capacity or running through this activator. */
  get pending(): number {
    return this.breaker.pending;
  }

  get capacity(): number {
    return this.breaker.capacity;
  }

  get backends(): string[] {
    return this.trackers.map((t) => t.dest);
  }

  /** The healthy pods ("ip:port"); trackers of pods that stay keep their in-flight state. */
  updateBackends(dests: Iterable<string>): void {
    const byDest = new Map(this.trackers.map((t) => [t.dest, t]));
    this.trackers = [...new Set(dests)]
      .sort()
      .map((d) => byDest.get(d) ?? new PodTracker(d, this.containerConcurrency));
    const n = this.trackers.length;
    this.breaker.updateCapacity(
      this.containerConcurrency === 0 ? (n > 0 ? 1 : 0) : this.containerConcurrency * n,
    );
  }

  /**
   * Runs `fn` with a pod once the revision has capacity. Rejects with BreakerOverloadError when the queue is
   * full and BreakerAbortedError when `signal` fires while waiting.
   */
  async try<T>(fn: (dest: string) => Promise<T>, signal?: AbortSignal): Promise<T> {
    for (;;) {
      let picked = false;
      const result = await this.breaker.maybe(async () => {
        const pick = this.policy(this.trackers);
        if (!pick) return undefined;
        picked = true;
        try {
          return { value: await fn(pick.target.dest) };
        } finally {
          pick.release();
        }
      }, signal);
      if (picked && result) return result.value;
      // Capacity changed between the breaker and the pick: wait in line again.
      await new Promise((r) => setImmediate(r));
    }
  }
}
