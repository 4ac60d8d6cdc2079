import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

// `kuack up` end to end: the real bundle, real child processes, kubectl as an independent client.
const root = path.resolve(__dirname, '../../../..');

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
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

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    server.on('error', () => resolve(false));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function up(dataDir: string, port: number): Promise<Running> {
  const child = spawn(
    process.execPath,
    [
      path.join(root, 'bin/kuack.js'),
      'up',
      '--data-dir',
      dataDir,
      '--api-port',
      String(port),
      '--no-examples',
      '--gateway-port',
      String(await freePort()),
      '--gateway-https-port',
      String(await freePort()),
      '--autoscaler-port',
      String(await freePort()),
      '--activator-address',
      `127.0.0.1:${await freePort()}`,
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let text = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (text += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (text += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  while (!text.includes('Ctrl-C stops everything')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`kuack up did not become ready:\n${text}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, output: () => text, exited };
}

function kubectl(kubeconfig: string, ...args: string[]): string {
  return execFileSync('kubectl', ['--kubeconfig', kubeconfig, ...args], { encoding: 'utf8' });
}

describe('kuack up', () => {
  let dataDir: string;
  let running: Running | undefined;

  beforeAll(() => (dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-up-'))));
  afterAll(async () => {
    // A failed test still stops the platform the orderly way, so no component outlives it.
    if (running && running.child.exitCode === null) {
      running.child.kill('SIGINT');
      await Promise.race([running.exited, new Promise((r) => setTimeout(r, 12_000))]);
      running.child.kill('SIGKILL');
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs the embedded cluster with CRDs and config maps, stops on Ctrl-C, and keeps state across restarts', async () => {
    const port = await freePort();
    running = await up(dataDir, port);
    const kubeconfig = path.join(dataDir, 'kubeconfig');
    expect(running.output()).toContain(`export KUBECONFIG=${kubeconfig}`);
    expect(running.output()).toMatch(/running {4}embedded-cluster \(pid \d+\)/);
    expect(fs.statSync(kubeconfig).mode & 0o777).toBe(0o600);

    // An independent client sees Knative's CRDs and config maps before anything else runs.
    expect(kubectl(kubeconfig, 'get', 'crd', 'services.serving.knative.dev', '-o', 'name')).toBe(
      'customresourcedefinition.apiextensions.k8s.io/services.serving.knative.dev\n',
    );
    const domain = JSON.parse(
      kubectl(kubeconfig, 'get', 'configmap', 'config-domain', '-n', 'knative-serving', '-o', 'json'),
    );
    expect(domain.data).toHaveProperty('localhost');
    const kept = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kept', namespace: 'default' },
      data: { answer: '42' },
    };
    execFileSync('kubectl', ['--kubeconfig', kubeconfig, 'apply', '-f', '-'], {
      input: JSON.stringify(kept),
    });

    const pids = [...running.output().matchAll(/\(pid (\d+)\)/g)].map((m) => Number(m[1]));
    running.child.kill('SIGINT');
    expect(await running.exited).toBe(0);
    expect(running.output()).toContain('stopped    embedded-cluster');
    expect(pids.filter(alive)).toEqual([]);
    expect(await portFree(port)).toBe(true);

    // Same port, same data: the state survived.
    running = await up(dataDir, port);
    expect(
      kubectl(kubeconfig, 'get', 'configmap', 'kept', '-n', 'default', '-o', 'jsonpath={.data.answer}'),
    ).toBe('42');
    running.child.kill('SIGINT');
    expect(await running.exited).toBe(0);
  }, 180_000);

  it('components stop by themselves when kuack up is killed hard', async () => {
    running = await up(dataDir, await freePort());
    const pids = [...running.output().matchAll(/\(pid (\d+)\)/g)].map((m) => Number(m[1]));
    expect(pids.length).toBeGreaterThan(0);
    running.child.kill('SIGKILL');
    await running.exited;
    const deadline = Date.now() + 15_000;
    while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(pids.filter(alive)).toEqual([]);
  }, 60_000);

  it('refuses a bad --api-port naming the flag, with exit 2', () => {
    const result = spawnSync(
      process.execPath,
      [path.join(root, 'bin/kuack.js'), 'up', '--api-port', 'http', '--data-dir', dataDir],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('kuack: --api-port: "http" is not a port number (1-65535)\n');
  });
});
