import fs from 'node:fs';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createCertificateAuthority, issueCertificate } from '@kuack/tls';
import type { Pod } from './pod.types';
import { podLogDir } from './pod-worker';

export interface LogServerOptions {
  /** The node's address (the API server connects to the Node's InternalIP). */
  host: string;
  /** 0 = any free port. */
  port: number;
  podsLogDir: string;
  /** The Pod by namespace and name, from the agent's watch. */
  findPod(namespace: string, name: string): Pod | undefined;
}

export interface LogServer {
  port: number;
  close(): Promise<void>;
}

/** The restart numbers of a container's log files, ascending. */
export function logRestarts(dir: string): number[] {
  try {
    return fs
      .readdirSync(dir)
      .map((f) => /^(\d+)\.log$/.exec(f)?.[1])
      .filter((x): x is string => x !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
  } catch {
    return [];
  }
}

/** The last `lines` lines of `text` (a trailing newline kept). */
export function tailLines(text: string, lines: number): string {
  if (lines <= 0) return '';
  const parts = text.split('\n');
  const trailing = parts[parts.length - 1] === '' ? parts.pop() : undefined;
  const kept = parts.slice(-lines).join('\n');
  return trailing !== undefined ? `${kept}\n` : kept;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The kubelet's `/containerLogs/{namespace}/{pod}/{container}` endpoint over HTTPS, so `kubectl logs` (`-f`,
 * `--previous`, `--tail`, `--limit-bytes`) works through a real kube-apiserver: it connects to the Node's
 * InternalIP at `status.daemonEndpoints.kubeletEndpoint.Port`. The certificate is self-signed per start (the
 * API server does not verify kubelets without `--kubelet-certificate-authority`); the server listens on the
 * node address only.
 */
export async function startLogServer(options: LogServerOptions): Promise<LogServer> {
  const ca = createCertificateAuthority({ commonName: 'kuack-node-agent' });
  const serving = issueCertificate(ca, {
    commonName: 'kuack-node-agent',
    ipAddresses: [options.host],
    dnsNames: ['localhost'],
    usage: 'server',
  });
  const server = https.createServer({ cert: serving.certPem, key: serving.keyPem }, (req, res) => {
    try {
      serve(req, res, options);
    } catch (err) {
      const status = err instanceof HttpError ? err.status : 500;
      if (!res.headersSent) res.writeHead(status, { 'Content-Type': 'text/plain' });
      res.end((err as Error).message);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function serve(req: IncomingMessage, res: ServerResponse, options: LogServerOptions): void {
  const url = new URL(req.url ?? '/', 'https://node');
  const match = /^\/containerLogs\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(url.pathname);
  if (req.method !== 'GET' || !match) throw new HttpError(404, `not found: ${req.method} ${url.pathname}`);
  const [namespace, name, container] = match.slice(1).map(decodeURIComponent);
  const pod = options.findPod(namespace, name);
  if (!pod) throw new HttpError(404, `pod "${name}" not found in namespace "${namespace}" on this node`);
  if (!pod.spec.containers.some((c) => c.name === container))
    throw new HttpError(400, `container ${container} is not valid for pod ${name}`);
  const dir = path.join(podLogDir(options.podsLogDir, pod), container);
  const all = logRestarts(dir);
  const q = url.searchParams;
  const previous = q.get('previous') === 'true';
  const restart = previous ? all[all.length - 2] : all[all.length - 1];
  if (restart === undefined) {
    if (previous)
      throw new HttpError(400, `previous terminated container "${container}" in pod "${name}" not found`);
    throw new HttpError(400, `container "${container}" in pod "${name}" is waiting to start`);
  }
  const file = path.join(dir, `${restart}.log`);
  let text = fs.readFileSync(file, 'utf8');
  if (q.get('tailLines') !== null) text = tailLines(text, Number(q.get('tailLines')));
  let budget = q.get('limitBytes') !== null ? Number(q.get('limitBytes')) : Infinity;
  const send = (chunk: Buffer) => {
    const part = chunk.subarray(0, Math.max(0, budget));
    budget -= part.length;
    if (part.length) res.write(part);
    return budget > 0;
  };
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  if (!send(Buffer.from(text)) || q.get('follow') !== 'true' || previous) {
    res.end();
    return;
  }
  // Follow until the client goes, the container restarts (a newer log file) or the Pod's logs are removed.
  let offset = fs.statSync(file).size;
  const timer = setInterval(() => {
    try {
      const size = fs.statSync(file).size;
      if (size > offset) {
        const fd = fs.openSync(file, 'r');
        const buf = Buffer.alloc(size - offset);
        fs.readSync(fd, buf, 0, buf.length, offset);
        fs.closeSync(fd);
        offset = size;
        if (!send(buf)) throw new Error('limit reached');
      }
      if (logRestarts(dir).some((r) => r > restart)) throw new Error('restarted');
    } catch {
      clearInterval(timer);
      res.end();
    }
  }, 250);
  res.on('close', () => clearInterval(timer));
}
