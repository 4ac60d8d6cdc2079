import type { RequestStatsReport } from '@kuack/dataplane';

export interface MetricsSnapshot {
  /** The last 1 s report. */
  last: RequestStatsReport;
  uptimeSeconds: number;
  /** Requests waiting or running in the breaker (undefined without a breaker, cc = 0). */
  queueDepth: number | undefined;
  /** Finished requests by response code class ("2xx", …). */
  responses: Record<string, number>;
}

const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/** Prometheus text exposition (version 0.0.4) of the queue-proxy's autoscaling metrics, Knative's names. */
export function renderMetrics(labels: Record<string, string>, m: MetricsSnapshot): string {
  const base = Object.entries(labels)
    .map(([k, v]) => `${k}="${esc(v)}"`)
    .join(',');
  const seconds = m.last.periodMs > 0 ? m.last.periodMs / 1000 : 1;
  const lines: string[] = [];
  const gauge = (name: string, help: string, value: number) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, `${name}{${base}} ${value}`);
  };
  gauge(
    'queue_requests_per_second',
    'Requests per second over the last report period.',
    m.last.requestCount / seconds,
  );
  gauge(
    'queue_proxied_operations_per_second',
    'Requests per second proxied by the activator over the last report period.',
    m.last.proxiedRequestCount / seconds,
  );
  gauge(
    'queue_average_concurrent_requests',
    'Average requests in flight over the last report period.',
    m.last.averageConcurrency,
  );
  gauge(
    'queue_average_proxied_concurrent_requests',
    'Average activator-proxied requests in flight over the last report period.',
    m.last.averageProxiedConcurrency,
  );
  gauge('process_uptime', 'Seconds since the queue-proxy started.', m.uptimeSeconds);
  if (m.queueDepth !== undefined)
    gauge('queue_depth', 'Requests waiting or running in the breaker.', m.queueDepth);
  lines.push(
    '# HELP queue_requests_total Requests the queue-proxy answered.',
    '# TYPE queue_requests_total counter',
  );
  for (const [cls, n] of Object.entries(m.responses).sort()) {
    lines.push(`queue_requests_total{${base},response_code_class="${cls}"} ${n}`);
  }
  return `${lines.join('\n')}\n`;
}
