import http from 'node:http';
import https from 'node:https';
import { createInterface } from 'node:readline';
import type { KubeConfig } from '@kubernetes/client-node';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  method: HttpMethod;
  /** Absolute API path, e.g. `/api/v1/namespaces/default/configmaps`. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  body: unknown;
}

/** An open streaming response (watch): lines arrive through the callback given to `stream`. */
export interface HttpStream {
  /** Settles when the server ends the stream (resolve) or the connection fails (reject). */
  done: Promise<void>;
  abort(): void;
}

/**
 * How the client reaches an API server. The real one is `kubeConfigTransport`; it takes TLS material and
 * credentials from client-node's KubeConfig (tokens, client certs, exec plugins) and keeps one keep-alive agent.
 */
export interface Transport {
  request(req: HttpRequest): Promise<HttpResponse>;
  /** Opens a streaming GET. Non-200 answers resolve as `HttpResponse` so the caller maps them to errors. */
  stream(req: HttpRequest, onLine: (line: string) => void): Promise<HttpStream | HttpResponse>;
}

export function buildUrl(server: string, req: HttpRequest): URL {
  const url = new URL(server.replace(/\/$/, '') + req.path);
  for (const [k, v] of Object.entries(req.query ?? {}))
    if (v !== undefined) url.searchParams.set(k, String(v));
  return url;
}

export function kubeConfigTransport(
  kc: KubeConfig,
  options: { userAgent?: string; requestTimeoutMs?: number } = {},
): Transport {
  const timeoutMs = options.requestTimeoutMs ?? 60_000;
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('kubeconfig: no current cluster (set current-context)');
  const server = cluster.server;
  const plainHttp = server.startsWith('http:');
  let agent: http.Agent | undefined;

  async function requestOptions(req: HttpRequest): Promise<https.RequestOptions> {
    const opts: https.RequestOptions = { headers: {} };
    await kc.applyToHTTPSOptions(opts);
    if (!agent) {
      const tls = {
        ca: opts.ca,
        cert: opts.cert,
        key: opts.key,
        rejectUnauthorized: opts.rejectUnauthorized,
        servername: opts.servername,
      };
      agent = plainHttp
        ? new http.Agent({ keepAlive: true })
        : new https.Agent({ keepAlive: true, maxSockets: 32, ...tls });
    }
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': options.userAgent ?? 'kuack-controller',
    };
    for (const [k, v] of Object.entries(opts.headers ?? {}))
      if (v !== undefined) headers[k.toLowerCase()] = String(v);
    if (opts.auth) headers.authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
    return { method: req.method, headers, agent, signal: req.signal };
  }

  function send(req: HttpRequest, opts: https.RequestOptions): Promise<http.IncomingMessage> {
    return new Promise((resolve, reject) => {
      const url = buildUrl(server, req);
      // Node sends a DELETE body neither chunked nor with a length unless told: always state the length.
      const body = req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body));
      const headers = { ...(opts.headers as Record<string, string>) };
      if (body) {
        headers['content-type'] = req.contentType ?? 'application/json';
        headers['content-length'] = String(body.length);
      }
      const r = (plainHttp ? http : https).request(url, { ...opts, headers }, resolve);
      r.on('error', reject);
      r.end(body);
    });
  }

  async function readAll(res: http.IncomingMessage): Promise<HttpResponse> {
    const chunks: Buffer[] = [];
    for await (const chunk of res) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown = text;
    if (text && (res.headers['content-type'] ?? '').includes('json')) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    return { status: res.statusCode ?? 0, body };
  }

  return {
    async request(req) {
      // A hung request must not hold a worker forever; watches (stream) have no such limit.
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
      return readAll(await send(req, await requestOptions({ ...req, signal })));
    },
    async stream(req, onLine) {
      const controller = new AbortController();
      const signal = req.signal ? AbortSignal.any([req.signal, controller.signal]) : controller.signal;
      const res = await send(req, await requestOptions({ ...req, signal }));
      if (res.statusCode !== 200) return readAll(res);
      res.socket?.setKeepAlive(true, 30_000);
      const lines = createInterface({ input: res, crlfDelay: Infinity });
      lines.on('line', onLine);
      const done = new Promise<void>((resolve, reject) => {
        res.on('error', (err) => (signal.aborted ? resolve() : reject(err)));
        res.on('aborted', () => (signal.aborted ? resolve() : reject(new Error('watch connection aborted'))));
        // readline re-emits the response's errors; an abort we asked for is a normal end.
        lines.on('error', (err) => (signal.aborted ? resolve() : reject(err)));
        lines.on('close', resolve);
      });
      return { done, abort: () => controller.abort() };
    },
  };
}
