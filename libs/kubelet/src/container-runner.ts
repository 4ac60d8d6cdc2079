import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LaunchPlan } from './command';
import type {
  Container,
  ContainerState,
  ContainerStateTerminated,
  ContainerStatus,
  Probe,
  Pod,
} from './pod.types';
import { runProbe } from './probe-exec';
import { type LeftoverProcess, recordAlive } from './process-registry';
import { type ProbeKind, ProbeState, probeTiming } from './probe-state';
import { type RestartBackoffOptions, nextCrashCount, restartDelayMs, shouldRestart } from './restart-backoff';

export interface RunnerDeps {
  /** Called after every change of what status() returns. */
  onChange(): void;
  event(type: 'Normal' | 'Warning', reason: string, message: string): void;
  processStarted(pgid: number, info: { startedAt: string; restart: number }): void;
  processEnded(pgid: number): void;
  logFile(restart: number): string;
  backoff: RestartBackoffOptions;
  shimPath: string;
  hostNode: string;
  podIP: string;
  /** The grace a liveness/startup failure kill gets (the Pod's terminationGracePeriodSeconds). */
  killGraceMs(): number;
}

export interface RunnableContainer {
  plan: Extract<LaunchPlan, { runnable: true }>;
  env: Record<string, string>;
  imageID: string;
}

function signalNumber(signal: NodeJS.Signals | null): number {
  return signal ? (os.constants.signals[signal] ?? 0) : 0;
}

/**
 * One container of a Pod as a process group: start, restart with CrashLoopBackOff under the Pod's
 * restartPolicy, probes, and stop (SIGTERM to the group, SIGKILL after the grace).
 */
export class ContainerRunner {
  private state: ContainerState = { waiting: { reason: 'ContainerCreating' } };
  private lastState: ContainerState = {};
  private restartCount: number;
  /** Drives the backoff; unlike restartCount it starts over after a long healthy run. */
  private crashes = 0;
  /** The running (or last) process group leader; `exited` once it is gone. */
  private proc: { pid: number; exited: boolean } | undefined;
  private exited: Promise<void> | undefined;
  private runtime: RunnableContainer | undefined;
  private imageID = '';
  private generation = 0;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private ready = false;
  private started = false;
  private probeTimers = new Set<NodeJS.Timeout>();
  private killedBecause: string | undefined;
  private readonly restartPolicy: Pod['spec']['restartPolicy'];
  private completedContainerID: string | undefined;
  private settle!: (outcome: 'succeeded' | 'failed') => void;
  /** Resolves when the container has terminated for good (no restart follows): succeeded (exit 0) or failed. */
  readonly finished: Promise<'succeeded' | 'failed'> = new Promise((resolve) => (this.settle = resolve));

  /** `init`: an init container, run to completion before the app containers and restarted only on failure. */
  constructor(
    private readonly pod: Pod,
    readonly container: Container,
    private readonly deps: RunnerDeps,
    previous?: ContainerStatus,
    readonly init = false,
  ) {
    this.restartPolicy = init && pod.spec.restartPolicy !== 'Never' ? 'OnFailure' : pod.spec.restartPolicy;
    // After an agent restart the container starts again: count it as a restart and keep the numbering of logs.
    this.restartCount = previous
      ? previous.restartCount +
        (previous.state.running || previous.state.terminated || previous.lastState.terminated ? 1 : 0)
      : 0;
    if (previous?.lastState.terminated) this.lastState = { terminated: previous.lastState.terminated };
  }

  /** The running process group leader (none once it exited). */
  get pid(): number | undefined {
    return (!this.proc?.exited && this.proc?.pid) || undefined;
  }

  /** An init container that completed before an agent restart: reported as it was, never run again. */
  setCompleted(previous: ContainerStatus): void {
    this.state = previous.state;
    this.lastState = previous.lastState;
    this.restartCount = previous.restartCount;
    this.imageID = previous.imageID;
    this.completedContainerID = previous.containerID;
    this.settle('succeeded');
    this.deps.onChange();
  }

  status(): ContainerStatus {
    const s: ContainerStatus = {
      name: this.container.name,
      image: this.container.image,
      imageID: this.imageID,
      // An init container is ready once it completed successfully.
      ready: this.init ? this.state.terminated?.exitCode === 0 : this.ready,
      started: this.started,
      restartCount: this.restartCount,
      state: this.state,
      lastState: this.lastState,
    };
    if (this.proc?.pid)
      s.containerID = `kuack://${this.pod.metadata.uid}/${this.container.name}/${this.proc.pid}`;
    else if (this.completedContainerID) s.containerID = this.completedContainerID;
    return s;
  }

  /** A reason the container cannot start (image, environment); the caller may retry later. */
  setWaiting(reason: string, message: string): void {
    this.state = { waiting: { reason, message } };
    this.ready = false;
    this.deps.onChange();
  }

  /** Starts the container's first process. */
  run(runtime: RunnableContainer): void {
    this.runtime = runtime;
    this.imageID = runtime.imageID;
    this.spawnProcess();
  }

  private spawnProcess(): void {
    if (this.stopping || !this.runtime) return;
    const { plan, env } = this.runtime;
    const logFile = this.deps.logFile(this.restartCount);
    fs.mkdirSync(path.dirname(logFile), { recursive: true });
    const fd = fs.openSync(logFile, 'a');
    const nodeOptions = [`--require ${this.deps.shimPath}`, env.NODE_OPTIONS].filter(Boolean).join(' ');
    const generation = ++this.generation;
    const startedAt = new Date().toISOString();
    let child: ChildProcess;
    try {
      child = spawn(plan.program, plan.args, {
        cwd: plan.cwd,
        env: { ...env, NODE_OPTIONS: nodeOptions },
        detached: true,
        stdio: ['ignore', fd, fd],
      });
    } finally {
      fs.closeSync(fd);
    }
    const proc = { pid: child.pid ?? 0, exited: false };
    const finish = this.beginRun(proc, generation, startedAt);
    if (proc.pid) this.deps.processStarted(proc.pid, { startedAt, restart: this.restartCount });
    child.once('error', (err) => finish(128, null, { message: err.message, reason: 'StartError' }));
    child.once('exit', (code, signal) => finish(code ?? 128 + signalNumber(signal), signal));
    this.deps.event('Normal', 'Started', `Started container ${this.container.name}`);
    this.deps.onChange();
    this.startProbes(generation);
  }

  /**
   * Takes over a process group a previous run of the agent started and left running (the agent was killed).
   * It is not this process's child, so its end is noticed by polling, and its exit code is unknown
   * (ContainerStatusUnknown, 137, as the kubelet reports a container it lost track of). Started and Ready
   * carry over from the Pod status; the probes go on from there.
   */
  adopt(runtime: RunnableContainer, leftover: LeftoverProcess, previous?: ContainerStatus): void {
    this.runtime = runtime;
    this.imageID = runtime.imageID;
    this.restartCount = leftover.restart ?? previous?.restartCount ?? 0;
    const generation = ++this.generation;
    const startedAt = leftover.startedAt ?? previous?.state.running?.startedAt ?? new Date().toISOString();
    const proc = { pid: leftover.pgid, exited: false };
    const finish = this.beginRun(proc, generation, startedAt);
    const poll = setInterval(() => {
      if (recordAlive(leftover.pgid, leftover)) return;
      clearInterval(poll);
      finish(137, null, {
        reason: 'ContainerStatusUnknown',
        message: 'The container exited while the node agent was not its parent: its exit code is unknown',
      });
    }, 250);
    this.exited!.finally(() => clearInterval(poll)).catch(() => undefined);
    if (previous?.started === false) this.startProbes(generation);
    else this.afterStarted(generation, previous?.ready ?? false);
    this.deps.onChange();
  }

  /** Marks a new process running; returns the function its end must be reported through (once). */
  private beginRun(
    proc: { pid: number; exited: boolean },
    generation: number,
    startedAt: string,
  ): (
    exitCode: number,
    signal: NodeJS.Signals | null,
    failure?: { reason: string; message: string },
  ) => void {
    this.proc = proc;
    this.ready = false;
    this.started = false;
    this.killedBecause = undefined;
    this.state = { running: { startedAt } };
    let resolveExit!: () => void;
    this.exited = new Promise((resolve) => (resolveExit = resolve));
    return (exitCode, signal, failure) => {
      if (proc.exited) return;
      proc.exited = true;
      if (proc.pid) {
        // The kubelet kills the whole container; do the same for anything the program left in its group.
        try {
          process.kill(-proc.pid, 'SIGKILL');
        } catch {
          // group already empty
        }
        this.deps.processEnded(proc.pid);
      }
      this.onExit(generation, startedAt, exitCode, signal, failure);
      resolveExit();
    };
  }

  private onExit(
    generation: number,
    startedAt: string,
    exitCode: number,
    signal: NodeJS.Signals | null,
    failure?: { reason: string; message: string },
  ): void {
    this.clearProbes();
    this.ready = false;
    this.started = false;
    const message = failure?.message;
    const terminated: ContainerStateTerminated = {
      exitCode,
      reason: failure?.reason ?? (exitCode === 0 ? 'Completed' : 'Error'),
      startedAt,
      finishedAt: new Date().toISOString(),
    };
    if (signal) terminated.signal = signalNumber(signal);
    if (message ?? this.killedBecause) terminated.message = message ?? this.killedBecause;
    if (this.stopping || generation !== this.generation) {
      this.state = { terminated };
      this.deps.onChange();
      return;
    }
    if (!shouldRestart(this.restartPolicy, exitCode)) {
      this.state = { terminated };
      this.settle(exitCode === 0 ? 'succeeded' : 'failed');
      this.deps.onChange();
      return;
    }
    this.lastState = { terminated };
    this.restartCount++;
    this.crashes = nextCrashCount(
      this.crashes,
      Date.parse(terminated.finishedAt) - Date.parse(startedAt),
      this.deps.backoff,
    );
    const delay = restartDelayMs(this.crashes, this.deps.backoff);
    this.state = {
      waiting: {
        reason: 'CrashLoopBackOff',
        message: `back-off ${Math.round(delay / 1000)}s restarting failed container=${this.container.name} pod=${this.pod.metadata.name}_${this.pod.metadata.namespace}(${this.pod.metadata.uid})`,
      },
    };
    if (exitCode !== 0)
      this.deps.event('Warning', 'BackOff', `Back-off restarting failed container ${this.container.name}`);
    this.deps.onChange();
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      this.spawnProcess();
    }, delay);
  }

  // --- probes ---

  private startProbes(generation: number): void {
    const { startupProbe } = this.container;
    if (startupProbe) this.loop('startup', startupProbe, generation);
    else this.afterStarted(generation);
  }

  /** `wasReady`: an adopted container keeps its readiness until the probe says otherwise. */
  private afterStarted(generation: number, wasReady = false): void {
    this.started = true;
    const { readinessProbe, livenessProbe } = this.container;
    if (!readinessProbe) this.ready = true;
    else {
      this.ready = wasReady;
      this.loop('readiness', readinessProbe, generation);
    }
    if (livenessProbe) this.loop('liveness', livenessProbe, generation);
    this.deps.onChange();
  }

  private loop(kind: ProbeKind, probe: Probe, generation: number): void {
    const timing = probeTiming(probe);
    const state = new ProbeState(
      kind === 'liveness' || kind === 'startup' ? { ...timing, successThreshold: 1 } : timing,
    );
    const tick = async () => {
      if (generation !== this.generation || this.stopping || !this.runtime) return;
      const outcome = await runProbe(
        probe,
        {
          container: this.container,
          podIP: this.deps.podIP,
          cwd: this.runtime.plan.cwd,
          env: this.runtime.env,
          hostNode: this.deps.hostNode,
        },
        timing.timeoutMs,
      );
      if (generation !== this.generation || this.stopping) return;
      const changed = state.record(outcome.ok);
      if (!outcome.ok)
        this.deps.event(
          'Warning',
          'Unhealthy',
          `${kind[0].toUpperCase()}${kind.slice(1)} probe failed: ${outcome.message ?? ''}`.trim(),
        );
      if (kind === 'startup') {
        if (state.outcome === 'success') return this.afterStarted(generation);
        if (state.outcome === 'failure') return this.killForProbe(kind, generation);
      } else if (kind === 'liveness') {
        if (state.outcome === 'failure') return this.killForProbe(kind, generation);
      } else if (changed) {
        this.ready = state.outcome === 'success';
        this.deps.onChange();
      }
      this.schedule(tick, timing.periodMs);
    };
    this.schedule(tick, timing.initialDelayMs);
  }

  private schedule(fn: () => Promise<void>, ms: number): void {
    const timer = setTimeout(() => {
      this.probeTimers.delete(timer);
      void fn();
    }, ms);
    this.probeTimers.add(timer);
  }

  private clearProbes(): void {
    for (const t of this.probeTimers) clearTimeout(t);
    this.probeTimers.clear();
  }

  private killForProbe(kind: ProbeKind, generation: number): void {
    if (generation !== this.generation) return;
    this.clearProbes();
    this.killedBecause = `Container ${this.container.name} failed ${kind} probe, will be restarted`;
    this.deps.event('Normal', 'Killing', this.killedBecause);
    void this.killProcess(this.deps.killGraceMs());
  }

  /**
   * Runs the preStop hook within the grace; returns the grace left for SIGTERM → SIGKILL (the kubelet keeps
   * at least 2 s of it).
   */
  private async preStop(graceMs: number): Promise<number> {
    const hook = this.container.lifecycle?.preStop;
    if (!hook || graceMs <= 0 || !this.runtime) return graceMs;
    const started = Date.now();
    if (hook.sleep) {
      await new Promise((r) => setTimeout(r, Math.min(hook.sleep!.seconds * 1000, graceMs)));
    } else {
      const target = {
        container: this.container,
        podIP: this.deps.podIP,
        cwd: this.runtime.plan.cwd,
        env: this.runtime.env,
        hostNode: this.deps.hostNode,
      };
      const outcome = await runProbe({ httpGet: hook.httpGet, exec: hook.exec }, target, graceMs);
      if (!outcome.ok)
        this.deps.event(
          'Warning',
          'FailedPreStopHook',
          `PreStopHook failed: ${outcome.message ?? ''}`.trim(),
        );
    }
    return Math.max(graceMs - (Date.now() - started), Math.min(2000, graceMs));
  }

  private async killProcess(graceMs: number): Promise<void> {
    const proc = this.proc;
    const exited = this.exited;
    if (!proc?.pid || !exited || proc.exited) return exited;
    graceMs = await this.preStop(graceMs);
    if (proc.exited) return exited;
    const group = -proc.pid;
    try {
      process.kill(group, 'SIGTERM');
    } catch {
      return exited;
    }
    let timer: NodeJS.Timeout | undefined;
    const killed = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        try {
          process.kill(group, 'SIGKILL');
        } catch {
          // gone meanwhile
        }
        resolve();
      }, graceMs);
    });
    await Promise.race([exited, killed]);
    clearTimeout(timer);
    await exited;
  }

  /** Stops for good: no restart; SIGTERM, SIGKILL after `graceMs`; resolves when the process is gone. */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    this.settle('failed');
    this.clearProbes();
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    if (this.proc && this.exited) {
      this.deps.event('Normal', 'Killing', `Stopping container ${this.container.name}`);
      await this.killProcess(graceMs);
    }
  }
}
