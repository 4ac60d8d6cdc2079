// Bundled and driven by embedded-cluster-bench.mjs. Measures one API server through its kubeconfig.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';

interface Conn {
  base: URL;
  options: https.RequestOptions;
  agent: https.Agent;
}

export async function connect(kubeconfigPath: string): Promise<Conn> {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  const base = new URL(kc.getCurrentCluster()!.server);
  const options: https.RequestOptions = { headers: {} };
  await kc.applyToHTTPSOptions(options);
  const agent = new https.Agent({
    keepAlive: true,
    maxSockets: 64,
    ca: options.ca,
    cert: options.cert,
    key: options.key,
  });
  return { base, options, agent };
}

function request(
  c: Conn,
  method: string,
  p: string,
  body?: unknown,
): Promise<{ status: number; text: string }> {
  const text = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: c.base.hostname,
        port: c.base.port,
        path: p,
        method,
        agent: c.agent,
        ca: c.options.ca,
        cert: c.options.cert,
        key: c.options.key,
        headers: {
          ...(c.options.headers as Record<string, string>),
          Accept: 'application/json',
          ...(text
            ? { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) }
            : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d) => chunks.push(d));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    if (text) req.write(text);
    req.end();
  });
}

const cm = (name: string) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, labels: { bench: 'yes' } },
  data: { key: 'x'.repeat(64) },
});

export async function createNamespace(c: Conn, ns: string): Promise<void> {
  const r = await request(c, 'POST', '/api/v1/namespaces', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: ns },
  });
  if (r.status !== 201) throw new Error(`create namespace ${ns}: ${r.status} ${r.text}`);
}

export async function deleteNamespace(c: Conn, ns: string): Promise<void> {
  await request(c, 'DELETE', `/api/v1/namespaces/${ns}`);
}

/** Creates `count` ConfigMaps with `concurrency` requests in flight; returns writes per second. */
export async function writes(
  c: Conn,
  ns: string,
  prefix: string,
  count: number,
  concurrency: number,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const r = await request(c, 'POST', `/api/v1/namespaces/${ns}/configmaps`, cm(`${prefix}-${i}`));
      if (r.status !== 201) throw new Error(`create ${prefix}-${i}: ${r.status} ${r.text.slice(0, 200)}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return count / ((performance.now() - started) / 1000);
}

/** Time (ms) to list every ConfigMap of the namespace in one response. */
export async function listMs(c: Conn, ns: string, expected: number): Promise<number> {
  const started = performance.now();
  const r = await request(c, 'GET', `/api/v1/namespaces/${ns}/configmaps`);
  const ms = performance.now() - started;
  const n = (JSON.parse(r.text) as { items: unknown[] }).items.length;
  if (n < expected) throw new Error(`list returned ${n} items, expected ${expected}`);
  return ms;
}

/**
 * Opens `watchers` watches on the namespace, then creates `events` objects one after another; for each event,
 * the latency from sending the create to each watcher receiving ADDED. Returns all latencies (ms).
 */
export async function watchLatencies(
  c: Conn,
  ns: string,
  watchers: number,
  events: number,
): Promise<number[]> {
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const rv = (
    JSON.parse((await request(c, 'GET', `/api/v1/namespaces/${ns}/configmaps?limit=1`)).text) as {
      metadata: { resourceVersion: string };
    }
  ).metadata.resourceVersion;
  const reqs: https.ClientRequest[] = [];
  let open = 0;
  await new Promise<void>((resolve, reject) => {
    for (let w = 0; w < watchers; w++) {
      const req = https.request(
        {
          host: c.base.hostname,
          port: c.base.port,
          path: `/api/v1/namespaces/${ns}/configmaps?watch=true&resourceVersion=${rv}&labelSelector=watch%3Dyes`,
          ca: c.options.ca,
          cert: c.options.cert,
          key: c.options.key,
          agent: false,
          headers: { ...(c.options.headers as Record<string, string>), Accept: 'application/json' },
        },
        (res) => {
          if (++open === watchers) resolve();
          let buf = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            buf += chunk;
            let i;
            while ((i = buf.indexOf('\n')) >= 0) {
              const line = buf.slice(0, i);
              buf = buf.slice(i + 1);
              const e = JSON.parse(line) as { type: string; object: { metadata: { name: string } } };
              const t = sentAt.get(e.object.metadata.name);
              if (e.type === 'ADDED' && t !== undefined) latencies.push(performance.now() - t);
            }
          });
        },
      );
      req.on('error', reject);
      req.end();
      reqs.push(req);
    }
  });
  await new Promise((r) => setTimeout(r, 500));
  for (let i = 0; i < events; i++) {
    const name = `watched-${i}`;
    sentAt.set(name, performance.now());
    const r = await request(c, 'POST', `/api/v1/namespaces/${ns}/configmaps`, {
      ...cm(name),
      metadata: { name, labels: { watch: 'yes' } },
    });
    if (r.status !== 201) throw new Error(`create ${name}: ${r.status}`);
    await new Promise((res) => setTimeout(res, 20));
  }
  const deadline = Date.now() + 30_000;
  while (latencies.length < watchers * events && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  for (const req of reqs) req.destroy();
  if (latencies.length < watchers * events)
    throw new Error(`only ${latencies.length} of ${watchers * events} watch events arrived`);
  return latencies;
}

/** Spawns the bundled embedded cluster and returns ms from spawn until /readyz answers 200, then stops it. */
export async function readyTimeMs(main: string, dataDir: string, port: number): Promise<number> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [main, '--data-dir', dataDir, '--port', String(port), '--crd-dir', path.join(dataDir, 'none')],
    { stdio: 'ignore' },
  );
  try {
    const kubeconfig = path.join(dataDir, 'kubeconfig');
    for (;;) {
      if (child.exitCode !== null) throw new Error(`embedded cluster exited with ${child.exitCode}`);
      if (fs.existsSync(kubeconfig)) {
        try {
          const c = await connect(kubeconfig);
          if (c.base.port === String(port) && (await request(c, 'GET', '/readyz')).status === 200) {
            c.agent.destroy();
            return performance.now() - started;
          }
        } catch {
          // not listening yet
        }
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-bench-'));
}

export { request };
