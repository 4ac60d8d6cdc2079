// serving-bench.mjs's body, bundled by esbuild: the whole local platform through `kuack up` (the real
// bundles, real child processes), then the time from the create of a Knative Service to its Ready=True
// (observedGeneration current) for single Services one after another, and for N Services created one per
// second. While the burst runs it samples the platform's process tree (count, summed RSS) and the host's
// MemAvailable, and stops creating Services when memory runs low, so the result says how far it got.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { connect, type KubeClient, type KubeObject } from '@kuack/controller';
import { storeHelloImage } from '../../apps/cli/src/e2e/hello-image';

const SERVICE = { apiVersion: 'serving.knative.dev/v1', kind: 'Service' };
const NAMESPACE = { apiVersion: 'v1', kind: 'Namespace' };
const IMAGE = 'kuack.local/bench-hello:1';

type Svc = KubeObject & {
  status?: { observedGeneration?: number; conditions?: { type: string; status: string; reason?: string }[] };
};

export interface Options {
  root: string;
  singles: number;
  burst: number;
  /** Stop creating burst Services when the host's MemAvailable drops below this. */
  minFreeMiB: number;
  /** After the last create, how long to wait for the stragglers. */
  tailSeconds: number;
  /** autoscaling.knative.dev/min-scale on the burst Services (1 = no scale to zero during the burst). */
  burstMinScale?: number;
  /** Keep the data dir (component and Pod logs) after the run. */
  keepData?: boolean;
  log: (line: string) => void;
}

export interface Sample {
  t: number;
  processes: number;
  rssMiB: number;
  memAvailableMiB: number;
}

export interface Result {
  singleSeconds: number[];
  singleFirstAnswerSeconds: number[];
  burstRequested: number;
  burstMinScale?: number;
  burstCreated: number;
  burstReadySeconds: number[];
  burstNotReady: string[];
  stoppedEarly?: string;
  samples: Sample[];
  platformStartSeconds: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function isReady(svc: Svc): boolean {
  const ready = svc.status?.conditions?.find((c) => c.type === 'Ready');
  return ready?.status === 'True' && svc.status?.observedGeneration === svc.metadata.generation;
}

function service(name: string, namespace: string, minScale?: number) {
  const annotations =
    minScale === undefined ? undefined : { 'autoscaling.knative.dev/min-scale': String(minScale) };
  return {
    ...SERVICE,
    metadata: { name, namespace },
    spec: {
      template: {
        ...(annotations ? { metadata: { annotations } } : {}),
        spec: { containers: [{ image: IMAGE, env: [{ name: 'TARGET', value: name }] }] },
      },
    },
  };
}

function getStatus(port: number, host: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: '/', headers: { host }, agent: false },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.setTimeout(10_000, () => req.destroy());
    req.end();
  });
}

/** Every descendant of `root` (by parent pid, from /proc) with its RSS. */
export function processTree(root: number): { processes: number; rssMiB: number } {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const pid = Number(entry);
      const ppid = Number(fields[1]);
      rss.set(pid, (Number(fields[21]) * 4096) / 2 ** 20);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    } catch {
      // the process exited while we read
    }
  }
  let processes = 0;
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    processes++;
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return { processes, rssMiB: Math.round(total) };
}

/** Pids whose command line names `dir` (the platform's data dir): what a clean stop leaves none of. */
function processesUsing(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(dir)) pids.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

function memAvailableMiB(): number {
  const m = /MemAvailable:\s+(\d+) kB/.exec(fs.readFileSync('/proc/meminfo', 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : Math.round(os.freemem() / 2 ** 20);
}

async function startPlatform(root: string, log: (l: string) => void, keepData = false) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-bench-'));
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
    // Not the default 127.1.0.0/16: another `kuack up` on the machine (an e2e run) would own 127.1.0.1:8080.
    '--pod-cidr',
    `127.${100 + Math.floor(Math.random() * 150)}.0.0/16`,
  ];
  const started = Date.now();
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, KUACK_IMAGE_STORE: path.join(dataDir, 'images') },
  });
  const onSignal = () => {
    child.kill('SIGINT');
    child.once('exit', () => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      process.exit(130);
    });
  };
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  let text = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (text += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (text += c));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const t0 = Date.now();
      child.kill('SIGINT');
      await Promise.race([exited, sleep(20_000)]);
      const seconds = ((Date.now() - t0) / 1000).toFixed(1);
      if (child.exitCode === null && child.signalCode === null) {
        log(`kuack up did not exit within ${seconds} s of SIGINT; SIGKILL`);
        child.kill('SIGKILL');
      } else log(`kuack up exited ${seconds} s after SIGINT`);
    }
    const leftovers = processesUsing(dataDir);
    if (leftovers.length) {
      log(
        `${leftovers.length} processes of this platform outlived kuack up (killed now): ${leftovers.join(', ')}`,
      );
      for (const pid of leftovers) process.kill(pid, 'SIGKILL');
    }
    if (keepData) log(`kept ${dataDir} (logs in logs/, pods/)`);
    else fs.rmSync(dataDir, { recursive: true, force: true });
  };
  while (!text.includes('Ctrl-C stops everything')) {
    if (child.exitCode !== null || Date.now() - started > 180_000) {
      await stop();
      throw new Error(`kuack up did not become ready:\n${text}`);
    }
    await sleep(100);
  }
  log(`kuack up ready in ${((Date.now() - started) / 1000).toFixed(1)} s (data dir ${dataDir})`);
  return {
    pid: child.pid!,
    dataDir,
    gatewayPort,
    startSeconds: (Date.now() - started) / 1000,
    client: connect({ kubeconfigPath: path.join(dataDir, 'kubeconfig') }),
    stop,
  };
}

async function waitReady(client: KubeClient, name: string, namespace: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const svc = await client.get<Svc>(SERVICE, name, namespace).catch(() => undefined);
    if (svc && isReady(svc)) return;
    await sleep(100);
  }
  throw new Error(`Service ${namespace}/${name} not Ready in ${timeoutMs / 1000} s`);
}

export async function run(opts: Options): Promise<Result> {
  const { log } = opts;
  const platform = await startPlatform(opts.root, log, opts.keepData);
  const { client } = platform;
  const result: Result = {
    singleSeconds: [],
    singleFirstAnswerSeconds: [],
    burstRequested: opts.burst,
    burstMinScale: opts.burstMinScale,
    burstCreated: 0,
    burstReadySeconds: [],
    burstNotReady: [],
    samples: [],
    platformStartSeconds: platform.startSeconds,
  };
  try {
    await storeHelloImage(path.join(platform.dataDir, 'images'), IMAGE);

    // 1. One Service at a time: apply → Ready, then the first 200 through the gateway; deleted before the next.
    const single = 'bench-single';
    await client.create({ ...NAMESPACE, metadata: { name: single } });
    for (let i = 0; i < opts.singles; i++) {
      const name = `one-${i}`;
      const t0 = Date.now();
      await client.create(service(name, single));
      await waitReady(client, name, single, 180_000);
      const ready = (Date.now() - t0) / 1000;
      while ((await getStatus(platform.gatewayPort, `${name}.${single}.localhost`)) !== 200) await sleep(50);
      const answered = (Date.now() - t0) / 1000;
      result.singleSeconds.push(ready);
      result.singleFirstAnswerSeconds.push(answered);
      log(`single ${i + 1}/${opts.singles}: Ready ${ready.toFixed(2)} s, first 200 ${answered.toFixed(2)} s`);
      await client.delete(SERVICE, name, single);
    }

    // 2. N Services, one created per second; Ready seen by listing every 250 ms.
    const burst = 'bench-burst';
    await client.create({ ...NAMESPACE, metadata: { name: burst } });
    const createdAt = new Map<string, number>();
    const readyAfter = new Map<string, number>();
    const start = Date.now();
    const sampler = setInterval(() => {
      const tree = processTree(platform.pid);
      result.samples.push({ t: (Date.now() - start) / 1000, ...tree, memAvailableMiB: memAvailableMiB() });
    }, 2000);
    let creating = true;
    let lastCreate = Date.now();
    const poller = (async () => {
      while (creating || readyAfter.size < createdAt.size) {
        const list = await client.list<Svc>(SERVICE, { namespace: burst }).catch(() => undefined);
        const now = Date.now();
        for (const svc of list?.items ?? []) {
          const t0 = createdAt.get(svc.metadata.name!);
          if (t0 !== undefined && !readyAfter.has(svc.metadata.name!) && isReady(svc))
            readyAfter.set(svc.metadata.name!, (now - t0) / 1000);
        }
        if (!creating && Date.now() - lastCreate > opts.tailSeconds * 1000) break;
        await sleep(250);
      }
    })();
    for (let i = 0; i < opts.burst; i++) {
      await sleep(Math.max(0, start + i * 1000 - Date.now()));
      const free = memAvailableMiB();
      if (free < opts.minFreeMiB) {
        result.stoppedEarly = `MemAvailable ${free} MiB < ${opts.minFreeMiB} MiB after ${i} Services`;
        log(result.stoppedEarly);
        break;
      }
      const name = `svc-${String(i).padStart(3, '0')}`;
      createdAt.set(name, Date.now());
      lastCreate = Date.now();
      await client.create(service(name, burst, opts.burstMinScale));
      if ((i + 1) % 10 === 0) {
        const s = result.samples.at(-1);
        log(
          `burst: ${i + 1} created, ${readyAfter.size} Ready` +
            (s
              ? `; ${s.processes} processes, RSS ${s.rssMiB} MiB, host MemAvailable ${s.memAvailableMiB} MiB`
              : ''),
        );
      }
    }
    creating = false;
    await poller;
    clearInterval(sampler);
    result.burstCreated = createdAt.size;
    // In creation order, so the report can show whether the time grows as Services pile up.
    result.burstReadySeconds = [...createdAt.keys()]
      .filter((n) => readyAfter.has(n))
      .map((n) => readyAfter.get(n)!);
    result.burstNotReady = [...createdAt.keys()].filter((n) => !readyAfter.has(n));
    log(`burst: ${readyAfter.size}/${createdAt.size} Ready`);
    await client.delete(NAMESPACE, burst).catch(() => undefined);
    await client.delete(NAMESPACE, single).catch(() => undefined);
  } finally {
    await platform.stop();
  }
  return result;
}
