import { type KubeClient, isConflict, isNotFound } from '@kuack/controller';
import { NODE, POD, type Node, type Pod } from '../types';

/** Label that keeps a pod not-ready under the simulated kubelet. */
export const STAY_NOT_READY = 'kuack.test/stay-not-ready';

/**
 * TEST ONLY: stands in for the node agent that does not exist yet. It registers a Node (Ready, with a taint
 * of its own so nothing else lands on it, and a label the test pods select), renews its Lease so the real
 * node lifecycle controller keeps it Ready, marks the pods bound to it Running and Ready with an IP by
 * writing their status (what a kubelet reports), and finishes pods that are terminating on it.
 */
export class FakeKubelet {
  private timer: NodeJS.Timeout | undefined;
  private ip = 10;
  private busy = false;
  readonly taint: { key: string; value: string; effect: 'NoSchedule' };
  readonly label: { key: string; value: string };

  constructor(
    private readonly client: KubeClient,
    readonly nodeName: string,
    private readonly namespace: string,
  ) {
    this.taint = { key: 'kuack.test/workloads', value: nodeName, effect: 'NoSchedule' };
    this.label = { key: 'kuack.test/workloads-node', value: nodeName };
  }

  async register(): Promise<void> {
    const node: Node = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: this.nodeName,
        labels: { [this.label.key]: this.label.value, 'kubernetes.io/hostname': this.nodeName },
      },
      spec: { taints: [this.taint] },
    };
    await this.client.create(node);
    // The node lifecycle controller writes the new Node too: retry the status on conflict with a fresh read.
    for (let attempt = 0; ; attempt++) {
      const current = await this.client.get<Node>(NODE, this.nodeName);
      try {
        await this.client.updateStatus({
          ...current,
          apiVersion: 'v1',
          kind: 'Node',
          status: { ...current.status, ...this.nodeStatus() },
        });
        break;
      } catch (err) {
        if (!isConflict(err) || attempt >= 10) throw err;
      }
    }
    await this.heartbeat();
    this.timer = setInterval(() => void this.tick(), 150);
  }

  private nodeStatus(): Node['status'] {
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    return {
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'KubeletReady',
          message: 'simulated kubelet',
          lastHeartbeatTime: now,
          lastTransitionTime: now,
        } as never,
      ],
      allocatable: { pods: '20', cpu: '4', memory: '8Gi' },
      capacity: { pods: '20', cpu: '4', memory: '8Gi' },
    } as Node['status'];
  }

  private lastBeat = 0;
  private async heartbeat(): Promise<void> {
    this.lastBeat = Date.now();
    const lease = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: this.nodeName, namespace: 'kube-node-lease' },
    };
    const spec = {
      holderIdentity: this.nodeName,
      leaseDurationSeconds: 40,
      renewTime: new Date().toISOString().replace('Z', '000Z'),
    };
    try {
      const cur = await this.client.get(lease, this.nodeName, 'kube-node-lease');
      await this.client.update({ ...cur, ...lease, spec });
    } catch (err) {
      if (isNotFound(err)) await this.client.create({ ...lease, spec }).catch(() => undefined);
    }
    try {
      const cur = await this.client.get<Node>(NODE, this.nodeName);
      await this.client.updateStatus({
        ...cur,
        apiVersion: 'v1',
        kind: 'Node',
        status: { ...cur.status, ...this.nodeStatus() },
      });
    } catch {
      // next beat
    }
  }

  private async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      if (Date.now() - this.lastBeat > 5000) await this.heartbeat();
      const pods = (await this.client.list<Pod>(POD, { namespace: this.namespace })).items;
      for (const pod of pods) {
        if (pod.spec?.nodeName !== this.nodeName) continue;
        if (pod.metadata.deletionTimestamp) {
          await this.client
            .delete(POD, pod.metadata.name!, this.namespace, { gracePeriodSeconds: 0 })
            .catch(() => undefined);
          continue;
        }
        const ready = pod.status?.conditions?.some((c) => c.type === 'Ready');
        if (ready || pod.metadata.labels?.[STAY_NOT_READY] === 'true') {
          if (!pod.status?.podIP && pod.metadata.labels?.[STAY_NOT_READY] === 'true')
            await this.writeStatus(pod, false);
          continue;
        }
        await this.writeStatus(pod, true);
      }
    } catch {
      // the namespace may be going away
    } finally {
      this.busy = false;
    }
  }

  private async writeStatus(pod: Pod, ready: boolean): Promise<void> {
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const cond = (type: string, ok: boolean) => ({
      type,
      status: ok ? 'True' : 'False',
      lastProbeTime: null,
      lastTransitionTime: now,
    });
    const ip = `10.244.0.${this.ip++}`;
    const status = {
      ...pod.status,
      phase: 'Running',
      hostIP: '10.0.0.1',
      podIP: ip,
      podIPs: [{ ip }],
      startTime: now,
      conditions: [
        cond('PodScheduled', true),
        cond('Initialized', true),
        cond('ContainersReady', ready),
        cond('Ready', ready),
      ],
    };
    try {
      await this.client.updateStatus({ ...pod, apiVersion: 'v1', kind: 'Pod', status });
    } catch (err) {
      if (!isConflict(err) && !isNotFound(err)) throw err;
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    while (this.busy) await new Promise((r) => setTimeout(r, 20));
    await this.client.delete(NODE, this.nodeName).catch(() => undefined);
    await this.client
      .delete({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease' }, this.nodeName, 'kube-node-lease')
      .catch(() => undefined);
  }
}
