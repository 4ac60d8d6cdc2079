import path from 'node:path';
import { Informer, type KubeClient, KubeEventRecorder } from '@kuack/controller';
import { ImageStore } from '@kuack/oci';
import type { Logger } from 'pino';
import pino from 'pino';
import { ImageCache } from './image-cache';
import { PersistentIpPool } from './ip-pool';
import { type LogServer, startLogServer } from './log-server';
import { assertPodCidrBindable } from './pod-network';
import { writeListenShim } from './listen-shim';
import { NodeRegistration, type Taint } from './node-registration';
import { POD, type Pod } from './pod.types';
import { PodWorker } from './pod-worker';
import { removeStaleVolumes } from './pod-volumes';
import { type LeftoverProcess, ProcessRegistry } from './process-registry';
import type { Reserved } from './resources';
import { DEFAULT_RESTART_BACKOFF, type RestartBackoffOptions } from './restart-backoff';

export interface NodeAgentOptions {
  client: KubeClient;
  /** The agent's own state: pod addresses, unpacked images, the listen shim, its process list. */
  dataDir: string;
  nodeName?: string;
  /** Where container logs go (the embedded cluster reads <its data dir>/pods); default <dataDir>/pods. */
  podsLogDir?: string;
  podCidr?: string;
  hostIP?: string;
  labels?: Record<string, string>;
  taints?: Taint[];
  /** Pods this node runs at once; one more is rejected (phase Failed, reason OutOfpods). Default 110. */
  maxPods?: number;
  /**
   * Serve container logs on this port of hostIP over HTTPS (0 = any free port), so `kubectl logs` works through
   * a real kube-apiserver; off when unset (the embedded cluster reads the log files itself).
   */
  logServerPort?: number;
  /** Held back from Pods: allocatable = capacity - reserved. */
  reserved?: Reserved;
  /** The local image store; default ImageStore.open() (KUACK_IMAGE_STORE or ~/.kuack/images). */
  imageStore?: ImageStore;
  restartBackoff?: RestartBackoffOptions;
  /** Retry of a container that could not be prepared (image missing, env reference missing); default 10 s. */
  prepareRetryMs?: number;
  heartbeatMs?: number;
  /** The most any Pod gets to stop when the agent itself stops (default 3 s). */
  platformStopGraceMs?: number;
  logger?: Logger;
}

export const DEFAULT_NODE_NAME = 'kuack-local';
export const DEFAULT_POD_CIDR = '127.1.0.0/16';

/** Kuack's kubelet for one machine: registers a Node and runs the Pods bound to it as local processes. */
export class NodeAgent {
  readonly nodeName: string;
  private readonly logger: Logger;
  private readonly workers = new Map<string, PodWorker>();
  private readonly finished = new Set<string>();
  private readonly forgetting = new Set<Promise<void>>();
  /** Pods refused at admission (OutOfpods): never run; a deletion of one is still finished here. */
  private readonly rejected = new Set<string>();
  private informer: Informer<Pod> | undefined;
  private registration: NodeRegistration | undefined;
  private recorder: KubeEventRecorder | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private deps: ConstructorParameters<typeof PodWorker>[1] | undefined;
  private stopped = false;
  private leftovers = new Map<string, LeftoverProcess>();
  private logServer: LogServer | undefined;

  constructor(private readonly options: NodeAgentOptions) {
    this.nodeName = options.nodeName ?? DEFAULT_NODE_NAME;
    this.logger = options.logger ?? pino({ level: 'silent' });
  }

  async start(): Promise<void> {
    const o = this.options;
    const processes = new ProcessRegistry(path.join(o.dataDir, 'processes.json'));
    // Processes of a killed previous run: taken over by their Pods' workers, the rest killed once synced.
    this.leftovers = new Map(processes.leftovers().map((l) => [l.owner, l]));
    const store = o.imageStore ?? (await ImageStore.open());
    const hostIP = o.hostIP ?? '127.0.0.1';
    await assertPodCidrBindable(o.podCidr ?? DEFAULT_POD_CIDR);
    this.recorder = new KubeEventRecorder(o.client, 'kubelet', this.logger);
    this.deps = {
      client: o.client,
      images: new ImageCache(store, path.join(o.dataDir, 'rootfs')),
      ips: await PersistentIpPool.open(path.join(o.dataDir, 'pod-ips.json'), o.podCidr ?? DEFAULT_POD_CIDR),
      processes,
      hostIP,
      hostNode: process.execPath,
      shimPath: await writeListenShim(o.dataDir),
      podsLogDir: o.podsLogDir ?? path.join(o.dataDir, 'pods'),
      volumesDir: path.join(o.dataDir, 'volumes'),
      backoff: o.restartBackoff ?? DEFAULT_RESTART_BACKOFF,
      retryMs: o.prepareRetryMs ?? 10_000,
      logger: this.logger,
      event: (pod, type, reason, message) =>
        this.recorder?.event({ ...pod, apiVersion: 'v1', kind: 'Pod' }, type, reason, message),
    };
    if (o.logServerPort !== undefined) {
      this.logServer = await startLogServer({
        host: hostIP,
        port: o.logServerPort,
        podsLogDir: this.deps.podsLogDir,
        findPod: (namespace, name) =>
          this.informer?.list().find((p) => p.metadata.namespace === namespace && p.metadata.name === name),
      });
    }
    this.registration = new NodeRegistration(o.client, {
      kubeletPort: this.logServer?.port,
      name: this.nodeName,
      hostIP,
      labels: o.labels,
      taints: o.taints,
      maxPods: o.maxPods ?? 110,
      reserved: o.reserved,
    });
    await this.registration.register();
    this.heartbeatTimer = setInterval(() => {
      this.registration
        ?.heartbeat(true)
        .catch((err: Error) => this.logger.warn({ err: err.message }, 'node heartbeat failed'));
    }, o.heartbeatMs ?? 10_000);

    this.informer = new Informer<Pod>(o.client, {
      gvk: POD,
      fieldSelector: `spec.nodeName=${this.nodeName}`,
      logger: this.logger,
    });
    this.informer.addHandler({
      onAdd: (pod) => this.sync(pod),
      onUpdate: (_old, pod) => this.sync(pod),
      onDelete: (pod) => this.gone(pod),
    });
    this.informer.start();
    await this.informer.synced;
    for (const leftover of this.leftovers.values()) processes.kill(leftover.pgid);
    if (this.leftovers.size)
      this.logger.warn(
        { killed: this.leftovers.size },
        'killed processes a previous run left for Pods that are gone',
      );
    this.leftovers.clear();
    const known = new Set(this.informer.list().map((p) => p.metadata.uid ?? ''));
    const released = await this.deps.ips.releaseAllBut(known);
    await removeStaleVolumes(this.deps.volumesDir, known);
    if (released.length)
      this.logger.info(
        { released: released.length },
        'released addresses of Pods deleted while the agent was down',
      );
    this.logger.info({ node: this.nodeName }, 'node agent ready');
  }

  /** The processes of a running Pod (by UID), for tests and diagnostics. */
  podPids(uid: string): number[] {
    return this.workers.get(uid)?.pids() ?? [];
  }

  private sync(pod: Pod): void {
    const uid = pod.metadata.uid;
    if (!uid || this.stopped || this.finished.has(uid)) return;
    let worker = this.workers.get(uid);
    if (!worker) {
      if (pod.metadata.deletionTimestamp) {
        // Not running here (or left by a previous run): stop what that run left, then finish the deletion.
        worker = new PodWorker(pod, this.deps!, this.claimLeftovers(pod));
        this.workers.set(uid, worker);
        worker.update(pod);
        return;
      }
      if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return;
      if (this.rejected.has(uid)) return;
      if (this.activePods() >= this.maxPods) {
        this.rejected.add(uid);
        void this.reject(pod, 'OutOfpods', this.outOfPodsMessage());
        return;
      }
      worker = new PodWorker(pod, this.deps!, this.claimLeftovers(pod));
      this.workers.set(uid, worker);
      worker
        .start()
        .catch((err: Error) =>
          this.logger.error({ err: err.message, pod: pod.metadata.name }, 'starting a Pod failed'),
        );
    }
    worker.update(pod);
  }

  /** The processes a killed previous run left for this Pod's containers, by container name. */
  private claimLeftovers(pod: Pod): Map<string, LeftoverProcess> {
    const claimed = new Map<string, LeftoverProcess>();
    for (const c of pod.spec.containers) {
      const owner = `${pod.metadata.uid}/${c.name}`;
      const leftover = this.leftovers.get(owner);
      if (!leftover) continue;
      this.leftovers.delete(owner);
      claimed.set(c.name, leftover);
    }
    return claimed;
  }

  private get maxPods(): number {
    return this.options.maxPods ?? 110;
  }

  /** Pods that count against maxPods: every Pod the agent runs that has not finished (as the kubelet counts). */
  private activePods(): number {
    return [...this.workers.values()].filter((w) => !w.finishedRunning).length;
  }

  private outOfPodsMessage(): string {
    const used = this.activePods();
    return `Pod was rejected: Node didn't have enough resource: pods, requested: 1, used: ${used}, capacity: ${this.maxPods}`;
  }

  /** The kubelet's admission failure: the Pod never runs here; phase Failed with the reason, and an Event. */
  private async reject(pod: Pod, reason: string, message: string): Promise<void> {
    this.logger.warn({ pod: pod.metadata.name, reason }, 'Pod rejected');
    this.deps?.event(pod, 'Warning', reason, message);
    try {
      await this.options.client.patch(
        POD,
        pod.metadata.name!,
        pod.metadata.namespace,
        { status: { phase: 'Failed', reason, message } },
        'merge',
        { subresource: 'status' },
      );
    } catch (err) {
      this.logger.warn(
        { err: (err as Error).message, pod: pod.metadata.name },
        'writing the rejection failed',
      );
    }
  }

  private gone(pod: Pod): void {
    const uid = pod.metadata.uid;
    if (!uid) return;
    this.rejected.delete(uid);
    const worker = this.workers.get(uid);
    if (!worker) return;
    this.finished.add(uid);
    this.workers.delete(uid);
    const grace = Math.min(
      (pod.spec.terminationGracePeriodSeconds ?? 30) * 1000,
      this.options.platformStopGraceMs ?? 3000,
    );
    // stop() waits for these too: a Pod deleted just before the agent stops must not leave its processes.
    const forgetting: Promise<void> = worker.forget(grace).finally(() => this.forgetting.delete(forgetting));
    this.forgetting.add(forgetting);
  }

  /** Stops every Pod (grace capped), marks the Node NotReady, and stops watching. Leaves no process behind. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    // The Pods go first: the informer's stop waits for its watch to end, which must not hold them up.
    const informerStopped = this.informer?.stop().catch(() => undefined);
    const cap = this.options.platformStopGraceMs ?? 3000;
    this.logger.info({ pods: this.workers.size, graceMs: cap }, 'stopping: terminating Pods');
    await Promise.all([
      ...[...this.workers.values()].map((w) => w.terminate(cap, false)),
      ...this.forgetting,
    ]);
    this.logger.info('Pods terminated');
    await Promise.race([informerStopped, new Promise((r) => setTimeout(r, 1_000).unref())]);
    try {
      await this.registration?.heartbeat(false);
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'marking the node NotReady failed');
    }
    await this.recorder?.flush();
    await this.logServer?.close();
  }

  /** The port of the log endpoint (logServerPort), once started. */
  get logPort(): number | undefined {
    return this.logServer?.port;
  }
}
