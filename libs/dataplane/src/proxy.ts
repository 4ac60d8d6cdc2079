import http, { type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import https from 'node:https';
import { defaultProxyAgent } from './agent';
import { addForwardingHeaders } from './forwarded';
import { withoutHopByHop } from './hop-by-hop';
import { messageForUpstreamError, statusForUpstreamError, UpstreamTimeoutError } from './proxy-errors';
import { sendError } from './respond';

export interface ProxyTarget {
  host: string;
  port: number;
  protocol?: 'http:' | 'https:';
}

export interface ProxyOptions {
  /** Set on the upstream request (after hop-by-hop stripping and forwarding headers). Lower-case names. */
  headers?: Record<string, string>;
  /** Removed from the upstream request. Lower-case names. */
  removeHeaders?: readonly string[];
  /** Connection pool; default: a process-wide keep-alive agent (https targets need an https.Agent). */
  agent?: http.Agent;
  /** The upstream must start its response within this many ms, else 504. */
  timeoutMs?: number;
  /**
   * Aborting cuts the upstream request and stops copying. proxyRequest then writes nothing itself: the
   * caller that aborted (a timeout handler) owns the response.
   */
  signal?: AbortSignal;
  /** Add X-Forwarded-* and Forwarded for this hop (default true). */
  forwarded?: boolean;
  /** Upstream path (default: the incoming request's path and query). */
  path?: string;
  /** Called with the upstream status once its response starts, before anything is written. */
  onResponse?: (status: number) => void;
}

export type ProxyOutcome =
  /** The upstream response was copied in full. */
  | 'completed'
  /** The upstream failed before its response started: a 502/504 was answered. */
  | 'upstream-error'
  /** The upstream failed mid-response: the client connection was cut. */
  | 'upstream-aborted'
  /** The client went away: the upstream request was aborted. */
  | 'client-aborted'
  /** opts.signal fired. */
  | 'aborted';

export interface ProxyResult {
  outcome: ProxyOutcome;
  /** The status sent to the client, when one was sent. */
  status?: number;
  error?: Error;
}

/** Path and query of the request, also for absolute-form request targets. */
function requestPath(url: string | undefined): string {
  if (!url) return '/';
  if (url.startsWith('/')) return url;
  try {
    const u = new URL(url);
    return `${u.pathname}${u.search}`;
  } catch {
    return url;
  }
}

/** The headers of the upstream request: incoming minus hop-by-hop, plus forwarding and the caller's. */
export function upstreamRequestHeaders(req: IncomingMessage, opts: ProxyOptions = {}): OutgoingHttpHeaders {
  const headers = withoutHopByHop(req.headers);
  // The server already answered `Expect: 100-continue`; the body is being sent anyway.
  delete headers.expect;
  if (opts.forwarded !== false) addForwardingHeaders(req, headers);
  if (opts.removeHeaders) for (const name of opts.removeHeaders) delete headers[name];
  if (opts.headers) for (const name in opts.headers) headers[name] = opts.headers[name];
  return headers;
}

/**
 * Streams `req` to `target` and the response back to `res` without buffering either body. The status is
 * decided before anything is written: a failure before the upstream response starts answers 502
 * (connection refused/reset) or 504 (timeout); a failure after it cuts the client connection. A client
 * that goes away aborts the upstream request. Resolves (never rejects) when the exchange is over.
 */
export function proxyRequest(
  req: IncomingMessage,
  res: ServerResponse,
  target: ProxyTarget,
  opts: ProxyOptions = {},
): Promise<ProxyResult> {
  return new Promise<ProxyResult>((resolve) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    let upstreamRes: IncomingMessage | undefined;
    const signal = opts.signal;

    const finish = (result: ProxyResult) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      res.off('close', onClientClose);
      signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };

    if (signal?.aborted) {
      finish({ outcome: 'aborted' });
      return;
    }

    const isHttps = target.protocol === 'https:';
    const upstream = (isHttps ? https : http).request({
      host: target.host,
      port: target.port,
      method: req.method,
      path: opts.path ?? requestPath(req.url),
      headers: upstreamRequestHeaders(req, opts),
      agent: opts.agent ?? (isHttps ? undefined : defaultProxyAgent()),
    });

    const onAbort = () => {
      upstream.destroy();
      if (upstreamRes) {
        upstreamRes.unpipe(res);
        upstreamRes.destroy();
      }
      finish({ outcome: 'aborted' });
    };
    const onClientClose = () => {
      if (res.writableFinished) return;
      upstream.destroy();
      upstreamRes?.destroy();
      finish({ outcome: 'client-aborted', status: res.headersSent ? res.statusCode : undefined });
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    res.on('close', onClientClose);

    if (opts.timeoutMs !== undefined && opts.timeoutMs > 0) {
      const ms = opts.timeoutMs;
      timer = setTimeout(() => upstream.destroy(new UpstreamTimeoutError(ms)), ms);
    }

    upstream.on('error', (err: Error) => {
      if (settled) return;
      if (upstreamRes) return; // a mid-response failure is handled on the response stream
      if (res.headersSent || res.destroyed) {
        res.destroy();
        finish({ outcome: 'upstream-aborted', error: err });
        return;
      }
      const status = statusForUpstreamError(err);
      sendError(res, status, messageForUpstreamError(err));
      finish({ outcome: 'upstream-error', status, error: err });
    });

    upstream.on('response', (ures: IncomingMessage) => {
      upstreamRes = ures;
      if (timer) {
        clearTimeout(timer);
        timer = undefined;
      }
      if (settled) {
        ures.destroy();
        return;
      }
      const status = ures.statusCode ?? 502;
      opts.onResponse?.(status);
      if (settled) {
        // onResponse may have aborted.
        ures.destroy();
        return;
      }
      res.writeHead(status, ures.statusMessage, withoutHopByHop(ures.headers));
      ures.on('aborted', () => {
        res.destroy();
        finish({ outcome: 'upstream-aborted', status });
      });
      ures.on('error', (err) => {
        res.destroy();
        finish({ outcome: 'upstream-aborted', status, error: err });
      });
      res.once('finish', () => finish({ outcome: 'completed', status }));
      ures.pipe(res);
      // Stream the headers at once when the body is slow to come (server-sent events, long polls).
      setImmediate(() => {
        if (!settled && !res.headersSent && !res.writableEnded && !res.destroyed) res.flushHeaders();
      });
    });

    req.on('error', () => upstream.destroy());
    req.pipe(upstream);
  });
}
