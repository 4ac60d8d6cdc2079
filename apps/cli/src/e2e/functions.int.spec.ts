import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eventually, requireServices } from '@kuack/testenv';
import { runCli } from '../program';
import { captureCli } from '../testing/capture-cli';
import { freePort, readLogs, REPO_ROOT } from './platform';
import { getViaGateway } from './serving-suite';

// Knative Functions end to end in local mode: `kuack func create` → `kuack func deploy` (host build, local image
// store, Knative Service) → the function answers 200 through the gateway of `kuack up`. No registry, no Docker.

jest.setTimeout(600_000);

const NAMESPACE = 'e2e-functions';
let platform: LocalPlatform;
let work: string;
let cacheDir: string;

interface LocalPlatform {
  kubeconfig: string;
  dataDir: string;
  imageStore: string;
  gatewayPort: number;
  stop(): Promise<void>;
}

/**
 * `kuack up` on its own embedded cluster, like e2e/platform.ts's startPlatform, but with a pod network of its
 * own: on a shared machine another `kuack up` with the default 127.1.0.0/16 would hold the same Pod addresses.
 */
async function startLocalPlatform(): Promise<LocalPlatform> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-e2e-func-up-'));
  const gatewayPort = await freePort();
  const podCidr = `127.${100 + (process.pid % 150)}.0.0/16`;
  const args = [
    path.join(REPO_ROOT, 'bin/kuack.js'),
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
    '--pod-cidr',
    podCidr,
  ];
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, KUACK_IMAGE_STORE: path.join(dataDir, 'images') },
  });
  let text = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (text += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (text += c));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 15_000)))]);
      clearTimeout(timer); // a pending timer would keep Jest from exiting
      child.kill('SIGKILL');
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  await eventually(
    () => {
      if (child.exitCode !== null) throw new Error(`kuack up exited:\n${text}`);
      if (!text.includes('Ctrl-C stops everything'))
        throw new Error(`kuack up not ready:\n${text}\n${readLogs(dataDir)}`);
    },
    { timeoutMs: 180_000, intervalMs: 200 },
  ).catch(async (err: unknown) => {
    await stop();
    throw err;
  });
  return {
    kubeconfig: path.join(dataDir, 'kubeconfig'),
    dataDir,
    imageStore: path.join(dataDir, 'images'),
    gatewayPort,
    stop,
  };
}

beforeAll(async () => {
  await requireServices([]);
  platform = await startLocalPlatform();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-e2e-func-'));
  cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-e2e-func-cache-'));
  // The function's image goes to the image store of this platform's node agent.
  process.env.KUACK_IMAGE_STORE = platform.imageStore;
  process.env.KUACK_CACHE_DIR = cacheDir;
}, 600_000);

afterAll(async () => {
  await platform?.stop();
  for (const dir of [work, cacheDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('Knative Functions end to end on the local platform', () => {
  it('create → deploy → 200 through the gateway', async () => {
    const root = path.join(work, 'hello-fn');
    const created = captureCli();
    expect(await runCli(['func', 'create', root, '-l', 'typescript', '-t', 'http'], created.ctx)).toBe(0);
    const { connect } = await import('@kuack/controller');
    await connect({ kubeconfigPath: platform.kubeconfig })
      .create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } })
      .catch(() => undefined);

    const deployed = captureCli();
    const code = await runCli(
      [
        'func',
        'deploy',
        '-p',
        root,
        '-n',
        NAMESPACE,
        '--kubeconfig',
        platform.kubeconfig,
        '--timeout',
        '180',
      ],
      deployed.ctx,
    );
    if (code !== 0) {
      throw new Error(
        `deploy failed (${code}):\n${deployed.out()}\n${deployed.err()}\n${readLogs(platform.dataDir)}`,
      );
    }
    const url = /deployed in namespace "[^"]+" at (\S+)/.exec(deployed.out())?.[1];
    expect(url).toBeDefined();
    const { host } = new URL(url!);
    const answer = await eventually(
      async () => {
        const res = await getViaGateway(platform.gatewayPort, host, '/');
        if (res.status !== 200) throw new Error(`${res.status}: ${res.body}`);
        return res;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(answer.body).toBe('OK');
  });
});
