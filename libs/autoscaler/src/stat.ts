/**
 * One pod's (or the activator's) report for one revision, covering the report period (about 1 s).
 * Sent by the queue-proxy on `GET :9090/stats` and pushed by the activator to `POST /v1/stats`.
 */
export interface Stat {
  podName: string;
  /** Average number of in-flight requests over the report period. */
  averageConcurrentRequests: number;
  /** Of those, the ones proxied through the activator (K-Proxy-Request). */
  averageProxiedConcurrentRequests: number;
  /** Requests that arrived during the period. */
  requestCount: number;
  proxiedRequestCount: number;
  /** Seconds since the reporting process started. */
  processUptime?: number;
  /** Milliseconds since the epoch. */
  timestamp: number;
}

/** A Stat addressed to a revision: key is "<namespace>/<revision>". */
export interface StatMessage {
  key: string;
  stat: Stat;
}
