import http from 'node:http';
import type { Logger } from 'pino';
import { type WindowAverager, TimedBuckets, WeightedBuckets } from './buckets';
import type { MetricSource } from './kpa';
import type { AggregationAlgorithm, ScalingMetric } from './spec';
import type { Stat } from './stat';
import { parseStat } from './stats-handler';

export const SCRAPE_INTERVAL_MS = 1000;
export const STATS_PORT = 9090;

export interface CollectionSpec {
  stableWindowMs: number;
  panicWindowMs: number;
  aggregation?: AggregationAlgorithm;
  /** Whether the revision's pods are scraped (Knative: not when TBC = −1, the activator reports everything). */
  scrape: boolean;
}

/** One pod to scrape: `GET http://<address>:<port>/stats`. */
export interface ScrapeTarget {
  podName?: string;
  address: string;
  port?: number;
}

/** Fetches one pod's Stat; rejects on any failure. */
export type StatFetcher = (target: ScrapeTarget, timeoutMs: number) => Promise<Stat>;

class Collection {
  readonly concurrency: [WindowAverager, WindowAverager];
  readonly rps: [WindowAverager, WindowAverager];

  constructor(public spec: CollectionSpec) {
    const make = (w: number) =>
      spec.aggregation === 'weighted-exponential' ? new WeightedBuckets(w) : new TimedBuckets(w);
    this.concurrency = [make(spec.stableWindowMs), make(spec.panicWindowMs)];
    this.rps = [make(spec.stableWindowMs), make(spec.panicWindowMs)];
  }

  update(spec: CollectionSpec, nowMs: number): void {
    for (const [stable, panic] of [this.concurrency, this.rps]) {
      stable.resizeWindow(spec.stableWindowMs, nowMs);
      panic.resizeWindow(spec.panicWindowMs, nowMs);
    }
    this.spec = spec;
  }

  record(nowMs: number, stat: Stat): void {
    // What the activator proxied is reported by the activator itself: count it once.
    const concurrency = stat.averageConcurrentRequests - stat.averageProxiedConcurrentRequests;
    const rps = stat.requestCount - stat.proxiedRequestCount;
    for (const b of this.concurrency) b.record(nowMs, concurrency);
    for (const b of this.rps) b.record(nowMs, rps);
  }
}

/** GET http://<ip>:9090/stats → Stat, with a timeout. */
export const fetchStat: StatFetcher = (target, timeoutMs) =>
  new Promise<Stat>((resolve, reject) => {
    const req = http.get(
      {
        host: target.address,
        port: target.port ?? STATS_PORT,
        path: '/stats',
        timeout: timeoutMs,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          if (res.statusCode !== 200) return reject(new Error(`GET /stats answered ${res.statusCode}`));
          try {
            resolve(parseStat(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
          } catch (err) {
            reject(new Error(`GET /stats returned an invalid Stat: ${(err as Error).message}`));
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`GET /stats timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
  });

export interface MetricCollectorOptions {
  logger?: Logger;
  now?: () => number;
  fetchStat?: StatFetcher;
  /** Pods scraped at the same time, over all revisions (default 16). */
  scrapeConcurrency?: number;
  scrapeTimeoutMs?: number;
}

/**
 * Per revision ("<namespace>/<revision>"): concurrency and rps in 1-second buckets over the stable and the
 * panic window, fed by pushed stats (`record`, the activator) and by scraping each ready pod's queue-proxy
 * every second (`scrapeLoop`). Keys without a collection (not created through `createOrUpdate`) are ignored.
 */
export class MetricCollector implements MetricSource {
  private readonly collections = new Map<string, Collection>();
  private readonly now: () => number;
  private readonly fetch: StatFetcher;

  constructor(private readonly options: MetricCollectorOptions = {}) {
    this.now = options.now ?? Date.now;
    this.fetch = options.fetchStat ?? fetchStat;
  }

  createOrUpdate(key: string, spec: CollectionSpec): void {
    const existing = this.collections.get(key);
    if (!existing) {
      this.collections.set(key, new Collection(spec));
    } else if (existing.spec.aggregation !== spec.aggregation) {
      this.collections.set(key, new Collection(spec));
    } else {
      existing.update(spec, this.now());
    }
  }

  delete(key: string): void {
    this.collections.delete(key);
  }

  has(key: string): boolean {
    return this.collections.has(key);
  }

  keys(): string[] {
    return [...this.collections.keys()];
  }

  /** Records one stat at `nowMs`; false when the key is not collected. */
  record(key: string, stat: Stat, nowMs: number = this.now()): boolean {
    const c = this.collections.get(key);
    if (!c) return false;
    c.record(nowMs, stat);
    return true;
  }

  /**
   * Stable and panic averages; undefined when not collected, or when a scraped revision has no data within
   * its stable window (Knative ErrNoData: the KPA keeps its previous decision).
   */
  stableAndPanic(
    key: string,
    metric: ScalingMetric,
    nowMs: number,
  ): { stable: number; panic: number } | undefined {
    const c = this.collections.get(key);
    if (!c) return undefined;
    const [stable, panic] = metric === 'rps' ? c.rps : c.concurrency;
    if (stable.isEmpty(nowMs) && c.spec.scrape) return undefined;
    return { stable: stable.windowAverage(nowMs), panic: panic.windowAverage(nowMs) };
  }

  /**
   * Scrapes every scraped revision once: each target's Stat, summed; when some pods fail, the sum of the
   * others is extrapolated to all targets (Knative's sample average × pod count); a failing pod is logged
   * and skipped; nothing is recorded when none answered.
   */
  async scrapeOnce(targetsOf: (key: string) => ScrapeTarget[] | Promise<ScrapeTarget[]>): Promise<void> {
    const jobs: { key: string; targets: ScrapeTarget[] }[] = [];
    for (const [key, c] of this.collections) {
      if (!c.spec.scrape) continue;
      try {
        const targets = await targetsOf(key);
        if (targets.length > 0) jobs.push({ key, targets });
      } catch (err) {
        this.options.logger?.warn({ key, err: (err as Error).message }, 'cannot list pods to scrape');
      }
    }
    const flat = jobs.flatMap((j) => j.targets.map((t) => ({ job: j, target: t })));
    const results = new Map<(typeof jobs)[number], Stat[]>();
    const timeoutMs = this.options.scrapeTimeoutMs ?? 900;
    await runBounded(flat, this.options.scrapeConcurrency ?? 16, async ({ job, target }) => {
      try {
        const stat = await this.fetch(target, timeoutMs);
        const list = results.get(job) ?? [];
        list.push(stat);
        results.set(job, list);
      } catch (err) {
        this.options.logger?.warn(
          { key: job.key, pod: target.podName, address: target.address, err: (err as Error).message },
          'scrape failed; pod skipped',
        );
      }
    });
    const now = this.now();
    for (const job of jobs) {
      const stats = results.get(job);
      if (!stats || stats.length === 0) continue;
      this.record(job.key, sumStats(stats, job.targets.length), now);
    }
  }

  /** Scrapes every `intervalMs` (1 s) until the returned stop function is called. */
  scrapeLoop(options: {
    targets: (key: string) => ScrapeTarget[] | Promise<ScrapeTarget[]>;
    intervalMs?: number;
  }): () => Promise<void> {
    let stopped = false;
    let running: Promise<void> = Promise.resolve();
    const timer = setInterval(() => {
      if (stopped) return;
      running = running.then(() => (stopped ? undefined : this.scrapeOnce(options.targets)));
    }, options.intervalMs ?? SCRAPE_INTERVAL_MS);
    timer.unref?.();
    return async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    };
  }
}

/** Sum of the stats, extrapolated from `stats.length` answering pods to `total` pods. */
export function sumStats(stats: Stat[], total: number): Stat {
  const sum: Stat = {
    podName: '',
    averageConcurrentRequests: 0,
    averageProxiedConcurrentRequests: 0,
    requestCount: 0,
    proxiedRequestCount: 0,
    timestamp: 0,
  };
  for (const s of stats) {
    sum.averageConcurrentRequests += s.averageConcurrentRequests;
    sum.averageProxiedConcurrentRequests += s.averageProxiedConcurrentRequests;
    sum.requestCount += s.requestCount;
    sum.proxiedRequestCount += s.proxiedRequestCount;
    sum.timestamp = Math.max(sum.timestamp, s.timestamp);
  }
  const factor = stats.length > 0 ? Math.max(total, stats.length) / stats.length : 1;
  sum.averageConcurrentRequests *= factor;
  sum.averageProxiedConcurrentRequests *= factor;
  sum.requestCount *= factor;
  sum.proxiedRequestCount *= factor;
  return sum;
}

async function runBounded<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
