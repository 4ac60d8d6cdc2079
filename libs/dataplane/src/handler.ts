import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A stacked request handler (probe → health → metrics → timeout → proxy, as Knative's activator). `signal`
 * fires when an outer layer gave up on the request (timeout, client gone); inner layers stop waiting and
 * write nothing once it fired.
 */
export type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  signal: AbortSignal,
) => void | Promise<void>;

/** A handler as a node:http request listener; a rejected handler answers 500 when nothing was written. */
export function toRequestListener(
  handler: Handler,
  onError?: (err: unknown) => void,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const ctl = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) ctl.abort(new Error('client closed the connection'));
    });
    let result: unknown;
    try {
      result = handler(req, res, ctl.signal);
    } catch (err) {
      fail(res, err, onError);
      return;
    }
    if (result instanceof Promise) result.catch((err: unknown) => fail(res, err, onError));
  };
}

function fail(res: ServerResponse, err: unknown, onError?: (err: unknown) => void): void {
  onError?.(err);
  if (!res.headersSent && !res.destroyed) {
    res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('internal error\n');
  } else {
    res.destroy();
  }
}
