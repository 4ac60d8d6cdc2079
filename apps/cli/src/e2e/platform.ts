import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { KubeClient } from '@kuack/controller';
import { podSubnet } from '@kuack/testenv';

// The whole local platform through `kuack up` (the real bundles, real child processes), for end-to-end tests.
export const REPO_ROOT = path.resolve(__dirname, '../../../..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Where the platform runs: its own embedded cluster, or an external API server (the testenv's kube). */
export interface ExternalApiServer {
  kubeconfig: string;
  /** Addresses for this platform's Pods (routed to lo; not loopback: the real API server refuses those). */
  podCidr: string;
  /** An address of the pod network, outside podCidr, for the activator. */
  activatorIp: string;
  nodeName: string;
  /**
   * Knative's system namespace for this platform; the serving components also watch only this namespace
   * (KUACK_WATCH_NAMESPACE), so test files sharing the API server never reconcile each other's objects.
   */
  systemNamespace: string;
}

export interface Platform {
  kubeconfig: string;
  client: KubeClient;
  dataDir: string;
  imageStore: string;
  gatewayPort: number;
  systemNamespace: string;
  /** The node agent's Node on an external API server (the embedded cluster goes away with the platform). */
  nodeName?: string;
  output(): string;
  /** Stops `kuack up` as Ctrl-C does; returns the processes still running from its data dir (none expected). */
  stop(): Promise<string[]>;
}

/** Live (not zombie) processes whose command line mentions `dir`: what a stopped platform must not leave. */
export function processesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      const state = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '')[0];
      if (cmdline.includes(dir) && state !== 'Z') found.push(`${pid} ${cmdline.trim()}`);
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

export async function startPlatform(
  external?: ExternalApiServer,
  { examples = false }: { examples?: boolean } = {},
): Promise<Platform> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-e2e-'));
  const gatewayPort = await freePort();
  const args = [
    path.join(REPO_ROOT, 'bin/kuack.js'),
    'up',
    ...(examples ? [] : ['--no-examples']),
    '--data-dir',
    dataDir,
    '--gateway-port',
    String(gatewayPort),
    '--gateway-https-port',
    String(await freePort()),
    '--autoscaler-port',
    String(await freePort()),
  ];
  if (external) {
    args.push(
      '--kubeconfig',
      external.kubeconfig,
      '--pod-cidr',
      external.podCidr,
      '--activator-address',
      `${external.activatorIp}:8012`,
      '--node-name',
      external.nodeName,
      '--system-namespace',
      external.systemNamespace,
    );
  } else {
    args.push('--api-port', String(await freePort()), '--activator-address', `127.0.0.1:${await freePort()}`);
    // Not the default 127.1.0.0/16: a `kuack up` of another test file or run (or a Pod process it left behind)
    // may hold the same Pod addresses and ports on this shared machine (EADDRINUSE → the Revision fails).
    // podSubnet claims a /24 for this test process.
    args.push('--pod-cidr', podSubnet({ base: '127.2.0.0/16' }));
  }
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      KUACK_IMAGE_STORE: path.join(dataDir, 'images'),
      ...(external ? { KUACK_WATCH_NAMESPACE: external.systemNamespace } : {}),
    },
  });
  let text = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (text += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (text += c));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 15_000)))]);
      clearTimeout(timer);
      child.kill('SIGKILL');
    }
    const left = processesUnder(dataDir);
    for (const line of left) process.kill(Number(line.split(' ')[0]), 'SIGKILL');
    // The components' logs outlive the run, for a failure to be read afterwards.
    const kept = path.join(os.tmpdir(), 'kuack-e2e-logs', path.basename(dataDir));
    fs.mkdirSync(kept, { recursive: true });
    if (fs.existsSync(path.join(dataDir, 'logs')))
      fs.cpSync(path.join(dataDir, 'logs'), kept, { recursive: true, force: true });
    fs.writeFileSync(path.join(kept, 'kuack-up.out'), text);
    fs.rmSync(dataDir, { recursive: true, force: true });
    return left;
  };
  const deadline = Date.now() + 120_000;
  while (!text.includes('Ctrl-C stops everything')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      const logs = readLogs(dataDir);
      await stop();
      throw new Error(`kuack up did not become ready:\n${text}\n${logs}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const kubeconfig = external?.kubeconfig ?? path.join(dataDir, 'kubeconfig');
  const { connect } = await import('@kuack/controller');
  return {
    kubeconfig,
    client: connect({ kubeconfigPath: kubeconfig }),
    dataDir,
    imageStore: path.join(dataDir, 'images'),
    gatewayPort,
    systemNamespace: external?.systemNamespace ?? 'knative-serving',
    nodeName: external?.nodeName,
    output: () => text,
    stop,
  };
}

/** The tail of every component log, for a failure message. */
export function readLogs(dataDir: string, lines = 40): string {
  const dir = path.join(dataDir, 'logs');
  if (!fs.existsSync(dir)) return '';
  return fs
    .readdirSync(dir)
    .map((f) => {
      const text = fs.readFileSync(path.join(dir, f), 'utf8').trimEnd().split('\n');
      return `--- ${f}\n${text.slice(-lines).join('\n')}`;
    })
    .join('\n');
}
