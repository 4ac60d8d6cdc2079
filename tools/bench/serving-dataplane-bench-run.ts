// serving-dataplane-bench.mjs's platform side, bundled by esbuild: the whole local platform through `kuack up`
// (real bundles, real child processes) with three Services of the data-plane test program
// (apps/cli/src/e2e/dataplane-image.ts), each held at exactly one Pod:
// - `serve`: target-burst-capacity 0, so the activator leaves the path (SKS Serve: gateway → queue-proxy);
// - `proxy`: target-burst-capacity -1, so the activator stays in it (gateway → activator → queue-proxy);
// - `cold-N`: default scaling with short windows (config-autoscaler: stable window 6 s, grace 6 s), for the
//   cold start (revision at zero → first byte through the gateway).
// It returns the addresses to load (the user container of `serve`'s Pod called directly is the baseline).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { connect, type KubeObject } from '@kuack/controller';
import { storeDataplaneImage } from '../../apps/cli/src/e2e/dataplane-image';

const IMAGE = 'kuack.local/bench-dataplane:1';
const NS = 'bench-dataplane';
const SERVICE = { apiVersion: 'serving.knative.dev/v1', kind: 'Service' };
const SKS = { apiVersion: 'networking.internal.knative.dev/v1alpha1', kind: 'ServerlessService' };
const POD = { apiVersion: 'v1', kind: 'Pod' };
const CONFIG_MAP = { apiVersion: 'v1', kind: 'ConfigMap' };
type Obj = KubeObject & {
  spec?: Record<string, unknown>;
  status?: { conditions?: { type: string; status: string }[]; podIP?: string; phase?: string };
  data?: Record<string, string>;
};

export interface Target {
  port: number;
  host?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 180_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

function service(name: string, annotations: Record<string, string>) {
  return {
    ...SERVICE,
    metadata: { name, namespace: NS },
    spec: {
      template: {
        metadata: { annotations },
        spec: { containers: [{ image: IMAGE, env: [{ name: 'TARGET', value: name }] }] },
      },
    },
  };
}

/** Time from sending a GET to its response head. */
export function firstByteMs(port: number, host: string): Promise<{ ms: number; status: number }> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const req = http.request(
      { host: '127.0.0.1', port, path: '/', headers: { host }, agent: false },
      (res) => {
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        res.resume();
        res.on('end', () => resolve({ ms, status: res.statusCode ?? 0 }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

export async function run(opts: { root: string; coldServices: number; log: (l: string) => void }) {
  const { root, log } = opts;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-dpbench-'));
  const gatewayPort = await freePort();
  const args = [
    path.join(root, 'bin/kuack.js'),
    'up',
    '--no-examples',
    '--data-dir',
    dataDir,
    '--gateway-port',
    String(gatewayPort),
    '--gateway-https-port',
    String(await freePort()),
    '--autoscaler-port',
    String(await freePort()),
    '--api-port',
    String(await freePort()),
    '--activator-address',
    `127.0.0.1:${await freePort()}`,
    // Not the default 127.1.0.0/16, which another `kuack up` on the machine (an e2e run) may own.
    '--pod-cidr',
    `127.${100 + Math.floor(Math.random() * 150)}.0.0/16`,
  ];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, KUACK_IMAGE_STORE: path.join(dataDir, 'images') },
  });
  let text = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (text += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (text += c));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT');
      await Promise.race([exited, sleep(20_000)]);
      child.kill('SIGKILL');
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  process.once('exit', () => child.kill('SIGKILL'));
  await until('kuack up', async () => {
    if (child.exitCode !== null) throw new Error(`kuack up exited:\n${text}`);
    return text.includes('Ctrl-C stops everything') ? true : undefined;
  }).catch(async (err) => {
    await stop();
    throw err;
  });
  log('kuack up ready');
  const client = connect({ kubeconfigPath: path.join(dataDir, 'kubeconfig') });
  await storeDataplaneImage(path.join(dataDir, 'images'), IMAGE);
  const cm = await client.get<Obj>(CONFIG_MAP, 'config-autoscaler', 'knative-serving');
  await client.update({
    ...cm,
    data: { ...cm.data, 'stable-window': '6s', 'scale-to-zero-grace-period': '6s' },
  });
  await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  const one = { 'autoscaling.knative.dev/min-scale': '1', 'autoscaling.knative.dev/max-scale': '1' };
  const cold = Array.from({ length: opts.coldServices }, (_, i) => `cold-${i + 1}`);
  await client.create(service('serve', { ...one, 'autoscaling.knative.dev/target-burst-capacity': '0' }));
  await client.create(service('proxy', { ...one, 'autoscaling.knative.dev/target-burst-capacity': '-1' }));
  for (const name of cold) await client.create(service(name, {}));
  const mode = (name: string, want: string) =>
    until(`${name} in mode ${want}`, async () => {
      const sks = await client.get<Obj>(SKS, `${name}-00001`, NS);
      const svc = await client.get<Obj>(SERVICE, name, NS);
      const ready = svc.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
      return ready && sks.spec?.mode === want ? true : undefined;
    });
  await mode('serve', 'Serve');
  await mode('proxy', 'Proxy');
  const servePod = await until('the serve Pod', async () => {
    const pods = await client.list<Obj>(POD, {
      namespace: NS,
      labelSelector: 'serving.knative.dev/revision=serve-00001',
    });
    return pods.items.find((p) => p.status?.podIP && !p.metadata.deletionTimestamp);
  });
  const podIp = servePod.status!.podIP!;
  log(`serve Pod ${servePod.metadata.name} at ${podIp}`);
  const pods = async (name: string) =>
    (
      await client.list<Obj>(POD, {
        namespace: NS,
        labelSelector: `serving.knative.dev/revision=${name}-00001`,
      })
    ).items.length;

  return {
    gatewayPort,
    /** The user container of `serve`'s Pod on its Pod IP (the node agent binds it there), no proxy. */
    direct: { host: podIp, port: 8080 },
    serve: { hostHeader: `serve.${NS}.localhost` },
    proxy: { hostHeader: `proxy.${NS}.localhost` },
    cold,
    /** Waits until every cold Service has no Pod (scaled to zero). */
    async allAtZero(): Promise<void> {
      await until('the cold Services at zero', async () => {
        for (const name of cold) if ((await pods(name)) > 0) return undefined;
        return true;
      });
    },
    async coldStart(name: string) {
      return firstByteMs(gatewayPort, `${name}.${NS}.localhost`);
    },
    stop,
  };
}
