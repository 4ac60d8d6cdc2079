import { RequestStats } from '@kuack/dataplane';
import type { StatMessage } from '@kuack/autoscaler';

export interface ConcurrencyReporterOptions {
  /** The activator's name in the stats (Knative: the activator pod's name). */
  podName: string;
  /** Delivers stats to the autoscaler (POST /v1/stats). */
  send: (messages: StatMessage[]) => void;
  periodMs?: number;
  now?: () => number;
}

/**
 * Knative's activator concurrency reporter: per revision, the activator's own concurrency (so the autoscaler
 * does not count proxied requests twice); a request to a revision the reporter does not track yet is sent
 * at once (the poke that scales from zero), then every period while the revision holds traffic.
 */
export class ConcurrencyReporter {
  private readonly stats = new Map<string, RequestStats>();
  private timer: NodeJS.Timeout | undefined;
  private readonly started: number;
  private readonly now: () => number;

  constructor(private readonly opts: ConcurrencyReporterOptions) {
    this.now = opts.now ?? Date.now;
    this.started = this.now();
  }

  start(): void {
    this.timer ??= setInterval(() => this.report(), this.opts.periodMs ?? 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** A request for revision `key` ("namespace/name") arrived. */
  requestIn(key: string): void {
    const t = this.now();
    let s = this.stats.get(key);
    const first = s === undefined;
    if (!s) {
      s = new RequestStats(t);
      this.stats.set(key, s);
    }
    s.requestIn(false, t);
    if (first) {
      this.opts.send([{ key, stat: this.stat(1, 1, t) }]);
    }
  }

  requestOut(key: string): void {
    this.stats.get(key)?.requestOut(false, this.now());
  }

  /** One report of every revision with traffic; revisions idle for a whole period are forgotten. */
  report(): void {
    const t = this.now();
    const messages: StatMessage[] = [];
    for (const [key, s] of this.stats) {
      const r = s.report(t);
      if (r.requestCount === 0 && r.averageConcurrency === 0 && s.inFlight === 0) {
        this.stats.delete(key);
        continue;
      }
      messages.push({ key, stat: this.stat(r.averageConcurrency, r.requestCount, t) });
    }
    if (messages.length > 0) this.opts.send(messages);
  }

  private stat(concurrency: number, requests: number, t: number): StatMessage['stat'] {
    return {
      podName: this.opts.podName,
      averageConcurrentRequests: concurrency,
      averageProxiedConcurrentRequests: 0,
      requestCount: requests,
      proxiedRequestCount: 0,
      processUptime: (t - this.started) / 1000,
      timestamp: t,
    };
  }
}
