import { DEFAULT_BODY_LIMIT } from './body';
import { readInstanceConfig } from './config';
import { classifyExports, loadFunction, type LoadedFunction } from './loader';
import { createRuntimeLogger, parseLogLevel, type LogLevel } from './logger';
import { createFunctionMetrics } from './metrics';
import { createFunctionServer, type FunctionServer } from './server';
import type { FunctionInstance, FunctionModule, HTTPFunction, Logger } from './types';

export interface ServeOptions {
  /** Port to listen on; 0 picks a free one. Default: $PORT, $FUNC_PORT, else 8080. */
  port?: number;
  /** Default $FUNC_HOST, else 0.0.0.0 when $K_SERVICE or $KUBERNETES_SERVICE_HOST is set, else 127.0.0.1. */
  host?: string;
  /** Default $FUNC_LOG_LEVEL, else warn. */
  logLevel?: LogLevel;
  /** context.rawBody with the body as received. Default $FUNC_INCLUDE_RAW. */
  includeRaw?: boolean;
  /** Maximum request body in bytes. Default $FUNC_BODY_LIMIT, else 1 MiB. */
  bodyLimit?: number;
  /** The function's folder (for ./cfg). Default the current directory. */
  root?: string;
  /** Bound on in-flight requests when closing (ms). Default $FUNC_SHUTDOWN_TIMEOUT, else 30000. */
  shutdownTimeoutMs?: number;
  /** Bound on an instance's stop() (ms). Default $FUNC_STOP_TIMEOUT, else 30000. */
  stopTimeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  log?: Logger;
}

export interface RunningFunction {
  url: string;
  port: number;
  host: string;
  log: Logger;
  /** Resolves once an instance's start() finished (at once for module functions); rejects when it threw. */
  started: Promise<void>;
  server: FunctionServer;
  /** Stop accepting, finish in-flight requests, then shutdown()/stop(). Idempotent. */
  close(): Promise<void>;
}

/** Anything `serve` accepts: a folder to load, exports already loaded, or a loaded function. */
export type Servable = string | LoadedFunction | FunctionModule | HTTPFunction | FunctionInstance | object;

/**
 * Runs a function: init() (module), listen, then start(cfg) (instance). This is what the runtime entry and the
 * tests of a function project use: `const fn = await serve(require('..'), { port: 0 })`.
 */
export async function serve(target: Servable, options: ServeOptions = {}): Promise<RunningFunction> {
  const env = options.env ?? process.env;
  const log = options.log ?? createRuntimeLogger(options.logLevel ?? parseLogLevel(env.FUNC_LOG_LEVEL));
  const root = options.root ?? (typeof target === 'string' ? target : process.cwd());
  const fn = await toLoaded(target);
  const metrics = createFunctionMetrics(env);
  const bodyLimit =
    options.bodyLimit ?? positiveInt(env.FUNC_BODY_LIMIT, 'FUNC_BODY_LIMIT') ?? DEFAULT_BODY_LIMIT;
  if (fn.kind === 'module' && typeof fn.module.init === 'function') await fn.module.init();
  const server = createFunctionServer(fn, {
    log,
    metrics,
    bodyLimit,
    includeRaw: options.includeRaw ?? isTrue(env.FUNC_INCLUDE_RAW),
    livenessPath: env.LIVENESS_URL,
    readinessPath: env.READINESS_URL,
    metricsPath: env.METRICS_URL,
  });
  const port =
    options.port ??
    positiveInt(env.PORT, 'PORT', true) ??
    positiveInt(env.FUNC_PORT, 'FUNC_PORT', true) ??
    8080;
  // In a cluster (Knative sets K_SERVICE) the probes and the queue-proxy come from outside: listen on every
  // interface. On a developer machine stay on loopback.
  const host =
    options.host ?? env.FUNC_HOST ?? (env.K_SERVICE || env.KUBERNETES_SERVICE_HOST ? '0.0.0.0' : '127.0.0.1');
  const address = await server.listen(port, host);
  metrics.coldStart.observe(process.uptime());

  let started: Promise<void> = Promise.resolve();
  if (fn.kind === 'instance' && typeof fn.instance.start === 'function') {
    const instance = fn.instance;
    const cfg = readInstanceConfig(root, env);
    started = (async () => {
      await instance.start!(cfg);
      server.setStarted(true);
    })();
  } else {
    server.setStarted(true);
  }
  started.catch(() => undefined);

  const shutdownTimeoutMs =
    options.shutdownTimeoutMs ?? positiveInt(env.FUNC_SHUTDOWN_TIMEOUT, 'FUNC_SHUTDOWN_TIMEOUT') ?? 30_000;
  const stopTimeoutMs =
    options.stopTimeoutMs ?? positiveInt(env.FUNC_STOP_TIMEOUT, 'FUNC_STOP_TIMEOUT') ?? 30_000;
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await server.drain(shutdownTimeoutMs);
      if (fn.kind === 'module' && typeof fn.module.shutdown === 'function') await fn.module.shutdown();
      if (fn.kind === 'instance' && typeof fn.instance.stop === 'function') {
        await withDeadline(Promise.resolve(fn.instance.stop()), stopTimeoutMs, 'stop()');
      }
    })());

  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}/`,
    port: address.port,
    host: address.address,
    log,
    started,
    server,
    close,
  };
}

async function toLoaded(target: Servable): Promise<LoadedFunction> {
  if (typeof target === 'string') return loadFunction(target);
  const maybe = target as { kind?: unknown };
  if ((maybe.kind === 'module' || maybe.kind === 'instance') && ('module' in maybe || 'instance' in maybe)) {
    return target as LoadedFunction;
  }
  return classifyExports(target, 'the function');
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

function positiveInt(value: string | undefined, name: string, allowZero = false): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1))
    throw new Error(`${name}: expected a ${allowZero ? 'non-negative' : 'positive'} integer, got "${value}"`);
  return n;
}

async function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
