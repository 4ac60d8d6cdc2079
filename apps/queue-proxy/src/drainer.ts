/**
 * knative/pkg's Drainer: once draining starts, health checks fail while requests are still served; `drain()`
 * resolves after a quiet period with no new request (each request restarts the period). `reset()` cancels.
 */
export class Drainer {
  private timer: NodeJS.Timeout | undefined;
  private waiting: Array<() => void> = [];
  private active = false;

  constructor(private readonly quietPeriodMs: number) {}

  get draining(): boolean {
    return this.active;
  }

  /** Starts draining (idempotent) and resolves once the quiet period passed or the drain was reset. */
  drain(): Promise<void> {
    const done = new Promise<void>((resolve) => this.waiting.push(resolve));
    if (!this.active) {
      this.active = true;
      this.arm();
    }
    return done;
  }

  /** A request arrived: while draining, the quiet period starts over. */
  touch(): void {
    if (this.active) this.arm();
  }

  /** Stops draining; pending drain() calls resolve. */
  reset(): void {
    this.active = false;
    this.finish();
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.finish(), this.quietPeriodMs);
  }

  private finish(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const waiting = this.waiting;
    this.waiting = [];
    waiting.forEach((resolve) => resolve());
  }
}
