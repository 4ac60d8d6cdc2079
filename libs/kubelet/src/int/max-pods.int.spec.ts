import os from 'node:os';
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import { type RunningCluster, startEmbeddedCluster } from '@kuack/apiserver';
import { type KubeClient, type KubeObject, connect, isNotFound } from '@kuack/controller';
import { ImageStore } from '@kuack/oci';
import { eventually, podSubnet } from '@kuack/testenv';
import { NodeAgent } from '../node-agent';
import { NODE, POD, type Pod } from '../pod.types';
import { processAlive } from '../testing/process-alive';
import { writeSampleNodeImages } from '../testing/sample-node-image';

jest.setTimeout(120_000);

// An agent with room for 2 Pods and some CPU and memory held back.
const namespace = 'max-pods';
const nodeName = 'kuack-local';
let cluster: RunningCluster;
let client: KubeClient;
let agent: NodeAgent;
let image: string;
const seenPids: number[] = [];

async function createPod(name: string): Promise<void> {
  await client.create<Pod>({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace },
    spec: { nodeName, terminationGracePeriodSeconds: 2, containers: [{ name: 'app', image }] },
  });
}

const running = (name: string) =>
  eventually(
    async () => {
      const p = await client.get<Pod>(POD, name, namespace);
      expect(p.status?.phase).toBe('Running');
      seenPids.push(...agent.podPids(p.metadata.uid!));
      return p;
    },
    { timeoutMs: 60_000 },
  );

beforeAll(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubelet-max-pods-'));
  cluster = await startEmbeddedCluster({ dataDir: path.join(dir, 'cluster'), port: 0 });
  client = connect({ kubeconfigPath: cluster.kubeconfigPath });
  const store = await ImageStore.open(path.join(dir, 'images'));
  image = (await writeSampleNodeImages(store, 'kuack.local/max-pods')).web;
  agent = new NodeAgent({
    client,
    dataDir: path.join(dir, 'agent'),
    nodeName,
    podCidr: podSubnet({ base: '127.1.0.0/16' }),
    imageStore: store,
    maxPods: 2,
    reserved: { cpu: '500m', memory: '256Mi' },
    heartbeatMs: 2000,
    platformStopGraceMs: 2000,
  });
  await agent.start();
  await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
});

afterAll(async () => {
  await agent?.stop();
  await cluster?.close();
  expect(seenPids.length).toBeGreaterThan(0);
  expect(seenPids.filter(processAlive)).toEqual([]);
});

describe('node agent resources', () => {
  it('reports allocatable as capacity minus reserved, and pods = maxPods', async () => {
    const node = await client.get<
      KubeObject & { status: { capacity: Record<string, string>; allocatable: Record<string, string> } }
    >(NODE, nodeName);
    const cpus = os.cpus().length;
    expect(node.status.capacity).toMatchObject({ cpu: String(cpus), pods: '2' });
    expect(node.status.allocatable).toMatchObject({
      cpu: `${cpus * 1000 - 500}m`,
      pods: '2',
      memory: `${Math.floor(os.totalmem() / 1024) - 256 * 1024}Ki`,
    });
  });

  it('rejects a Pod beyond maxPods with phase Failed, reason OutOfpods and an Event; room again after a delete', async () => {
    await createPod('one');
    await createPod('two');
    await running('one');
    await running('two');
    await createPod('three');
    const rejected = await eventually(async () => {
      const p = await client.get<Pod>(POD, 'three', namespace);
      expect(p.status?.phase).toBe('Failed');
      return p;
    });
    expect(rejected.status).toMatchObject({
      reason: 'OutOfpods',
      message: "Pod was rejected: Node didn't have enough resource: pods, requested: 1, used: 2, capacity: 2",
    });
    expect(agent.podPids(rejected.metadata.uid!)).toEqual([]);
    const event = await eventually(async () => {
      const events = await client.list<
        KubeObject & { reason: string; type: string; involvedObject: { name: string } }
      >({ apiVersion: 'v1', kind: 'Event' }, { namespace });
      const e = events.items.find((x) => x.involvedObject.name === 'three' && x.reason === 'OutOfpods');
      expect(e).toBeDefined();
      return e!;
    });
    expect(event.type).toBe('Warning');

    await client.delete(POD, 'one', namespace);
    await eventually(async () => {
      try {
        await client.get(POD, 'one', namespace);
        throw new Error('Pod one still there');
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    });
    await createPod('four');
    await running('four');
    // The rejected Pod stays Failed (the agent never runs it), and its deletion completes.
    expect((await client.get<Pod>(POD, 'three', namespace)).status?.phase).toBe('Failed');
    await client.delete(POD, 'three', namespace);
    await eventually(async () => {
      try {
        await client.get(POD, 'three', namespace);
        throw new Error('Pod three still there');
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    });
  });
});
