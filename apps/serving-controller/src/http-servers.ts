import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { metricsHandler } from '@kuack/observability';
import type { Registry } from 'prom-client';

type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(body);
}

/** GET /healthz (the process serves), /readyz (caches synced), /metrics (Prometheus text). */
export function healthHandler(options: { registry: Registry; ready: () => boolean }): Handler {
  const metrics = metricsHandler(options.registry);
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') return text(res, 200, 'ok\n');
    if (path === '/readyz')
      return options.ready() ? text(res, 200, 'ok\n') : text(res, 503, 'caches not synced\n');
    if (path === '/metrics') return metrics(req, res);
    text(res, 404, 'not found\n');
  };
}

/** Only `POST /v1/stats` (the autoscaler's stats handler); anything else 404/405. */
export function autoscalerHandler(stats: Handler): Handler {
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/v1/stats') return text(res, 404, 'not found\n');
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      return text(res, 405, 'method not allowed\n');
    }
    return stats(req, res);
  };
}

/** Listens on host:port (0 = ephemeral) and resolves with the bound port. */
export function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export function serve(handler: Handler): Server {
  return createServer((req, res) => {
    Promise.resolve(handler(req, res)).catch((err: Error) => {
      if (!res.headersSent) text(res, 500, `${err.message}\n`);
      else res.destroy(err);
    });
  });
}

export function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
