import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RawClient, until } from './conformance/client';

const ROOT = path.resolve(__dirname, '../../..');
const MAIN = path.join(ROOT, 'dist/apps/embedded-cluster/main.js');

/** Starts the bundled embedded-cluster app as its own process and waits for its ready line. */
async function startProcess(
  dataDir: string,
  port: number,
): Promise<{ child: ChildProcess; client: RawClient }> {
  const child = spawn(
    process.execPath,
    [MAIN, '--data-dir', dataDir, '--port', String(port), '--crd-dir', path.join(dataDir, 'no-crds')],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (out += c));
  await until(
    `the cluster process to be ready (output: ${out})`,
    () => {
      if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}: ${out}`);
      return out.includes('ready at');
    },
    30_000,
  );
  return { child, client: RawClient.fromFile(path.join(dataDir, 'kubeconfig')) };
}

function stopped(child: ChildProcess): Promise<void> {
  return new Promise((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
  );
}

describe('embedded cluster process: durability and restarts', () => {
  let dir: string;
  let port: number;

  beforeAll(() => {
    execFileSync(process.execPath, [path.join(ROOT, 'tools/build/bundle.mjs'), 'apps/embedded-cluster'], {
      cwd: ROOT,
      stdio: 'ignore',
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-restart-'));
    port = 20000 + Math.floor(Math.random() * 20000);
  }, 60_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps every acknowledged write across kill -9, and watches resume from before the crash', async () => {
    let { child, client } = await startProcess(dir, port);
    const ns = '/api/v1/namespaces/default/configmaps';
    const startRv = (await client.get(`${ns}?labelSelector=stream%3Dyes`)).body.metadata
      .resourceVersion as string;
    const acknowledged: string[] = [];
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        const name = `w-${String(i).padStart(5, '0')}`;
        try {
          const r = await client.post(ns, {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name, labels: { stream: 'yes' } },
            data: { i: String(i) },
          });
          if (r.status === 201) acknowledged.push(name);
        } catch {
          return; // the connection died with the server
        }
      }
    })();
    await until('some acknowledged writes', () => acknowledged.length >= 150, 60_000);
    child.kill('SIGKILL');
    await stopped(child);
    writing = false;
    await writer;

    ({ child, client } = await startProcess(dir, port));
    try {
      const list = await client.get(`${ns}?labelSelector=stream%3Dyes`);
      const stored = new Set(
        (list.body.items as { metadata: { name: string } }[]).map((i) => i.metadata.name),
      );
      const lost = acknowledged.filter((n) => !stored.has(n));
      expect(lost).toEqual([]);
      expect(stored.size).toBeGreaterThanOrEqual(acknowledged.length);

      const w = await client.watch(`${ns}?watch=true&labelSelector=stream%3Dyes&resourceVersion=${startRv}`);
      await until('the replayed events', () => w.events.length >= stored.size, 30_000);
      w.stop();
      expect(w.events.every((e) => e.type === 'ADDED')).toBe(true);
      expect(w.events.map((e) => e.object.metadata.name)).toEqual([...stored].sort());
    } finally {
      child.kill('SIGTERM');
      await stopped(child);
    }
  }, 120_000);

  it('releases its port at once on exit: a restart on the same port works', async () => {
    const first = await startProcess(dir, port);
    first.child.kill('SIGTERM');
    await stopped(first.child);
    expect(first.child.exitCode).toBe(0);
    const second = await startProcess(dir, port);
    try {
      expect((await second.client.get('/readyz')).status).toBe(200);
    } finally {
      second.child.kill('SIGINT');
      await stopped(second.child);
    }
  }, 60_000);
});
