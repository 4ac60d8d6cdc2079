import { PodProber } from '@kuack/dataplane';
import type { EndpointsLike } from './endpoints';
import { podDestinations } from './endpoints';
import { RevisionThrottler } from './revision-throttler';

export interface ThrottlerOptions {
  /** Probe period for pods not ready yet (Knative's activator: 200 ms). */
  probePeriodMs?: number;
  /** Probe timeout (Knative: 300 ms). */
  probeTimeoutMs?: number;
  /** Replaces the HTTP probe of a destination (tests). */
  probe?: (dest: string) => Promise<boolean>;
  queueDepth?: number;
  onBackendsChanged?: (key: string, healthy: string[]) => void;
}

interface RevisionBackends {
  /** Pods Kubernetes marked ready (the queue-proxy passed the kubelet's probe). */
  ready: string[];
  /** Pods not ready yet, probed by the activator itself so traffic flows as soon as they answer. */
  prober: PodProber;
  healthy: string[];
}

/**
 * The activator's throttlers by revision ("namespace/name") and the pods behind them: pods Kubernetes marked
 * ready are used at once, the not-ready ones as soon as a `K-Network-Probe: queue` probe passes (Knative's
 * revision backends manager with its probe optimisation).
 */
export class Throttler {
  private readonly throttlers = new Map<string, RevisionThrottler>();
  private readonly backends = new Map<string, RevisionBackends>();

  constructor(private readonly opts: ThrottlerOptions = {}) {}

  /** The throttler of a revision, made on first use with the revision's containerConcurrency. */
  forRevision(key: string, containerConcurrency: number): RevisionThrottler {
    let t = this.throttlers.get(key);
    if (!t || t.containerConcurrency !== containerConcurrency) {
      t = new RevisionThrottler(containerConcurrency, this.opts.queueDepth);
      const b = this.backends.get(key);
      if (b) t.updateBackends(b.healthy);
      this.throttlers.set(key, t);
    }
    return t;
  }

  healthyBackends(key: string): string[] {
    return this.backends.get(key)?.healthy ?? [];
  }

  /** The private Service's Endpoints of revision `key` changed (or appeared). */
  updateEndpoints(key: string, endpoints: EndpointsLike): void {
    const { ready, notReady } = podDestinations(endpoints);
    let b = this.backends.get(key);
    if (!b) {
      const entry: RevisionBackends = {
        ready,
        healthy: [],
        prober: new PodProber({
          periodMs: this.opts.probePeriodMs ?? 200,
          timeoutMs: this.opts.probeTimeoutMs ?? 300,
          probe: this.opts.probe,
          onChange: () => this.recompute(key),
        }),
      };
      b = entry;
      this.backends.set(key, entry);
    }
    b.ready = ready;
    b.prober.setCandidates(notReady);
    this.recompute(key);
  }

  /** The Endpoints (or the revision) went away. */
  removeRevision(key: string): void {
    const b = this.backends.get(key);
    b?.prober.stop();
    this.backends.delete(key);
    this.throttlers.get(key)?.updateBackends([]);
  }

  stop(): void {
    for (const b of this.backends.values()) b.prober.stop();
  }

  private recompute(key: string): void {
    const b = this.backends.get(key);
    if (!b) return;
    const healthy = [...new Set([...b.ready, ...b.prober.healthyDests()])].sort();
    if (healthy.length === b.healthy.length && healthy.every((d, i) => d === b.healthy[i])) return;
    b.healthy = healthy;
    this.throttlers.get(key)?.updateBackends(healthy);
    this.opts.onBackendsChanged?.(key, healthy);
  }
}
