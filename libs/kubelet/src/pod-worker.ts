import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { KubeClient, KubeObject } from '@kuack/controller';
import { isNotFound } from '@kuack/controller';
import type { Logger } from 'pino';
import { planLaunch } from './command';
import { ContainerRunner } from './container-runner';
import { EnvError, type EnvSources, buildContainerEnv, referencedSources } from './env';
import { ImageNeverPullError, ImagePullError, type ImageCache } from './image-cache';
import type { PersistentIpPool } from './ip-pool';
import type { PullSecret } from './pull-credentials';
import { type Container, CONFIGMAP, type ContainerStatus, POD, type Pod, SECRET } from './pod.types';
import { buildPodStatus } from './pod-status';
import { type LeftoverProcess, type ProcessRegistry, recordAlive } from './process-registry';
import { type RestartBackoffOptions, restartDelayMs } from './restart-backoff';
import { PodVolumes, VolumeNotSupportedError } from './pod-volumes';
import {
  VolumeError,
  type VolumeSources,
  configMapData,
  secretData,
  volumeSourceNames,
} from './volume-files';

export interface PodWorkerDeps {
  client: KubeClient;
  images: ImageCache;
  ips: PersistentIpPool;
  processes: ProcessRegistry;
  hostIP: string;
  hostNode: string;
  shimPath: string;
  podsLogDir: string;
  /** Pod volumes live in <volumesDir>/<pod uid>/<volume>. */
  volumesDir: string;
  backoff: RestartBackoffOptions;
  /** First wait before retrying a container that could not be prepared (image, env); doubles up to 5 min. */
  retryMs: number;
  logger: Logger;
  event(pod: Pod, type: 'Normal' | 'Warning', reason: string, message: string): void;
}

/** Where the embedded cluster reads container logs (libs/apiserver pod-logs.ts, the kubelet's /var/log/pods). */
export function podLogDir(podsDir: string, pod: Pod): string {
  return path.join(podsDir, `${pod.metadata.namespace}_${pod.metadata.name}_${pod.metadata.uid}`);
}

export function containerLogPath(podsDir: string, pod: Pod, container: string, restart: number): string {
  return path.join(podLogDir(podsDir, pod), container, `${restart}.log`);
}

function decode(data: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!data) return undefined;
  return Object.fromEntries(
    Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]),
  );
}

/** Runs one Pod: address, containers, status, and termination when the Pod is deleted. */
export class PodWorker {
  private pod: Pod;
  private readonly runners: ContainerRunner[] = [];
  private readonly initRunners: ContainerRunner[] = [];
  private podIP: string | undefined;
  private readonly startTime: string;
  private statusTimer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private terminating: Promise<void> | undefined;
  private retryTimers = new Set<NodeJS.Timeout>();
  private readonly attempts = new Map<ContainerRunner, number>();
  private closed = false;
  private volumes: PodVolumes | undefined;
  private volumeAttempts = 0;
  /** Set when the agent stops: the Pod keeps its last status, nothing more is written. */
  private quiet = false;

  /**
   * `adopted`: by container name, the processes a killed previous run of the agent left running for this Pod;
   * they are taken over instead of started again (or killed, if the Pod is being deleted).
   */
  constructor(
    pod: Pod,
    private readonly deps: PodWorkerDeps,
    private readonly adopted = new Map<string, LeftoverProcess>(),
  ) {
    this.pod = pod;
    this.startTime = pod.status?.startTime ?? new Date().toISOString();
  }

  get uid(): string {
    return this.pod.metadata.uid ?? '';
  }

  get ip(): string | undefined {
    return this.podIP;
  }

  /** Whether every container has finished for good (phase Succeeded or Failed): it no longer counts against maxPods. */
  get finishedRunning(): boolean {
    const phase = this.pod.status?.phase;
    return phase === 'Succeeded' || phase === 'Failed';
  }

  pids(): number[] {
    return [...this.initRunners, ...this.runners]
      .map((r) => r.pid)
      .filter((p): p is number => p !== undefined);
  }

  async start(): Promise<void> {
    this.podIP = await this.deps.ips.allocate(this.uid);
    const previous = new Map((this.pod.status?.containerStatuses ?? []).map((s) => [s.name, s]));
    const previousInit = new Map((this.pod.status?.initContainerStatuses ?? []).map((s) => [s.name, s]));
    for (const container of this.pod.spec.initContainers ?? []) {
      const runner = this.newRunner(container, undefined, true);
      const before = previousInit.get(container.name);
      // Completed before an agent restart: not run again, as a kubelet keeps completed init containers.
      if (before?.state.terminated?.exitCode === 0) runner.setCompleted(before);
      this.initRunners.push(runner);
    }
    for (const container of this.pod.spec.containers)
      this.runners.push(this.newRunner(container, previous.get(container.name), false));
    if (this.initRunners.length)
      for (const r of this.runners) r.setWaiting('PodInitializing', 'waiting for the init containers');
    this.scheduleStatus(0);
    await this.setUpVolumesThenStart();
  }

  private newRunner(
    container: Container,
    previous: ContainerStatus | undefined,
    init: boolean,
  ): ContainerRunner {
    return new ContainerRunner(
      this.pod,
      container,
      {
        onChange: () => this.scheduleStatus(),
        event: (type, reason, message) => this.deps.event(this.pod, type, reason, message),
        processStarted: (pgid, info) => this.deps.processes.add(pgid, `${this.uid}/${container.name}`, info),
        processEnded: (pgid) => this.deps.processes.remove(pgid),
        logFile: (restart) => containerLogPath(this.deps.podsLogDir, this.pod, container.name, restart),
        backoff: this.deps.backoff,
        shimPath: this.deps.shimPath,
        hostNode: this.deps.hostNode,
        podIP: this.podIP ?? '',
        killGraceMs: () => (this.pod.spec.terminationGracePeriodSeconds ?? 30) * 1000,
      },
      previous,
      init,
    );
  }

  /**
   * The init containers one after another, each to successful completion (a failing one restarts with backoff,
   * or fails the Pod under restartPolicy Never); true when the app containers may start.
   */
  private async runInitContainers(): Promise<boolean> {
    for (const runner of this.initRunners) {
      if (this.closed) return false;
      if (!runner.status().state.terminated) await this.startContainer(runner);
      if ((await runner.finished) !== 'succeeded') {
        const message = `init container ${runner.container.name} failed`;
        for (const r of this.runners) r.setWaiting('PodInitializing', message);
        this.deps.event(this.pod, 'Warning', 'Failed', message);
        return false;
      }
    }
    return !this.closed;
  }

  /** Volumes first (a missing ConfigMap/Secret is retried with a FailedMount Event, as on a kubelet), then containers. */
  private async setUpVolumesThenStart(): Promise<void> {
    if (this.closed) return;
    const volumes = new PodVolumes(path.join(this.deps.volumesDir, this.uid));
    try {
      await volumes.setUp(this.pod, await this.fetchVolumeSources());
    } catch (err) {
      if (!(err instanceof VolumeError)) throw err;
      this.deps.event(this.pod, 'Warning', 'FailedMount', err.message);
      const delay = restartDelayMs(++this.volumeAttempts, { baseMs: this.deps.retryMs, maxMs: 300_000 });
      const timer = setTimeout(() => {
        this.retryTimers.delete(timer);
        void this.setUpVolumesThenStart();
      }, delay);
      this.retryTimers.add(timer);
      return;
    }
    this.volumes = volumes;
    if (!(await this.runInitContainers())) return;
    await Promise.all(this.runners.map((r) => this.startContainer(r)));
  }

  private async fetchVolumeSources(): Promise<VolumeSources> {
    const names = volumeSourceNames(this.pod);
    const sources: VolumeSources = { configMaps: new Map(), secrets: new Map() };
    for (const name of names.configMaps) {
      const cm = await this.getOptional<{
        data?: Record<string, string>;
        binaryData?: Record<string, string>;
      }>(CONFIGMAP, name);
      sources.configMaps.set(name, cm && configMapData(cm));
    }
    for (const name of names.secrets) {
      const secret = await this.getOptional<{ data?: Record<string, string> }>(SECRET, name);
      sources.secrets.set(name, secret && secretData(secret));
    }
    return sources;
  }

  private async getOptional<T>(gvk: typeof CONFIGMAP | typeof SECRET, name: string): Promise<T | undefined> {
    try {
      return (await this.deps.client.get(gvk, name, this.pod.metadata.namespace)) as T;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  private async startContainer(runner: ContainerRunner): Promise<void> {
    if (this.closed) return;
    const container = runner.container;
    try {
      const image = await this.deps.images.prepare(container.image, {
        policy: container.imagePullPolicy,
        secrets: await this.fetchPullSecrets(),
        onEvent: (reason, message) =>
          this.deps.event(this.pod, reason === 'Failed' ? 'Warning' : 'Normal', reason, message),
      });
      const plan = planLaunch(container, image.config, image.root, this.deps.hostNode);
      if (!plan.runnable) {
        runner.setWaiting(plan.reason, plan.message);
        this.deps.event(this.pod, 'Warning', 'Failed', plan.message);
        return;
      }
      const env = buildContainerEnv({
        pod: this.pod,
        container,
        podIP: this.podIP ?? '',
        hostIP: this.deps.hostIP,
        imageEnv: image.config?.Env,
        sources: await this.fetchSources(container),
      });
      const mounts = this.volumes?.mountsFor(this.pod, container) ?? [];
      if (mounts.length) env.KUACK_VOLUME_MOUNTS = JSON.stringify(mounts);
      if (this.closed) return;
      const leftover = this.adopted.get(container.name);
      if (leftover) {
        this.adopted.delete(container.name);
        const previous = this.pod.status?.containerStatuses?.find((c) => c.name === container.name);
        runner.adopt({ plan, env, imageID: image.digest }, leftover, previous);
        this.deps.logger.info(
          { pod: this.pod.metadata.name, pgid: leftover.pgid },
          'adopted a running container',
        );
      } else runner.run({ plan, env, imageID: image.digest });
    } catch (err) {
      const message = (err as Error).message;
      if (err instanceof VolumeNotSupportedError) {
        runner.setWaiting('VolumeNotSupportedLocally', message);
        this.deps.event(this.pod, 'Warning', 'Failed', message);
      } else if (err instanceof VolumeError) {
        runner.setWaiting('CreateContainerConfigError', message);
        this.deps.event(this.pod, 'Warning', 'Failed', `Error: ${message}`);
        this.retry(runner);
      } else if (err instanceof ImageNeverPullError) {
        runner.setWaiting('ErrImageNeverPull', message);
        this.deps.event(this.pod, 'Warning', 'ErrImageNeverPull', message);
        this.retry(runner);
      } else if (err instanceof ImagePullError) {
        runner.setWaiting('ErrImagePull', message);
        this.deps.event(this.pod, 'Warning', 'Failed', message);
        this.retry(runner, 'ImagePullBackOff', `Back-off pulling image "${container.image}"`);
      } else if (err instanceof EnvError) {
        runner.setWaiting('CreateContainerConfigError', message);
        this.deps.event(this.pod, 'Warning', 'Failed', `Error: ${message}`);
        this.retry(runner);
      } else {
        runner.setWaiting('RunContainerError', message);
        this.deps.event(this.pod, 'Warning', 'Failed', `Error: ${message}`);
        this.retry(runner);
      }
    }
  }

  /**
   * Tries again after a doubling delay (retryMs … 5 min). An image failure shows ErrImagePull at once and
   * ImagePullBackOff while waiting, as the kubelet does.
   */
  private retry(runner: ContainerRunner, backOffReason?: string, backOffMessage?: string): void {
    if (this.closed) return;
    const attempt = (this.attempts.get(runner) ?? 0) + 1;
    this.attempts.set(runner, attempt);
    const delay = restartDelayMs(attempt, { baseMs: this.deps.retryMs, maxMs: 300_000 });
    if (backOffReason) {
      const mark = setTimeout(
        () => {
          this.retryTimers.delete(mark);
          runner.setWaiting(backOffReason, backOffMessage ?? '');
        },
        Math.min(1000, delay / 2),
      );
      this.retryTimers.add(mark);
    }
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      void this.startContainer(runner);
    }, delay);
    this.retryTimers.add(timer);
  }

  /** The Pod's imagePullSecrets; a missing one is skipped with a Warning, as the kubelet does. */
  private async fetchPullSecrets(): Promise<PullSecret[]> {
    const secrets: PullSecret[] = [];
    const missing: string[] = [];
    for (const { name } of this.pod.spec.imagePullSecrets ?? []) {
      try {
        secrets.push(
          await this.deps.client.get<PullSecret & KubeObject>(SECRET, name, this.pod.metadata.namespace),
        );
      } catch (err) {
        if (!isNotFound(err)) throw err;
        missing.push(name);
      }
    }
    if (missing.length)
      this.deps.event(
        this.pod,
        'Warning',
        'FailedToRetrieveImagePullSecret',
        `Unable to retrieve some image pull secrets (${missing.join(', ')}); attempting to pull the image may not succeed.`,
      );
    return secrets;
  }

  private async fetchSources(container: Container): Promise<EnvSources> {
    const refs = referencedSources(container);
    const ns = this.pod.metadata.namespace;
    const sources: EnvSources = { configMaps: new Map(), secrets: new Map() };
    const get = async (gvk: typeof CONFIGMAP | typeof SECRET, name: string) => {
      try {
        return ((await this.deps.client.get(gvk, name, ns)) as { data?: Record<string, string> }).data ?? {};
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    };
    for (const name of refs.configMaps) sources.configMaps.set(name, await get(CONFIGMAP, name));
    for (const name of refs.secrets) sources.secrets.set(name, decode(await get(SECRET, name)));
    return sources;
  }

  /** The newest Pod object from the watch; a deletionTimestamp starts termination. */
  update(pod: Pod): void {
    this.pod = pod;
    if (pod.metadata.deletionTimestamp && !this.terminating) {
      const graceSeconds =
        pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
      void this.terminate(graceSeconds * 1000, true);
    }
  }

  /**
   * Stops every container (SIGTERM, SIGKILL after `graceMs`), then — for a Pod being deleted — deletes it
   * with grace 0, so the Pod object goes away only after its processes did. Releases the address.
   */
  terminate(graceMs: number, deleteFromApi: boolean): Promise<void> {
    if (!this.terminating) {
      this.terminating = (async () => {
        this.closed = true;
        if (!deleteFromApi) this.quiet = true;
        for (const t of this.retryTimers) clearTimeout(t);
        this.retryTimers.clear();
        await Promise.all([
          ...[...this.initRunners, ...this.runners].map((r) => r.stop(graceMs)),
          ...[...this.adopted.values()].map((l) => this.stopLeftover(l, graceMs)),
        ]);
        this.adopted.clear();
        if (deleteFromApi) {
          await this.flushStatus();
          await this.removeLogs();
          try {
            await this.deps.client.delete(POD, this.pod.metadata.name!, this.pod.metadata.namespace, {
              gracePeriodSeconds: 0,
              preconditions: { uid: this.uid },
            });
          } catch (err) {
            if (!isNotFound(err))
              this.deps.logger.warn(
                { err: (err as Error).message, pod: this.pod.metadata.name },
                'final Pod delete failed',
              );
          }
          await this.deps.ips.release(this.uid);
          await this.removeVolumes();
        }
        if (this.statusTimer) clearTimeout(this.statusTimer);
        this.statusTimer = undefined;
      })();
    }
    return this.terminating;
  }

  /** A process of a previous run that was never taken over: SIGTERM to its group, SIGKILL after the grace. */
  private async stopLeftover(leftover: LeftoverProcess, graceMs: number): Promise<void> {
    try {
      process.kill(-leftover.pgid, 'SIGTERM');
    } catch {
      // gone
    }
    const deadline = Date.now() + graceMs;
    while (recordAlive(leftover.pgid, leftover) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    this.deps.processes.kill(leftover.pgid);
    while (recordAlive(leftover.pgid, leftover)) await new Promise((r) => setTimeout(r, 50));
  }

  /** The Pod is gone from the API (force-deleted): stop and free the address without writing anything. */
  async forget(graceMs: number): Promise<void> {
    this.closed = true;
    await this.terminate(graceMs, false);
    await this.deps.ips.release(this.uid);
    await this.removeLogs();
    await this.removeVolumes();
  }

  private async removeVolumes(): Promise<void> {
    await fs.rm(path.join(this.deps.volumesDir, this.uid), { recursive: true, force: true });
  }

  /** A deleted Pod's logs can no longer be asked for (the kubelet removes them too). */
  private async removeLogs(): Promise<void> {
    await fs.rm(podLogDir(this.deps.podsLogDir, this.pod), { recursive: true, force: true });
  }

  private scheduleStatus(delayMs = 20): void {
    if (this.statusTimer || this.quiet) return;
    this.statusTimer = setTimeout(() => {
      this.statusTimer = undefined;
      void this.writeStatus();
    }, delayMs);
  }

  private async flushStatus(): Promise<void> {
    if (this.statusTimer) {
      clearTimeout(this.statusTimer);
      this.statusTimer = undefined;
    }
    await this.writeStatus();
  }

  private writeStatus(): Promise<void> {
    this.writing = this.writing.then(async () => {
      const status = buildPodStatus({
        pod: this.pod,
        podIP: this.podIP,
        hostIP: this.deps.hostIP,
        startTime: this.startTime,
        containers: this.runners.map((r) => r.status()),
        initContainers: this.initRunners.map((r) => r.status()),
        now: new Date().toISOString(),
      });
      try {
        const updated = await this.deps.client.patch<Pod>(
          POD,
          this.pod.metadata.name!,
          this.pod.metadata.namespace,
          { status },
          'merge',
          {
            subresource: 'status',
          },
        );
        if (updated.metadata.uid === this.uid) this.pod = { ...this.pod, status: updated.status };
      } catch (err) {
        if (!isNotFound(err)) {
          this.deps.logger.warn(
            { err: (err as Error).message, pod: this.pod.metadata.name },
            'Pod status write failed; retrying',
          );
          this.scheduleStatus(1000);
        }
      }
    });
    return this.writing;
  }
}
