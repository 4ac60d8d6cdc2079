import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Handler } from './handler';

export interface RequestTimeouts {
  /** Whole request: 504 when nothing was written by then, else the response is cut. 0 = none. */
  totalMs: number;
  /** No status line written by then → 504. 0 or absent = none. */
  responseStartMs?: number;
  /** No write for this long → 504 when nothing was written yet, else the response is cut. 0 or absent = none. */
  idleMs?: number;
}

export type TimeoutKind = 'total' | 'response-start' | 'idle';

/** Raised through the inner handler's signal when a timeout fired. */
export class RequestTimeoutError extends Error {
  constructor(readonly kind: TimeoutKind) {
    super(`${kind} timeout`);
    this.name = 'RequestTimeoutError';
  }
}

export interface TimeoutHandlerOptions {
  /** Body of the 504 (Knative: "request timeout" in the queue-proxy, "activator request timeout" in the activator). */
  message: string;
  onTimeout?: (kind: TimeoutKind, req: IncomingMessage, wroteSomething: boolean) => void;
  now?: () => number;
}

/**
 * Knative's timeout handler (pkg/http/handler/timeout.go) for node:http: watches the writes of the inner
 * handler and answers 504 with `message` when a timeout fires before anything was written; after the
 * response started, the total and idle timeouts cut the connection instead. The inner handler's signal
 * fires on any timeout so it stops its upstream work.
 */
export function withTimeouts(
  inner: Handler,
  timeoutsFor: (req: IncomingMessage) => RequestTimeouts,
  opts: TimeoutHandlerOptions,
): Handler {
  const now = opts.now ?? Date.now;
  return (req, res, outerSignal) => {
    const t = timeoutsFor(req);
    const ctl = new AbortController();
    const onOuterAbort = () => ctl.abort(outerSignal.reason);
    outerSignal.addEventListener('abort', onOuterAbort, { once: true });

    let wrote = false;
    let timedOut = false;
    let lastWrite = now();
    const timers: NodeJS.Timeout[] = [];
    const original = {
      writeHead: res.writeHead,
      write: res.write,
      end: res.end,
      flushHeaders: res.flushHeaders,
    };

    const cleanup = () => {
      for (const timer of timers) clearTimeout(timer);
      outerSignal.removeEventListener('abort', onOuterAbort);
    };
    res.once('close', cleanup);
    res.once('finish', cleanup);

    const fire = (kind: TimeoutKind) => {
      if (timedOut || res.writableEnded || res.destroyed) return;
      timedOut = true;
      cleanup();
      opts.onTimeout?.(kind, req, wrote);
      ctl.abort(new RequestTimeoutError(kind));
      if (!wrote && !res.headersSent) {
        const body = `${opts.message}\n`;
        original.writeHead.call(res, 504, {
          'content-type': 'text/plain; charset=utf-8',
          'content-length': Buffer.byteLength(body),
        });
        (original.end as (chunk: string) => ServerResponse).call(res, body);
      } else {
        res.destroy();
      }
    };

    const touch = () => {
      wrote = true;
      lastWrite = now();
    };
    // Patched on the instance: after a timeout the inner handler's late writes go nowhere.
    res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
      if (timedOut) return this;
      touch();
      return (original.writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
    } as ServerResponse['writeHead'];
    res.write = function (this: ServerResponse, ...args: unknown[]) {
      if (timedOut) return true;
      touch();
      return (original.write as (...a: unknown[]) => boolean).apply(this, args);
    } as ServerResponse['write'];
    res.end = function (this: ServerResponse, ...args: unknown[]) {
      if (timedOut) return this;
      touch();
      return (original.end as (...a: unknown[]) => ServerResponse).apply(this, args);
    } as ServerResponse['end'];
    res.flushHeaders = function (this: ServerResponse) {
      if (timedOut) return;
      touch();
      original.flushHeaders.call(this);
    };

    if (t.totalMs > 0) timers.push(setTimeout(() => fire('total'), t.totalMs));
    if (t.responseStartMs && t.responseStartMs > 0) {
      timers.push(
        setTimeout(() => {
          if (!wrote) fire('response-start');
        }, t.responseStartMs),
      );
    }
    if (t.idleMs && t.idleMs > 0) {
      const idleMs = t.idleMs;
      const checkIdle = () => {
        const since = now() - lastWrite;
        if (since >= idleMs) fire('idle');
        else if (!timedOut) timers.push(setTimeout(checkIdle, idleMs - since));
      };
      timers.push(setTimeout(checkIdle, idleMs));
    }

    return inner(req, res, ctl.signal);
  };
}
