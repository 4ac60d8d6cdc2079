import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { parseBody, readBody } from './body';
import { eventMode, parseEvent } from './cloudevent';
import { createContext, parseQuery } from './context';
import { HttpError } from './http-error';
import type { LoadedFunction } from './loader';
import type { FunctionMetrics } from './metrics';
import { errorReply, replyFor, type Reply } from './response';
import type { CloudEventLike, FetchHandler, FunctionModule, HealthCheck, Logger, NodeHandler } from './types';

export interface FunctionServerOptions {
  log: Logger;
  metrics: FunctionMetrics;
  bodyLimit: number;
  /** Put the body as received (UTF-8 text) on context.rawBody, e.g. to verify a webhook signature. */
  includeRaw?: boolean;
  livenessPath?: string;
  readinessPath?: string;
  metricsPath?: string;
}

export interface FunctionServer {
  server: http.Server;
  listen(port: number, host?: string): Promise<AddressInfo>;
  /** Instance functions are not ready until `start` resolved; module functions are ready at once. */
  setStarted(started: boolean): void;
  /** Stops accepting, lets in-flight requests finish (at most `timeoutMs`), then closes every connection. */
  drain(timeoutMs: number): Promise<void>;
  inFlight(): number;
}

const CORS_METHODS = 'OPTIONS, GET, DELETE, POST, PUT, HEAD, PATCH';

/** The HTTP server of one function: invocations, health probes, metrics, CORS, draining. Raw node:http. */
export function createFunctionServer(fn: LoadedFunction, options: FunctionServerOptions): FunctionServer {
  const { log, metrics, bodyLimit } = options;
  const module = fn.kind === 'module' ? fn.module : undefined;
  const livenessPath = options.livenessPath ?? module?.liveness?.path ?? '/health/liveness';
  const readinessPath = options.readinessPath ?? module?.readiness?.path ?? '/health/readiness';
  const metricsPath = options.metricsPath ?? '/metrics';
  const allowedOrigins = module?.cors ? module.cors() : undefined;
  let started = fn.kind === 'module';
  let draining = false;
  let active = 0;
  const idleWaiters: Array<() => void> = [];

  const invoke =
    fn.kind === 'module'
      ? contextInvoker(module!)
      : instanceInvoker(fn.instance.handle.bind(fn.instance) as NodeHandler | FetchHandler, fn.style);

  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const pathname = q === -1 ? url : url.slice(0, q);
    if (req.method === 'GET' || req.method === 'HEAD') {
      if (pathname === livenessPath) return void health(res, 'liveness', req);
      if (pathname === readinessPath) return void health(res, 'readiness', req);
      if (pathname === metricsPath) return void sendMetrics(res);
    }
    active++;
    if (draining) res.setHeader('connection', 'close');
    res.once('close', finished);
    const stopTimer = metrics.latency.startTimer();
    metrics.invocations.inc();
    invoke(req, res, url).then(
      (failed) => {
        stopTimer();
        if (failed) metrics.errors.inc();
      },
      (err: unknown) => {
        stopTimer();
        metrics.errors.inc();
        log.error(err, 'unhandled error while invoking the function');
        if (!res.headersSent) send(res, errorReply(err));
        else res.destroy();
      },
    );
  });
  server.keepAliveTimeout = 65_000;

  function finished() {
    active--;
    if (draining) server.closeIdleConnections();
    if (active === 0) for (const resolve of idleWaiters.splice(0)) resolve();
  }

  // ---- context-style (Knative) invocation ----
  function contextInvoker(mod: FunctionModule) {
    return async (req: IncomingMessage, res: ServerResponse, url: string): Promise<boolean> => {
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          ...corsHeaders(req),
          'access-control-allow-headers': '*',
        });
        res.end();
        return false;
      }
      let event: CloudEventLike | undefined;
      let body: unknown;
      let raw: Buffer;
      try {
        raw =
          req.method === 'GET' || req.method === 'HEAD' ? Buffer.alloc(0) : await readBody(req, bodyLimit);
        const mode = eventMode(req.headers);
        if (mode) event = parseEvent(mode, req.headers, raw);
        body = event ? event.data : parseBody(raw, req.headers['content-type']);
      } catch (err) {
        if (err instanceof HttpError) {
          log.warn(err.message);
          send(res, {
            statusCode: err.statusCode,
            headers: {
              'content-type': 'text/plain; charset=utf-8',
              ...(err.statusCode === 413 ? { connection: 'close' } : {}),
            },
            body: err.message,
          });
          return true;
        }
        throw err;
      }
      const context = createContext(req, parseQuery(url), body, log, event);
      if (options.includeRaw) context.rawBody = raw.toString('utf8');
      let reply: Reply;
      let failed = false;
      try {
        const value = await mod.handle(context, (event ?? body) as never);
        reply = replyFor(value);
      } catch (err) {
        log.error(err, 'the function threw');
        reply = errorReply(err);
        failed = true;
      }
      const cors = corsHeaders(req);
      for (const name in cors) if (!(name in reply.headers)) reply.headers[name] = cors[name];
      send(res, reply);
      return failed;
    };
  }

  const openCors = { 'access-control-allow-origin': '*', 'access-control-allow-methods': CORS_METHODS };
  function corsHeaders(req: IncomingMessage): Record<string, string> {
    if (!allowedOrigins) return openCors;
    const requested = req.headers.origin;
    const origin = requested && allowedOrigins.includes(requested) ? requested : 'null';
    return { 'access-control-allow-origin': origin, 'access-control-allow-methods': CORS_METHODS };
  }

  // ---- health and metrics ----
  async function health(res: ServerResponse, probe: 'liveness' | 'readiness', req: IncomingMessage) {
    try {
      if (fn.kind === 'module') {
        const override: HealthCheck | undefined =
          probe === 'liveness' ? fn.module.liveness : fn.module.readiness;
        if (!override) return send(res, text(200, 'OK'));
        const value = await override(req, res);
        if (!res.writableEnded && !res.headersSent)
          send(res, value === undefined ? text(200, 'OK') : replyFor(value));
        return;
      }
      if (probe === 'readiness' && !started)
        return send(res, text(503, 'function not yet ready: start() has not finished'));
      const check = probe === 'liveness' ? fn.instance.alive : fn.instance.ready;
      const ok = check ? await check.call(fn.instance) : true;
      if (ok === false)
        return send(res, text(503, probe === 'liveness' ? 'function not alive' : 'function not ready'));
      send(res, text(200, probe === 'liveness' ? 'ALIVE' : 'READY'));
    } catch (err) {
      log.error(err, `${probe} check failed`);
      if (!res.headersSent)
        send(res, text(500, `error checking ${probe}: ${(err as Error)?.message ?? String(err)}`));
    }
  }

  async function sendMetrics(res: ServerResponse) {
    try {
      const body = await metrics.registry.metrics();
      send(res, { statusCode: 200, headers: { 'content-type': metrics.registry.contentType }, body });
    } catch (err) {
      send(res, text(500, String(err)));
    }
  }

  return {
    server,
    listen: (port, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve(server.address() as AddressInfo);
        });
      }),
    setStarted: (value) => {
      started = value;
    },
    inFlight: () => active,
    drain: async (timeoutMs) => {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (active > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          new Promise<void>((resolve) => idleWaiters.push(resolve)),
          new Promise<void>((resolve) => {
            timer = setTimeout(resolve, timeoutMs);
          }),
        ]);
        clearTimeout(timer);
      }
      server.closeAllConnections();
      await closed;
    },
  };
}

function text(statusCode: number, body: string): Reply {
  return { statusCode, headers: { 'content-type': 'text/plain; charset=utf-8' }, body };
}

function send(res: ServerResponse, reply: Reply): void {
  const headers = reply.headers;
  if (reply.statusCode !== 204 && reply.statusCode !== 304)
    headers['content-length'] = Buffer.byteLength(reply.body);
  res.writeHead(reply.statusCode, headers);
  res.end(reply.statusCode === 204 || res.req?.method === 'HEAD' ? undefined : reply.body);
}

// ---- instance handlers: plain Node.js (req, res) or fetch-style (Request) => Response ----
function instanceInvoker(handle: NodeHandler | FetchHandler, style: 'node' | 'fetch') {
  if (style === 'node') {
    const nodeHandle = handle as NodeHandler;
    return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
      await nodeHandle(req, res);
      return res.statusCode >= 500;
    };
  }
  const fetchHandle = handle as FetchHandler;
  return async (req: IncomingMessage, res: ServerResponse, url: string): Promise<boolean> => {
    const response = await fetchHandle(toRequest(req, url));
    if (!(response instanceof Response)) {
      throw new Error('a fetch-style handle must return a Response');
    }
    await writeResponse(res, response);
    return response.status >= 500;
  };
}

function toRequest(req: IncomingMessage, url: string): Request {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
  const host = req.headers.host ?? 'localhost';
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(`http://${host}${url}`, {
    method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    duplex: hasBody ? 'half' : undefined,
  } as RequestInit);
}

async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name === 'set-cookie') return;
    headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  res.writeHead(response.status, response.statusText || undefined, headers);
  if (!response.body) {
    res.end();
    return;
  }
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
  }
  res.end();
}
