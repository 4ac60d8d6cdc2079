import type { IncomingMessage, ServerResponse } from 'node:http';
import { Registry, collectDefaultMetrics } from 'prom-client';

export interface MetricsRegistryOptions {
  /** Labels put on every metric of the process, e.g. `{ component: 'activator' }`. */
  defaultLabels?: Record<string, string>;
  /** Node.js process metrics (heap, event loop lag, GC); on by default. */
  processMetrics?: boolean;
}

/** One registry per process (DESIGN.md convention 10); never prom-client's global one. */
export function createMetricsRegistry(options: MetricsRegistryOptions = {}): Registry {
  const registry = new Registry();
  if (options.defaultLabels) registry.setDefaultLabels(options.defaultLabels);
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry });
  return registry;
}

/** A node:http handler serving the registry in the Prometheus text format (GET/HEAD only). */
export function metricsHandler(registry: Registry) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed\n');
      return;
    }
    try {
      const body = await registry.metrics();
      res.writeHead(200, { 'content-type': registry.contentType });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (err) {
      res
        .writeHead(500, { 'content-type': 'text/plain' })
        .end(`collecting metrics failed: ${(err as Error).message}\n`);
    }
  };
}
