import { runReadinessChecks, type ReadinessProbeSpec } from './readiness-probe';

export interface ReadinessMonitorOptions {
  /** Knative's aggressive probing at start: every 50 ms with a 100 ms timeout, for up to 10 s. */
  aggressivePeriodMs?: number;
  aggressiveTimeoutMs?: number;
  aggressiveWindowMs?: number;
  /** Period once ready, when the probe sets none. */
  defaultPeriodMs?: number;
  onChange?: (ready: boolean) => void;
  /** Replaces the real checks (tests of the state machine). */
  check?: (timeoutMs: number) => Promise<boolean>;
  now?: () => number;
}

/**
 * Keeps the user container's readiness current: probes aggressively from start (and again after the
 * container turned unready) until the success threshold, then every probe period; `failureThreshold`
 * consecutive failures make it unready. Without a probe spec the container counts as ready.
 */
export class ReadinessMonitor {
  private isReady: boolean;
  private successes = 0;
  private failures = 0;
  private windowStart: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<boolean> | undefined;
  private stopped = false;
  private readonly o: Required<Omit<ReadinessMonitorOptions, 'onChange' | 'check'>> &
    Pick<ReadinessMonitorOptions, 'onChange'>;
  private readonly checkFn: ((timeoutMs: number) => Promise<boolean>) | undefined;

  constructor(
    private readonly spec: ReadinessProbeSpec | undefined,
    opts: ReadinessMonitorOptions = {},
  ) {
    this.o = {
      aggressivePeriodMs: opts.aggressivePeriodMs ?? 50,
      aggressiveTimeoutMs: opts.aggressiveTimeoutMs ?? 100,
      aggressiveWindowMs: opts.aggressiveWindowMs ?? 10_000,
      defaultPeriodMs: opts.defaultPeriodMs ?? 1000,
      now: opts.now ?? Date.now,
      onChange: opts.onChange,
    };
    this.checkFn = opts.check ?? (spec ? (t) => runReadinessChecks(spec.checks, t) : undefined);
    this.isReady = this.checkFn === undefined;
    this.windowStart = this.o.now();
  }

  get ready(): boolean {
    return this.isReady;
  }

  start(): void {
    if (this.checkFn && !this.stopped) this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /**
   * For a probe request: ready now, or (when not) the result of one immediate check, shared with concurrent
   * callers, so a pod turns ready as soon as its container answers instead of at the next tick.
   */
  async check(): Promise<boolean> {
    if (this.isReady || !this.checkFn) return this.isReady;
    await this.runOnce();
    return this.isReady;
  }

  private aggressive(): boolean {
    return !this.isReady && this.o.now() - this.windowStart < this.o.aggressiveWindowMs;
  }

  private period(): number {
    if (this.aggressive()) return this.o.aggressivePeriodMs;
    return this.spec && this.spec.periodMs > 0 ? this.spec.periodMs : this.o.defaultPeriodMs;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.runOnce().then(() => this.schedule(this.period()));
    }, delay);
  }

  private runOnce(): Promise<boolean> {
    if (this.running) return this.running;
    const timeoutMs = this.aggressive() ? this.o.aggressiveTimeoutMs : (this.spec?.timeoutMs ?? 1000);
    this.running = this.checkFn!(timeoutMs)
      .catch(() => false)
      .then((ok) => {
        this.running = undefined;
        this.record(ok);
        return ok;
      });
    return this.running;
  }

  private record(ok: boolean): void {
    const successThreshold = this.spec?.successThreshold ?? 1;
    const failureThreshold = this.spec?.failureThreshold ?? 3;
    if (ok) {
      this.successes++;
      this.failures = 0;
      if (!this.isReady && this.successes >= successThreshold) this.set(true);
    } else {
      this.failures++;
      this.successes = 0;
      if (this.isReady && this.failures >= failureThreshold) {
        this.windowStart = this.o.now();
        this.set(false);
      }
    }
  }

  private set(ready: boolean): void {
    this.isReady = ready;
    this.o.onChange?.(ready);
  }
}
