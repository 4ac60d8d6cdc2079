import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { proxyRequest, proxyUpgrade, sendError, writeRawError } from '@kuack/dataplane';
import type { Logger } from '@kuack/observability';
import type { UpstreamPicker } from './routing/endpoints';
import { type Resolution, resolveRequest } from './routing/resolve';
import type { Listener, RoutingTable } from './routing/table';

export interface GatewayHandlerDeps {
  /** The current routing snapshot (read once per request). */
  table: () => RoutingTable;
  picker: UpstreamPicker;
  listener: Listener;
  /** This listener answers ClusterLocal rules too (the internal listener always; the public ones by flag). */
  clusterLocal: boolean;
  /** The HTTPS listener's port, for HTTP→HTTPS redirects. */
  httpsPort?: () => number | undefined;
  logger: Logger;
  random?: () => number;
  /** Upstream must start answering within this many ms (0/undefined: no gateway timeout, the revision's own applies). */
  upstreamTimeoutMs?: number;
  /** Once per request: the status sent (0: none) and the seconds from arrival to the end of the exchange. */
  onResult?: (listener: Listener, status: number, seconds: number) => void;
}

/** A plain-text explanation for requests the gateway answers itself. */
export function describeFailure(
  r: Exclude<Resolution, { kind: 'proxy' | 'redirect' }>,
  url: string | undefined,
): {
  status: number;
  message: string;
} {
  switch (r.kind) {
    case 'not-found':
      return r.reason === 'host'
        ? { status: 404, message: `no route for host "${r.host}"` }
        : { status: 404, message: `no route for path "${(url ?? '/').split('?')[0]}" on host "${r.host}"` };
    case 'unavailable':
      return { status: 503, message: `no ready endpoints for service "${r.service}"` };
  }
}

function resolve(deps: GatewayHandlerDeps, req: IncomingMessage): Resolution {
  return resolveRequest(
    deps.table(),
    deps.picker,
    {
      host: req.headers.host,
      url: req.url,
      headers: req.headers,
      listener: deps.listener,
      clusterLocal: deps.clusterLocal,
    },
    { httpsPort: deps.httpsPort?.(), random: deps.random },
  );
}

function upstreamHeaders(r: Extract<Resolution, { kind: 'proxy' }>): Record<string, string> {
  return r.host ? { ...r.headers, host: r.host } : r.headers;
}

/** The node:http 'request' and 'upgrade' handlers of one listener. */
export function createGatewayHandlers(deps: GatewayHandlerDeps) {
  const record = (status: number, started: bigint) =>
    deps.onResult?.(deps.listener, status, Number(process.hrtime.bigint() - started) / 1e9);

  async function request(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = process.hrtime.bigint();
    const r = resolve(deps, req);
    if (r.kind === 'redirect') {
      res.writeHead(301, { location: r.location, 'content-length': 0 });
      res.end();
      record(301, started);
      return;
    }
    if (r.kind !== 'proxy') {
      const { status, message } = describeFailure(r, req.url);
      sendError(res, status, message);
      record(status, started);
      return;
    }
    const result = await proxyRequest(req, res, r.target, {
      headers: upstreamHeaders(r),
      ...(deps.upstreamTimeoutMs ? { timeoutMs: deps.upstreamTimeoutMs } : {}),
    });
    if (result.outcome === 'upstream-error' || result.outcome === 'upstream-aborted') {
      deps.logger.warn(
        { host: req.headers.host, target: `${r.target.host}:${r.target.port}`, err: result.error?.message },
        `upstream ${result.outcome}`,
      );
    }
    record(result.status ?? 0, started);
  }

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const r = resolve(deps, req);
    if (r.kind === 'redirect') {
      socket.end(
        `HTTP/1.1 301 Moved Permanently\r\nlocation: ${r.location}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`,
      );
      return;
    }
    if (r.kind !== 'proxy') {
      const { status, message } = describeFailure(r, req.url);
      writeRawError(socket, status, message);
      return;
    }
    await proxyUpgrade(req, socket, head, r.target, { headers: upstreamHeaders(r) });
  }

  return {
    request: (req: IncomingMessage, res: ServerResponse) => {
      request(req, res).catch((err: Error) => {
        deps.logger.error({ err: err.message }, 'request handling failed');
        sendError(res, 500, 'gateway error');
      });
    },
    upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      upgrade(req, socket, head).catch((err: Error) => {
        deps.logger.error({ err: err.message }, 'upgrade handling failed');
        socket.destroy();
      });
    },
  };
}
