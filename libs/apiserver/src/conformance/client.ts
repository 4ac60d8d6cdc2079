import fs from 'node:fs';
import https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';

export interface RawResponse {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface WatchEvent {
  type: string;
  object: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * A thin HTTP client over client-node's KubeConfig (TLS material and credentials come from client-node), so
 * the conformance cases see status codes and bodies exactly as the server sent them.
 */
export class RawClient {
  private readonly server: URL;

  constructor(readonly kubeConfig: KubeConfig) {
    const cluster = kubeConfig.getCurrentCluster();
    if (!cluster) throw new Error('kubeconfig has no current cluster');
    this.server = new URL(cluster.server);
  }

  static fromFile(file: string): RawClient {
    const kc = new KubeConfig();
    kc.loadFromFile(file);
    return new RawClient(kc);
  }

  private async options(
    method: string,
    path: string,
    headers: Record<string, string>,
  ): Promise<https.RequestOptions> {
    const opts: https.RequestOptions = {
      method,
      host: this.server.hostname,
      port: this.server.port || 443,
      path,
      headers: { Accept: 'application/json', ...headers },
    };
    await this.kubeConfig.applyToHTTPSOptions(opts);
    return opts;
  }

  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<RawResponse> {
    const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const h = { ...headers };
    if (text !== undefined && !h['Content-Type']) h['Content-Type'] = 'application/json';
    // Node sends DELETE bodies without chunked encoding: the length must be explicit.
    if (text !== undefined) h['Content-Length'] = String(Buffer.byteLength(text));
    const opts = await this.options(method, path, h);
    return new Promise((resolve, reject) => {
      const req = https.request(opts, (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (data += c));
        res.on('end', () => {
          let parsed: unknown = data;
          try {
            parsed = JSON.parse(data);
          } catch {
            // plain text bodies (logs, health) stay strings
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      });
      req.on('error', reject);
      if (text !== undefined) req.write(text);
      req.end();
    });
  }

  /** A GET with the cluster's CA but no credentials at all. */
  anonymousGet(path: string): Promise<RawResponse> {
    const cluster = this.kubeConfig.getCurrentCluster()!;
    const ca = cluster.caData
      ? Buffer.from(cluster.caData, 'base64')
      : cluster.caFile
        ? fs.readFileSync(cluster.caFile)
        : undefined;
    return new Promise((resolve, reject) => {
      https
        .get(
          {
            host: this.server.hostname,
            port: this.server.port || 443,
            path,
            ca,
            headers: { Accept: 'application/json' },
          },
          (res) => {
            let data = '';
            res.on('data', (c) => (data += c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(data || 'null') }));
          },
        )
        .on('error', reject);
    });
  }

  get = (path: string, headers?: Record<string, string>) => this.request('GET', path, undefined, headers);
  post = (path: string, body: unknown) => this.request('POST', path, body);
  put = (path: string, body: unknown) => this.request('PUT', path, body);
  del = (path: string, body?: unknown) => this.request('DELETE', path, body);
  patch = (path: string, body: unknown, type: 'merge' | 'json' | 'strategic') =>
    this.request('PATCH', path, body, {
      'Content-Type': {
        merge: 'application/merge-patch+json',
        json: 'application/json-patch+json',
        strategic: 'application/strategic-merge-patch+json',
      }[type],
    });

  /** Opens a watch; events collect in `events` until `stop()`. */
  async watch(path: string, headers: Record<string, string> = {}): Promise<OpenWatch> {
    const opts = await this.options('GET', path, headers);
    const events: WatchEvent[] = [];
    let ended = false;
    let status = 0;
    const req = https.request(opts);
    await new Promise<void>((resolve, reject) => {
      req.on('response', (res) => {
        status = res.statusCode ?? 0;
        let buf = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          buf += c;
          let i;
          while ((i = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, i).trim();
            buf = buf.slice(i + 1);
            if (line) events.push(JSON.parse(line) as WatchEvent);
          }
        });
        res.on('end', () => {
          if (buf.trim()) {
            try {
              events.push(JSON.parse(buf) as WatchEvent);
            } catch {
              // a non-JSON tail is ignored
            }
          }
          ended = true;
        });
        res.on('error', () => (ended = true));
        resolve();
      });
      req.on('error', (err) => (ended ? undefined : reject(err)));
      req.end();
    });
    return {
      events,
      get status() {
        return status;
      },
      get ended() {
        return ended;
      },
      stop: () => req.destroy(),
    };
  }
}

export interface OpenWatch {
  events: WatchEvent[];
  readonly status: number;
  readonly ended: boolean;
  stop(): void;
}

/** Polls until `check` returns a value other than undefined/false (or throws on timeout with the last error). */
export async function until<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v as T;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
