import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { interpolateEnvs } from '../funcyaml/envs';
import { requireFuncYaml } from '../funcyaml/file';
import { parseDuration } from '../funcyaml/schema';
import { DEFAULT_RUN_ADDRESS, isPortFree, nextFreePort, parseAddress } from './address';
import { recordRun, removeRun } from './run-registry';

export interface LocalRunOptions {
  root: string;
  /** The runtime's process entry (ensureFunctionSdk().runtimeFile). */
  runtimeFile: string;
  /** host:port; when not given, 127.0.0.1:8080 or the next free port. */
  address?: string;
  /** auto: run the package.json build script when there is one. */
  build?: 'auto' | 'true' | 'false';
  /** Where the function's output and the build's output go. */
  output: NodeJS.WritableStream;
  /** Warnings for the user (unknown func.yaml fields, envs only a cluster has). */
  warn: (message: string) => void;
  env?: NodeJS.ProcessEnv;
}

export interface LocalRun {
  url: string;
  host: string;
  port: number;
  pid: number;
  child: ChildProcess;
  /** The runtime's exit code (signals count as 128 + n). */
  exited: Promise<number>;
  /** SIGTERM: the runtime drains and exits; resolves with its exit code. */
  stop(): Promise<number>;
}

/** Runs a function on this machine with the Kuack runtime and waits until it is ready. */
export async function startLocalRun(options: LocalRunOptions): Promise<LocalRun> {
  const root = path.resolve(options.root);
  const env = options.env ?? process.env;
  const { func, warnings } = requireFuncYaml(root);
  warnings.forEach(options.warn);
  await buildIfNeeded(root, options.build ?? 'auto', options.output);

  const { values, skipped } = interpolateEnvs(func.run?.envs, env);
  if (skipped.length > 0)
    options.warn(`not available locally (cluster only), left out: ${skipped.join(', ')}`);
  const volumes = func.run?.volumes ?? [];
  if (volumes.length > 0) {
    options.warn(
      `run.volumes are mounted only when deployed; a local run has none (${volumes.length} in func.yaml)`,
    );
  }

  const requested = parseAddress(options.address ?? DEFAULT_RUN_ADDRESS);
  let port = requested.port;
  if (options.address !== undefined) {
    if (port !== 0 && !(await isPortFree(requested.host, port))) {
      throw new Error(`--address: ${options.address} is in use`);
    }
  } else {
    port = await nextFreePort(requested.host, port);
  }
  const host = requested.host;
  const child = spawn(process.execPath, [options.runtimeFile, root], {
    cwd: root,
    env: {
      ...env,
      ...values,
      FUNC_ROOT: root,
      PORT: String(port),
      FUNC_HOST: host,
      FUNC_LOG_LEVEL: env.FUNC_LOG_LEVEL ?? 'info',
      FUNC_NAME: func.name ?? path.basename(root),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderrTail = '';
  child.stdout?.pipe(options.output, { end: false });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString()).slice(-2000);
    options.output.write(chunk);
  });
  const exited = new Promise<number>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? 128 + (signal ? signalNumber(signal) : 0)));
  });
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost}:${port}/`;
  const startTimeoutMs =
    func.run?.startTimeout !== undefined ? (parseDuration(func.run.startTimeout) ?? 60_000) : 60_000;
  const ready = await waitReady(url, exited, startTimeoutMs);
  if (ready !== 'ready') {
    child.kill('SIGKILL');
    throw new Error(
      ready === 'exited'
        ? `the function exited before it was ready${stderrTail ? `:\n${stderrTail.trim()}` : ''}`
        : `the function was not ready within ${startTimeoutMs} ms (run.startTimeout)`,
    );
  }
  recordRun(root, { port, url, pid: child.pid });
  void exited.then(() => removeRun(root, port));
  return {
    url,
    host,
    port,
    pid: child.pid!,
    child,
    exited,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

async function buildIfNeeded(root: string, build: 'auto' | 'true' | 'false', output: NodeJS.WritableStream) {
  if (build === 'false') return;
  const pkgFile = path.join(root, 'package.json');
  const scripts = fs.existsSync(pkgFile)
    ? ((JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {})
    : {};
  if (!scripts.build) {
    if (build === 'true') throw new Error(`--build: ${pkgFile} has no "build" script`);
    return;
  }
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(npm, ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.pipe(output, { end: false });
    child.stderr?.pipe(output, { end: false });
    child.once('error', reject);
    child.once('exit', (c) => resolve(c ?? 1));
  });
  if (code !== 0)
    throw new Error(`the build failed (npm run build exited with ${code}); fix it and run again`);
}

async function waitReady(
  url: string,
  exited: Promise<number>,
  timeoutMs: number,
): Promise<'ready' | 'exited' | 'timeout'> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + timeoutMs;
  const probe = new URL('health/readiness', url).href;
  while (Date.now() < deadline) {
    if (gone) return 'exited';
    if ((await statusOf(probe)) === 200) return 'ready';
    await new Promise((r) => setTimeout(r, 40));
  }
  return gone ? 'exited' : 'timeout';
}

function statusOf(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.once('error', () => resolve(0));
    req.setTimeout(1000, () => req.destroy());
  });
}

function signalNumber(signal: NodeJS.Signals): number {
  return ({ SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 } as Record<string, number>)[signal] ?? 0;
}
