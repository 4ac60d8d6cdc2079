import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_BACKOFF, restartDelay, type BackoffPolicy } from './backoff';
import type { ComponentEvent, ComponentSpec } from './component';

export interface SupervisorOptions {
  /** Each component's stdout and stderr are appended to `<logDir>/<name>.log`. */
  logDir: string;
  backoff?: BackoffPolicy;
  /** The whole stop (every component, SIGTERM then SIGKILL) finishes within this budget. */
  stopBudgetMs?: number;
  onEvent?: (event: ComponentEvent) => void;
}

interface Managed {
  spec: ComponentSpec;
  child?: ChildProcess;
  startedAt: number;
  restarts: number;
  restartTimer?: NodeJS.Timeout;
  readyAbort?: AbortController;
}

/**
 * Runs the platform's components as child processes: starts them in order (each ready before the next),
 * restarts a crashed one with exponential backoff, and stops all of them in reverse order within a budget.
 * Each child gets its own process group so that what it spawned (a node agent's Pods) goes with it.
 */
export class Supervisor {
  private readonly managed: Managed[] = [];
  private stopping = false;

  constructor(private readonly options: SupervisorOptions) {
    fs.mkdirSync(options.logDir, { recursive: true });
  }

  /** Starts every component in order; if one never gets ready, stops the ones started and rejects. */
  async start(specs: ComponentSpec[]): Promise<void> {
    for (const spec of specs) {
      const entry: Managed = { spec, startedAt: 0, restarts: 0 };
      this.managed.push(entry);
      this.launch(entry);
      try {
        await this.waitReady(entry);
      } catch (err) {
        this.emit({ component: spec.name, state: 'failed', message: (err as Error).message });
        await this.stop();
        throw new Error(
          `${spec.name} did not become ready: ${(err as Error).message} (log: ${this.logFile(spec)})`,
        );
      }
    }
  }

  logFile(spec: Pick<ComponentSpec, 'name'>): string {
    return path.join(this.options.logDir, `${spec.name}.log`);
  }

  pids(): number[] {
    return this.managed.flatMap((m) => (m.child?.pid && m.child.exitCode === null ? [m.child.pid] : []));
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const deadline = Date.now() + (this.options.stopBudgetMs ?? 8_000);
    const order = [...this.managed].reverse();
    for (const [i, entry] of order.entries()) {
      clearTimeout(entry.restartTimer);
      entry.readyAbort?.abort();
      const child = entry.child;
      if (!child || child.exitCode !== null || child.signalCode !== null) continue;
      this.emit({ component: entry.spec.name, state: 'stopping', pid: child.pid });
      const exited = once(child, 'exit');
      signalGroup(child, 'SIGTERM');
      // Later components get what is left of the budget, minus what the ones still to stop reserved; the last
      // second is kept for SIGKILL.
      const reserved = order
        .slice(i + 1)
        .reduce(
          (sum, later) => sum + (later.child?.exitCode === null ? (later.spec.stopReserveMs ?? 0) : 0),
          0,
        );
      const graceMs = Math.max(0, Math.min(deadline - Date.now() - 1_000 - reserved, 5_000));
      const waiting = new AbortController();
      const timedOut = await Promise.race([
        exited.then(() => false),
        delay(graceMs, waiting.signal).then(() => true),
      ]);
      waiting.abort();
      if (timedOut) {
        signalGroup(child, 'SIGKILL');
        const killWait = new AbortController();
        await Promise.race([exited, delay(1_000, killWait.signal)]);
        killWait.abort();
      } else {
        // The leader is gone; anything it left in its group goes too.
        signalGroup(child, 'SIGKILL');
      }
      this.emit({
        component: entry.spec.name,
        state: 'stopped',
        exitCode: child.exitCode,
        signal: child.signalCode,
      });
    }
  }

  private launch(entry: Managed): void {
    const { spec } = entry;
    const log = fs.openSync(this.logFile(spec), 'a');
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env, KUACK_SUPERVISED: '1' },
      stdio: ['ignore', log, log],
      detached: true,
    });
    fs.closeSync(log);
    entry.child = child;
    entry.startedAt = Date.now();
    this.emit({ component: spec.name, state: 'starting', pid: child.pid, restarts: entry.restarts });
    child.on('error', (err) => this.emit({ component: spec.name, state: 'failed', message: err.message }));
    child.on('exit', (code, signal) => this.onExit(entry, code, signal));
  }

  private onExit(entry: Managed, exitCode: number | null, signal: NodeJS.Signals | null): void {
    if (this.stopping) return;
    entry.readyAbort?.abort();
    const { delayMs, restarts } = restartDelay(
      this.options.backoff ?? DEFAULT_BACKOFF,
      entry.restarts + 1,
      Date.now() - entry.startedAt,
    );
    entry.restarts = restarts;
    this.emit({ component: entry.spec.name, state: 'restarting', exitCode, signal, restarts, delayMs });
    entry.restartTimer = setTimeout(() => {
      if (this.stopping) return;
      this.launch(entry);
      this.waitReady(entry).catch((err: Error) =>
        this.emit({ component: entry.spec.name, state: 'failed', message: err.message }),
      );
    }, delayMs);
  }

  private async waitReady(entry: Managed): Promise<void> {
    const { spec } = entry;
    const child = entry.child!;
    const abort = new AbortController();
    entry.readyAbort = abort;
    const exited = once(child, 'exit').then(([code, signal]) => {
      throw new Error(`exited with ${signal ? `signal ${signal}` : `code ${code}`} before it was ready`);
    });
    const timeoutMs = spec.readyTimeoutMs ?? 30_000;
    const timeout = delay(timeoutMs, abort.signal).then(() => {
      throw new Error(`not ready after ${timeoutMs} ms`);
    });
    try {
      await Promise.race([spec.ready ? spec.ready(abort.signal) : Promise.resolve(), exited, timeout]);
      this.emit({ component: spec.name, state: 'ready', pid: child.pid });
    } finally {
      abort.abort();
      exited.catch(() => undefined);
      timeout.catch(() => undefined);
    }
  }

  private emit(event: ComponentEvent): void {
    this.options.onEvent?.(event);
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (!child.pid) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => clearTimeout(timer), { once: true });
  });
}
