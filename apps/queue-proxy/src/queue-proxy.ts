import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import {
  ActivatorUserAgent,
  AutoscalingUserAgent,
  Breaker,
  BreakerOverloadError,
  createKeepAliveAgent,
  Header,
  isKubeletProbe,
  ProbeValue,
  ProxyRequestValue,
  proxyRequest,
  proxyUpgrade,
  RequestStats,
  sendError,
  toRequestListener,
  withTimeouts,
  type Handler,
  type RequestStatsReport,
} from '@kuack/dataplane';
import type { QueueProxyConfig } from './config';
import { Drainer } from './drainer';
import type { Logger } from './logger';
import { renderMetrics } from './metrics';
import { parseReadinessProbe } from './readiness-probe';
import { ReadinessMonitor, type ReadinessMonitorOptions } from './readiness-monitor';

/** Knative strips the activator's routing headers before the user container sees the request. */
const REVISION_HEADERS = [Header.Revision, Header.Namespace];
const HEALTH_CHECK_USER_AGENTS = [ActivatorUserAgent, AutoscalingUserAgent];
const REPORT_PERIOD_MS = 1000;

export interface QueueProxyOptions {
  readiness?: ReadinessMonitorOptions;
  now?: () => number;
}

export interface RunningQueueProxy {
  servingPort: number;
  adminPort: number;
  metricsPort: number;
  readiness: ReadinessMonitor;
  /** SIGTERM: fail probes and keep serving for the drain period (restarted by each request), then finish. */
  shutdown(): Promise<void>;
  /** Closes everything at once. */
  close(): Promise<void>;
}

/** Health checks the drainer answers itself: kubelet, activator and autoscaler probes, K-Network-Probe. */
function isHealthCheck(req: IncomingMessage): boolean {
  if (isKubeletProbe(req)) return true;
  if (req.headers[Header.Probe] !== undefined) return true;
  const ua = req.headers[Header.UserAgent];
  return typeof ua === 'string' && HEALTH_CHECK_USER_AGENTS.some((p) => ua.startsWith(p));
}

function plain(res: ServerResponse, status: number, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    ...extra,
  });
  res.end(body);
}

function listen(server: http.Server, port: number, host: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host }, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

/** Starts the serving (8012), admin (8022) and metrics (9090) servers of one revision Pod's queue-proxy. */
export async function startQueueProxy(
  cfg: QueueProxyConfig,
  log: Logger,
  opts: QueueProxyOptions = {},
): Promise<RunningQueueProxy> {
  const now = opts.now ?? Date.now;
  const started = now();
  const spec = cfg.readinessProbe ? parseReadinessProbe(cfg.readinessProbe, cfg.podIP) : undefined;
  const readiness = new ReadinessMonitor(spec, {
    ...opts.readiness,
    onChange: (ready) => {
      log.info(ready ? 'user container ready' : 'user container not ready');
      opts.readiness?.onChange?.(ready);
    },
  });
  const drainer = new Drainer(cfg.drainPeriodMs);
  let stopping = false;
  const cc = cfg.containerConcurrency;
  const breaker = cc > 0 ? new Breaker({ capacity: cc, queueDepth: 10 * cc, maxCapacity: cc }) : undefined;
  const agent = createKeepAliveAgent({ maxFreeSockets: cc > 0 ? cc : 1000 });
  const target = { host: cfg.podIP, port: cfg.userPort };

  const scrapeStats = new RequestStats(started);
  const tickStats = new RequestStats(started);
  let lastReport: RequestStatsReport = {
    averageConcurrency: 0,
    averageProxiedConcurrency: 0,
    requestCount: 0,
    proxiedRequestCount: 0,
    periodMs: 0,
  };
  const responses: Record<string, number> = {};
  const ticker = setInterval(() => (lastReport = tickStats.report(now())), REPORT_PERIOD_MS);
  ticker.unref();

  // proxy: counts the request, waits for a breaker slot, streams to the user container.
  const proxy: Handler = async (req, res, signal) => {
    const proxied = req.headers[Header.ProxyRequest] === ProxyRequestValue.Activator;
    const t0 = now();
    scrapeStats.requestIn(proxied, t0);
    tickStats.requestIn(proxied, t0);
    try {
      const forward = () =>
        proxyRequest(req, res, target, { agent, signal, removeHeaders: REVISION_HEADERS }).then(
          () => undefined,
        );
      if (breaker) await breaker.maybe(forward, signal);
      else await forward();
    } catch (err) {
      if (err instanceof BreakerOverloadError) sendError(res, 503, err.message);
      else if (!signal.aborted) throw err;
    } finally {
      const t1 = now();
      scrapeStats.requestOut(proxied, t1);
      tickStats.requestOut(proxied, t1);
      const cls = res.headersSent ? `${Math.floor(res.statusCode / 100)}xx` : 'aborted';
      responses[cls] = (responses[cls] ?? 0) + 1;
    }
  };

  const timed = withTimeouts(
    proxy,
    () => ({
      totalMs: cfg.timeoutMs,
      responseStartMs: cfg.responseStartTimeoutMs,
      idleMs: cfg.idleTimeoutMs,
    }),
    {
      message: 'request timeout',
      onTimeout: (kind, req) => log.warn('request timeout', { kind, path: req.url }),
    },
  );

  // probe → drain: health checks fail while draining; every other request restarts the quiet period.
  const main: Handler = async (req, res, signal) => {
    if (isHealthCheck(req)) {
      if (drainer.draining) return plain(res, 503, 'shutting down');
      const probe = req.headers[Header.Probe];
      if (probe === undefined || probe === ProbeValue.Queue) {
        const ok = await readiness.check();
        return ok ? plain(res, 200, ProbeValue.Queue) : plain(res, 503, 'container not ready');
      }
      // Network probes of other hops (the ingress's hash probe) are answered at once.
      const hash = req.headers[Header.Hash];
      if (typeof hash === 'string' && hash !== '') return plain(res, 200, '', { [Header.Hash]: hash });
      return plain(res, 400, `unexpected probe header value: ${String(probe)}`);
    }
    drainer.touch();
    if (stopping) res.setHeader('connection', 'close');
    return timed(req, res, signal);
  };

  const serving = http.createServer(
    { keepAliveTimeout: 65_000 },
    toRequestListener(main, (err) => log.error('handler failed', { err })),
  );
  serving.headersTimeout = 66_000;
  const upgrades = new Set<Duplex>();
  serving.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    drainer.touch();
    upgrades.add(socket);
    socket.once('close', () => upgrades.delete(socket));
    void proxyUpgrade(req, socket, head, target, { headers: {} });
  });

  const admin = http.createServer((req, res) => {
    if (req.url === '/wait-for-drain' || req.url?.startsWith('/wait-for-drain?')) {
      log.info('drain requested by the user container');
      // Knative: unless a shutdown follows within a second, the drain is cancelled then.
      setTimeout(() => {
        if (!stopping) drainer.reset();
      }, 1000).unref();
      void drainer.drain().then(() => plain(res, 200, ''));
      return;
    }
    plain(res, 404, 'not found');
  });

  const metrics = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'method not allowed');
    if (path === '/stats') {
      const t = now();
      const r = scrapeStats.report(t);
      const body = JSON.stringify({
        podName: cfg.pod,
        averageConcurrentRequests: r.averageConcurrency,
        averageProxiedConcurrentRequests: r.averageProxiedConcurrency,
        requestCount: r.requestCount,
        proxiedRequestCount: r.proxiedRequestCount,
        processUptime: (t - started) / 1000,
        timestamp: t,
      });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      return res.end(body);
    }
    if (path === '/metrics') {
      const body = renderMetrics(
        {
          destination_namespace: cfg.namespace,
          destination_configuration: cfg.configuration,
          destination_revision: cfg.revision,
          destination_pod: cfg.pod,
        },
        {
          last: lastReport,
          uptimeSeconds: (now() - started) / 1000,
          queueDepth: breaker?.pending,
          responses,
        },
      );
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
      return res.end(body);
    }
    plain(res, 404, 'not found');
  });

  const servingPort = await listen(serving, cfg.servingPort, cfg.bindAddress);
  const adminPort = await listen(admin, cfg.adminPort, cfg.bindAddress);
  const metricsPort = await listen(metrics, cfg.metricsPort, cfg.bindAddress);
  readiness.start();

  const close = async () => {
    clearInterval(ticker);
    readiness.stop();
    drainer.reset();
    for (const s of upgrades) s.destroy();
    serving.closeAllConnections();
    admin.closeAllConnections();
    metrics.closeAllConnections();
    await Promise.all([closeServer(serving), closeServer(admin), closeServer(metrics)]);
    agent.destroy();
  };

  let shuttingDown: Promise<void> | undefined;
  const shutdown = () => {
    shuttingDown ??= (async () => {
      stopping = true;
      log.info('draining', { quietPeriodMs: cfg.drainPeriodMs });
      await drainer.drain();
      log.info('drained; finishing in-flight requests');
      // Keep-alive connections that turn idle are closed as the server winds down.
      const idleSweep = setInterval(() => serving.closeIdleConnections(), 100);
      await closeServer(serving);
      clearInterval(idleSweep);
      for (const s of upgrades) s.destroy();
      clearInterval(ticker);
      readiness.stop();
      await Promise.all([closeServer(admin), closeServer(metrics)]);
      agent.destroy();
      log.info('shutdown complete');
    })();
    return shuttingDown;
  };

  return { servingPort, adminPort, metricsPort, readiness, shutdown, close };
}
