import {
  type AutoscalerSpec,
  KpaAutoscaler,
  type MetricSource,
  SCALE_UNKNOWN,
  type Stat,
  TICK_INTERVAL_MS,
  initialExcessBurstCapacity,
} from '@kuack/autoscaler';
import type { Logger } from 'pino';
import type { AutoscalerMetrics } from './metrics';

export interface Decision {
  /** SCALE_UNKNOWN until the first valid decision. */
  desiredScale: number;
  excessBurstCapacity: number;
  inPanic: boolean;
}

interface Entry extends Decision {
  autoscaler: KpaAutoscaler;
}

const sameSign = (a: number, b: number) => a < 0 === b < 0;

/**
 * The per-revision KPAs of this process (Knative's MultiScaler): each decides every 2 s tick, or at once
 * when the activator pokes a revision at zero; a decision that changes the desired scale or the sign of the
 * excess burst capacity is reported through `onChange` (the reconciler enqueues the PA).
 */
export class Deciders {
  private readonly entries = new Map<string, Entry>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly options: {
      source: MetricSource;
      readyPods: (key: string) => number;
      onChange: (key: string) => void;
      now?: () => number;
      logger?: Logger;
      tickMs?: number;
      metrics?: AutoscalerMetrics;
    },
  ) {}

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** Creates the revision's KPA (fresh: in panic when more than one pod is ready) or updates its spec. */
  ensure(key: string, spec: AutoscalerSpec): Decision {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = {
        autoscaler: new KpaAutoscaler({
          key,
          spec,
          metrics: this.options.source,
          readyPods: this.options.readyPods(key),
          nowMs: this.now(),
        }),
        desiredScale: SCALE_UNKNOWN,
        excessBurstCapacity: initialExcessBurstCapacity(spec),
        inPanic: false,
      };
      this.entries.set(key, entry);
    } else {
      entry.autoscaler.update(spec);
    }
    return this.get(key)!;
  }

  get(key: string): Decision | undefined {
    const e = this.entries.get(key);
    return (
      e && { desiredScale: e.desiredScale, excessBurstCapacity: e.excessBurstCapacity, inPanic: e.inPanic }
    );
  }

  delete(key: string): void {
    this.entries.delete(key);
    this.options.metrics?.forget(key);
  }

  clear(): void {
    this.entries.clear();
  }

  keys(): string[] {
    return [...this.entries.keys()];
  }

  /** One decision for one revision; returns whether it changed what the reconciler acts on. */
  tickOne(key: string, nowMs: number = this.now()): boolean {
    const e = this.entries.get(key);
    if (!e) return false;
    const r = e.autoscaler.scale(nowMs, this.options.readyPods(key));
    this.options.metrics?.record(key, e.autoscaler.currentSpec, r);
    if (r.inPanic !== e.inPanic) {
      this.options.logger?.info(
        { key, stable: r.observedStableValue, panic: r.observedPanicValue, desired: r.desiredPodCount },
        r.inPanic ? 'entering panic mode' : 'leaving panic mode',
      );
    }
    e.inPanic = r.inPanic;
    if (!r.scaleValid) return false;
    const changed =
      e.desiredScale !== r.desiredPodCount || !sameSign(e.excessBurstCapacity, r.excessBurstCapacity);
    e.desiredScale = r.desiredPodCount;
    e.excessBurstCapacity = r.excessBurstCapacity;
    if (changed) this.options.onChange(key);
    return changed;
  }

  tickAll(nowMs: number = this.now()): void {
    for (const key of [...this.entries.keys()]) {
      try {
        this.tickOne(key, nowMs);
      } catch (err) {
        this.options.logger?.error({ key, err: (err as Error).message }, 'autoscaler tick failed');
      }
    }
  }

  /** The activator's poke: a stat with traffic for a revision whose KPA wants 0 decides at once. */
  poke(key: string, stat: Stat): boolean {
    const e = this.entries.get(key);
    if (!e || e.desiredScale !== 0 || stat.averageConcurrentRequests === 0) return false;
    return this.tickOne(key);
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tickAll(), this.options.tickMs ?? TICK_INTERVAL_MS);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
