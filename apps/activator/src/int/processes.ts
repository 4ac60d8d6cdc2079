import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(__dirname, '../../../..');

/** Bundles apps/queue-proxy as tools/build/bundle.mjs does, into a temp dir (the program the Pods run). */
export async function bundleQueueProxy(): Promise<{ file: string; cleanup: () => Promise<void> }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kuack-act-qp-'));
  const file = path.join(dir, 'queue-proxy.js');
  await build({
    absWorkingDir: root,
    entryPoints: [path.join(root, 'apps/queue-proxy/src/main.ts')],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    tsconfig: path.join(root, 'tsconfig.base.json'),
    logLevel: 'warning',
  });
  return { file, cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
}

/** A user container: echoes headers on /headers, sleeps on /sleep?ms=N, counts overlapping requests. */
export class UserContainer {
  inFlight = 0;
  maxInFlight = 0;
  received = 0;
  readonly server = http.createServer((req, res) => {
    this.received++;
    this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
    res.on('close', () => this.inFlight--);
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/sleep') {
      setTimeout(() => res.end(`${this.name} slept`), Number(url.searchParams.get('ms') ?? 0));
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ pod: this.name, headers: req.headers }));
  });
  port = 0;

  constructor(
    readonly name: string,
    readonly ip: string,
  ) {}

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, this.ip, r));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}

export interface QueueProxyPod {
  user: UserContainer;
  child: ChildProcess;
  serving: number;
  metrics: number;
  stop(): Promise<void>;
}

/** A "Pod": the user container and the real queue-proxy in front of it, both on `ip`. */
export async function startPod(
  bundle: string,
  name: string,
  ip: string,
  namespace: string,
  revision: string,
  containerConcurrency: number,
): Promise<QueueProxyPod> {
  const user = await new UserContainer(name, ip).start();
  const child = spawn(process.execPath, [bundle], {
    env: {
      PATH: process.env.PATH ?? '',
      SERVING_NAMESPACE: namespace,
      SERVING_CONFIGURATION: 'hello',
      SERVING_REVISION: revision,
      SERVING_POD: name,
      SERVING_POD_IP: ip,
      QUEUE_BIND_ADDRESS: ip,
      QUEUE_SERVING_PORT: '0',
      QUEUE_ADMIN_PORT: '0',
      METRICS_PORT: '0',
      USER_PORT: String(user.port),
      CONTAINER_CONCURRENCY: String(containerConcurrency),
      REVISION_TIMEOUT_SECONDS: '30',
      SERVING_READINESS_PROBE: JSON.stringify({ tcpSocket: { port: user.port, host: '127.0.0.1' } }),
      QUEUE_DRAIN_PERIOD_SECONDS: '0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (out += c));
  const ports = await new Promise<{ serving: number; metrics: number }>((resolve, reject) => {
    const check = () => {
      const m = /listening serving=(\d+) admin=\d+ metrics=(\d+)/.exec(out);
      if (m) resolve({ serving: Number(m[1]), metrics: Number(m[2]) });
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new Error(`queue-proxy ${name} exited (${code}):\n${out}`)));
  });
  return {
    user,
    child,
    ...ports,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        await exited;
      }
      await user.stop();
    },
  };
}

export interface Reply {
  status: number;
  body: string;
}

export function request(
  host: string,
  port: number,
  path: string,
  headers: http.OutgoingHttpHeaders = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    http
      .get({ host, port, path, headers, agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}
