import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { autoscalerHandler, close, healthHandler, listen, serve } from './http-servers';

async function withServer(handler: Parameters<typeof serve>[0], fn: (base: string) => Promise<void>) {
  const server = serve(handler);
  const port = await listen(server, '127.0.0.1', 0);
  expect((server.address() as AddressInfo).port).toBe(port);
  try {
    await fn(`http://127.0.0.1:${port}`);
  } finally {
    await close(server);
  }
}

describe('health server', () => {
  it('healthz always, readyz once synced, metrics in the Prometheus format', async () => {
    let ready = false;
    const registry = new Registry();
    registry.setDefaultLabels({ component: 'serving-controller' });
    await withServer(healthHandler({ registry, ready: () => ready }), async (base) => {
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/readyz`)).status).toBe(503);
      ready = true;
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      const metrics = await fetch(`${base}/metrics`);
      expect(metrics.status).toBe(200);
      expect(metrics.headers.get('content-type')).toContain('text/plain');
      expect((await fetch(`${base}/nope`)).status).toBe(404);
    });
  });
});

describe('autoscaler server', () => {
  it('passes POST /v1/stats to the stats handler only', async () => {
    const seen: string[] = [];
    const stats = (req: { method?: string }, res: { writeHead(s: number): { end(): void } }) => {
      seen.push(req.method ?? '');
      res.writeHead(202).end();
    };
    await withServer(autoscalerHandler(stats as never), async (base) => {
      expect((await fetch(`${base}/v1/stats`, { method: 'POST', body: '[]' })).status).toBe(202);
      const get = await fetch(`${base}/v1/stats`);
      expect(get.status).toBe(405);
      expect(get.headers.get('allow')).toBe('POST');
      expect((await fetch(`${base}/other`, { method: 'POST' })).status).toBe(404);
    });
    expect(seen).toEqual(['POST']);
  });
});
