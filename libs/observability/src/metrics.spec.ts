import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter } from 'prom-client';
import { createMetricsRegistry, metricsHandler } from './metrics';

describe('metrics', () => {
  it('serves the registry with default labels over HTTP and refuses other methods', async () => {
    const registry = createMetricsRegistry({
      defaultLabels: { component: 'gateway' },
      processMetrics: false,
    });
    new Counter({ name: 'kuack_requests_total', help: 'requests', registers: [registry] }).inc(3);
    const server = createServer(metricsHandler(registry)).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const res = await fetch(`${base}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/plain');
      expect(await res.text()).toContain('kuack_requests_total{component="gateway"} 3');
      const post = await fetch(`${base}/metrics`, { method: 'POST' });
      expect(post.status).toBe(405);
      expect(post.headers.get('allow')).toBe('GET, HEAD');
    } finally {
      server.close();
    }
  });

  it('keeps registries of two components apart and collects process metrics when asked', async () => {
    const a = createMetricsRegistry();
    const b = createMetricsRegistry({ processMetrics: false });
    expect(await a.metrics()).toContain('process_cpu_user_seconds_total');
    expect(await b.metrics()).not.toContain('process_cpu_user_seconds_total');
  });
});
