import os from 'node:os';
import { type KubeClient, isAlreadyExists, isNotFound } from '@kuack/controller';
import type { KubeObject } from '@kuack/controller';
import { LEASE, NODE } from './pod.types';
import { type Reserved, nodeResources } from './resources';

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export interface NodeIdentity {
  name: string;
  hostIP: string;
  labels?: Record<string, string>;
  taints?: Taint[];
  maxPods: number;
  reserved?: Reserved;
  /** The agent's log endpoint (status.daemonEndpoints.kubeletEndpoint.Port); 0 or unset when it serves none. */
  kubeletPort?: number;
  leaseDurationSeconds?: number;
}

const ARCH: Record<string, string> = {
  x64: 'amd64',
  arm64: 'arm64',
  arm: 'arm',
  ppc64: 'ppc64le',
  s390x: 's390x',
};

export function nodeLabels(identity: NodeIdentity): Record<string, string> {
  return {
    'kubernetes.io/hostname': identity.name,
    'kubernetes.io/os': 'linux',
    'kubernetes.io/arch': ARCH[process.arch] ?? process.arch,
    'beta.kubernetes.io/os': 'linux',
    'beta.kubernetes.io/arch': ARCH[process.arch] ?? process.arch,
    'kuack.dev/local-node': 'true',
    ...identity.labels,
  };
}

/** Node status: capacity, allocatable, the kubelet's conditions (Ready with a heartbeat), addresses, nodeInfo. */
export function makeNodeStatus(
  identity: NodeIdentity,
  ready: boolean,
  now: string,
  previous?: { type: string; status: string; lastTransitionTime?: string }[],
) {
  const condition = (type: string, status: 'True' | 'False', reason: string, message: string) => {
    const before = previous?.find((c) => c.type === type);
    return {
      type,
      status,
      reason,
      message,
      lastHeartbeatTime: now,
      lastTransitionTime:
        before?.status === status && before.lastTransitionTime ? before.lastTransitionTime : now,
    };
  };
  const { capacity, allocatable } = nodeResources(identity.maxPods, identity.reserved);
  return {
    capacity,
    allocatable,
    conditions: [
      condition(
        'MemoryPressure',
        'False',
        'KubeletHasSufficientMemory',
        'kubelet has sufficient memory available',
      ),
      condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
      condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
      ready
        ? condition('Ready', 'True', 'KubeletReady', 'kuack node agent is posting ready status')
        : condition('Ready', 'False', 'KubeletNotReady', 'kuack node agent stopped'),
    ],
    // The API server reaches a kubelet at its first address by type preference, Hostname before InternalIP by
    // default; the node name does not resolve, so a node serving logs publishes its InternalIP only.
    addresses: identity.kubeletPort
      ? [{ type: 'InternalIP', address: identity.hostIP }]
      : [
          { type: 'InternalIP', address: identity.hostIP },
          { type: 'Hostname', address: identity.name },
        ],
    daemonEndpoints: { kubeletEndpoint: { Port: identity.kubeletPort ?? 0 } },
    nodeInfo: {
      machineID: '',
      systemUUID: '',
      bootID: '',
      kernelVersion: os.release(),
      osImage: `${os.type()} ${os.release()}`,
      containerRuntimeVersion: `kuack-process://node-${process.version}`,
      kubeletVersion: 'v1.32.0-kuack',
      kubeProxyVersion: '',
      operatingSystem: 'linux',
      architecture: ARCH[process.arch] ?? process.arch,
    },
  };
}

/** Kubernetes MicroTime (RFC 3339 with microseconds), as Lease.spec.renewTime wants. */
export function microTime(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** Registers the Node, keeps its Ready heartbeat and Lease fresh, and marks it NotReady when the agent stops. */
export class NodeRegistration {
  private node: KubeObject | undefined;

  constructor(
    private readonly client: KubeClient,
    private readonly identity: NodeIdentity,
  ) {}

  get uid(): string | undefined {
    return this.node?.metadata.uid;
  }

  async register(): Promise<void> {
    const metadata = { name: this.identity.name, labels: nodeLabels(this.identity) };
    const spec = { taints: this.identity.taints ?? [] };
    try {
      this.node = await this.client.create({ apiVersion: 'v1', kind: 'Node', metadata, spec });
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      this.node = await this.client.patch(
        NODE,
        this.identity.name,
        undefined,
        { metadata: { labels: metadata.labels }, spec },
        'merge',
      );
    }
    await this.heartbeat(true);
  }

  /** Posts node status (Ready or not) and renews the Lease. */
  async heartbeat(ready = true): Promise<void> {
    const previous = (
      this.node?.status as
        { conditions?: { type: string; status: string; lastTransitionTime?: string }[] } | undefined
    )?.conditions;
    const status = makeNodeStatus(
      this.identity,
      ready,
      new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      previous,
    );
    this.node = await this.client.patch(NODE, this.identity.name, undefined, { status }, 'merge', {
      subresource: 'status',
    });
    await this.renewLease();
  }

  private async renewLease(): Promise<void> {
    const spec = {
      holderIdentity: this.identity.name,
      leaseDurationSeconds: this.identity.leaseDurationSeconds ?? 40,
      renewTime: microTime(new Date()),
    };
    try {
      await this.client.patch(LEASE, this.identity.name, 'kube-node-lease', { spec }, 'merge');
    } catch (err) {
      if (!isNotFound(err)) throw err;
      const ownerReferences = this.node?.metadata.uid
        ? [{ apiVersion: 'v1', kind: 'Node', name: this.identity.name, uid: this.node.metadata.uid }]
        : undefined;
      await this.client.create({
        apiVersion: LEASE.apiVersion,
        kind: LEASE.kind,
        metadata: { name: this.identity.name, namespace: 'kube-node-lease', ownerReferences },
        spec,
      });
    }
  }
}
