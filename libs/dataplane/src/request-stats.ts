/** What happened to requests over one report period. */
export interface RequestStatsReport {
  /** Time-weighted average of requests in flight over the period. */
  averageConcurrency: number;
  /** The same for requests the activator proxied (K-Proxy-Request: activator). */
  averageProxiedConcurrency: number;
  /** Requests that arrived during the period. */
  requestCount: number;
  proxiedRequestCount: number;
  /** Length of the period in ms. */
  periodMs: number;
}

/**
 * Knative's request statistics (networking pkg/http/stats): the time integral of concurrency since the last
 * report, so a report's average is exact for any period length (1 s ticks or "since the previous scrape").
 */
export class RequestStats {
  private concurrency = 0;
  private proxiedConcurrency = 0;
  private area = 0;
  private proxiedArea = 0;
  private requests = 0;
  private proxiedRequests = 0;
  private lastChange: number;
  private periodStart: number;

  constructor(now: number = Date.now()) {
    this.lastChange = now;
    this.periodStart = now;
  }

  /** Requests in flight now. */
  get inFlight(): number {
    return this.concurrency;
  }

  requestIn(proxied: boolean, now: number = Date.now()): void {
    this.advance(now);
    this.concurrency++;
    this.requests++;
    if (proxied) {
      this.proxiedConcurrency++;
      this.proxiedRequests++;
    }
  }

  requestOut(proxied: boolean, now: number = Date.now()): void {
    this.advance(now);
    this.concurrency = Math.max(0, this.concurrency - 1);
    if (proxied) this.proxiedConcurrency = Math.max(0, this.proxiedConcurrency - 1);
  }

  /** The period since the previous report; starts the next one. */
  report(now: number = Date.now()): RequestStatsReport {
    this.advance(now);
    const periodMs = now - this.periodStart;
    const report: RequestStatsReport =
      periodMs > 0
        ? {
            averageConcurrency: this.area / periodMs,
            averageProxiedConcurrency: this.proxiedArea / periodMs,
            requestCount: this.requests,
            proxiedRequestCount: this.proxiedRequests,
            periodMs,
          }
        : {
            averageConcurrency: this.concurrency,
            averageProxiedConcurrency: this.proxiedConcurrency,
            requestCount: this.requests,
            proxiedRequestCount: this.proxiedRequests,
            periodMs: 0,
          };
    this.area = 0;
    this.proxiedArea = 0;
    this.requests = 0;
    this.proxiedRequests = 0;
    this.periodStart = now;
    return report;
  }

  private advance(now: number): void {
    if (now <= this.lastChange) return;
    const dt = now - this.lastChange;
    this.area += this.concurrency * dt;
    this.proxiedArea += this.proxiedConcurrency * dt;
    this.lastChange = now;
  }
}
