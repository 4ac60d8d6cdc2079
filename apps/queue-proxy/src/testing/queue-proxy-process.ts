import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(__dirname, '../../../..');

/**
 * Bundles apps/queue-proxy into a temp dir (no shared dist/ writes) with npm packages left external: run from
 * there, any npm import in the queue-proxy fails (it must stay on Node.js built-ins, ADR 0019).
 */
export async function bundleQueueProxy(): Promise<{ file: string; cleanup: () => Promise<void> }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kuack-qp-bundle-'));
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

export interface QueueProxyProcess {
  child: ChildProcess;
  serving: number;
  admin: number;
  metrics: number;
  output: () => string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  kill: (signal?: NodeJS.Signals) => void;
}

/** Starts the bundled queue-proxy with `env` (ports 0 → ephemeral) and waits for its `listening` line. */
export async function startQueueProxyProcess(
  file: string,
  env: Record<string, string>,
): Promise<QueueProxyProcess> {
  const child = spawn(process.execPath, [file], {
    env: {
      PATH: process.env.PATH ?? '',
      QUEUE_SERVING_PORT: '0',
      QUEUE_ADMIN_PORT: '0',
      METRICS_PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (out += c));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ports = await new Promise<{ serving: number; admin: number; metrics: number }>((resolve, reject) => {
    const onData = () => {
      const m = /listening serving=(\d+) admin=(\d+) metrics=(\d+)/.exec(out);
      if (m) {
        child.stdout!.off('data', onData);
        resolve({ serving: Number(m[1]), admin: Number(m[2]), metrics: Number(m[3]) });
      }
    };
    child.stdout!.on('data', onData);
    void exited.then((code) => reject(new Error(`queue-proxy exited (${code}) before listening:\n${out}`)));
  });
  return {
    child,
    ...ports,
    output: () => out,
    exited,
    kill: (signal = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}
