/** The request would exceed the breaker's pending slots (capacity + queue depth): answer 503. */
export class BreakerOverloadError extends Error {
  readonly status = 503;
  constructor(message = 'pending request queue full') {
    super(message);
    this.name = 'BreakerOverloadError';
  }
}

/** The caller gave up (its AbortSignal fired) while the request waited for a slot. */
export class BreakerAbortedError extends Error {
  constructor(readonly reason: unknown) {
    super('request aborted while waiting in the queue');
    this.name = 'BreakerAbortedError';
  }
}

export interface BreakerOptions {
  /** Requests that run at the same time. */
  capacity: number;
  /** Requests that may wait for a slot; beyond capacity + queueDepth pending, `maybe` rejects at once. */
  queueDepth: number;
  /**
   * Upper bound for `updateCapacity`. When given, the pending bound is fixed at queueDepth + maxCapacity
   * (Knative's totalSlots); when absent it follows the current capacity: queueDepth + capacity.
   */
  maxCapacity?: number;
}

interface Waiter {
  grant: () => void;
}

/**
 * Knative's queue.Breaker: a semaphore of `capacity` slots in front of a FIFO queue. `pending` counts queued
 * plus running requests and is bounded by `queueDepth + maxCapacity` (the breaker's total slots), so
 * overload is refused at once instead of piling up.
 */
export class Breaker {
  private readonly fixedMaxCapacity: number | undefined;
  private readonly queueDepth: number;
  private cap: number;
  private pendingCount = 0;
  private active = 0;
  private readonly waiters: Waiter[] = [];
  private waitersHead = 0;

  constructor(opts: BreakerOptions) {
    if (!Number.isInteger(opts.queueDepth) || opts.queueDepth <= 0) {
      throw new RangeError(`queueDepth must be an integer > 0, got ${opts.queueDepth}`);
    }
    if (!Number.isInteger(opts.capacity) || opts.capacity < 0) {
      throw new RangeError(`capacity must be an integer ≥ 0, got ${opts.capacity}`);
    }
    if (opts.maxCapacity !== undefined && opts.capacity > opts.maxCapacity) {
      throw new RangeError(`capacity ${opts.capacity} exceeds maxCapacity ${opts.maxCapacity}`);
    }
    this.fixedMaxCapacity = opts.maxCapacity;
    this.queueDepth = opts.queueDepth;
    this.cap = opts.capacity;
  }

  private get totalSlots(): number {
    return this.queueDepth + (this.fixedMaxCapacity ?? this.cap);
  }

  /** Slots that may run at once. */
  get capacity(): number {
    return this.cap;
  }

  /** Requests queued or running (Knative's Breaker.InFlight). */
  get pending(): number {
    return this.pendingCount;
  }

  /** Requests holding a slot. */
  get inUse(): number {
    return this.active;
  }

  /** Changes the number of slots (the activator's revision breaker follows cc × ready pods). */
  updateCapacity(capacity: number): void {
    const next = Math.max(
      0,
      Math.min(Math.floor(capacity), this.fixedMaxCapacity ?? Number.MAX_SAFE_INTEGER),
    );
    this.cap = next;
    this.wakeWaiters();
  }

  /** Takes a slot without waiting; returns its release function, or undefined when full. */
  reserve(): (() => void) | undefined {
    if (this.pendingCount >= this.totalSlots || this.active >= this.cap) return undefined;
    this.pendingCount++;
    this.active++;
    return this.releaseOnce();
  }

  /**
   * Runs `fn` when a slot is free. Rejects with BreakerOverloadError at once when pending would exceed the
   * breaker's total slots, and with BreakerAbortedError when `signal` fires while waiting.
   */
  async maybe<T>(fn: () => Promise<T> | T, signal?: AbortSignal): Promise<T> {
    if (this.pendingCount >= this.totalSlots) throw new BreakerOverloadError();
    if (signal?.aborted) throw new BreakerAbortedError(signal.reason);
    this.pendingCount++;
    try {
      if (this.active < this.cap && this.queued() === 0) this.active++;
      else await this.waitForSlot(signal);
      try {
        return await fn();
      } finally {
        this.active--;
        this.wakeWaiters();
      }
    } finally {
      this.pendingCount--;
    }
  }

  private releaseOnce(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.pendingCount--;
      this.wakeWaiters();
    };
  }

  private queued(): number {
    return this.waiters.length - this.waitersHead;
  }

  private waitForSlot(signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        const i = this.waiters.indexOf(waiter, this.waitersHead);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(new BreakerAbortedError(signal?.reason));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  private wakeWaiters(): void {
    while (this.active < this.cap && this.queued() > 0) {
      const waiter = this.waiters[this.waitersHead++];
      this.active++;
      waiter.grant();
    }
    if (this.waitersHead > 1024 && this.waitersHead * 2 > this.waiters.length) {
      this.waiters.splice(0, this.waitersHead);
      this.waitersHead = 0;
    }
  }
}
