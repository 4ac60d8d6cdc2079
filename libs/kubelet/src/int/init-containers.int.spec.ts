import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { type RunningCluster, startEmbeddedCluster } from '@kuack/apiserver';
import { type KubeClient, connect } from '@kuack/controller';
import { ImageStore } from '@kuack/oci';
import { eventually, podSubnet } from '@kuack/testenv';
import { NodeAgent, type NodeAgentOptions } from '../node-agent';
import { type Container, POD, type Pod } from '../pod.types';
import { processAlive } from '../testing/process-alive';
import { writeSampleNodeImages } from '../testing/sample-node-image';

jest.setTimeout(120_000);

// Init containers run one after another to completion before the app containers, sharing the Pod's volumes.
const namespace = 'init';
const nodeName = 'kuack-local';
let cluster: RunningCluster;
let client: KubeClient;
let agent: NodeAgent;
let options: NodeAgentOptions;
let image: string;
const seenPids = new Set<number>();

function read(ip: string, file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: ip, port: 8080, path: `/read?path=${encodeURIComponent(file)}`, agent: false }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}

const POD_NAME = { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } };
const initStep = (name: string, env: Container['env'] = []): Container => ({
  name,
  image,
  command: ['node', '/app/init.js'],
  env: [POD_NAME, { name: 'INIT_FILE', value: `/work/${name}` }, ...env],
  volumeMounts: [{ name: 'work', mountPath: '/work' }],
});

async function createPod(name: string, initContainers: Container[], restartPolicy?: 'Never'): Promise<void> {
  await client.create<Pod>({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace },
    spec: {
      nodeName,
      terminationGracePeriodSeconds: 2,
      ...(restartPolicy ? { restartPolicy } : {}),
      volumes: [{ name: 'work', emptyDir: {} }],
      initContainers,
      containers: [
        {
          name: 'app',
          image,
          volumeMounts: [{ name: 'work', mountPath: '/work' }],
          readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 1 },
        },
      ],
    },
  });
}

const getPod = async (name: string) => {
  const p = await client.get<Pod>(POD, name, namespace);
  for (const pid of agent.podPids(p.metadata.uid!)) seenPids.add(pid);
  return p;
};
const condition = (p: Pod, type: string) => p.status?.conditions?.find((c) => c.type === type);

beforeAll(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubelet-init-'));
  cluster = await startEmbeddedCluster({ dataDir: path.join(dir, 'cluster'), port: 0 });
  client = connect({ kubeconfigPath: cluster.kubeconfigPath });
  const store = await ImageStore.open(path.join(dir, 'images'));
  image = (await writeSampleNodeImages(store, 'kuack.local/init')).web;
  options = {
    client,
    dataDir: path.join(dir, 'agent'),
    nodeName,
    podCidr: podSubnet({ base: '127.1.0.0/16' }),
    imageStore: store,
    restartBackoff: { baseMs: 300, maxMs: 2000 },
    heartbeatMs: 2000,
    platformStopGraceMs: 2000,
  };
  agent = new NodeAgent(options);
  await agent.start();
  await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
});

afterAll(async () => {
  await agent?.stop();
  await cluster?.close();
  expect([...seenPids].filter(processAlive)).toEqual([]);
});

describe('init containers', () => {
  it('run in order to completion before the app container, which sees what they wrote', async () => {
    await createPod('ordered', [initStep('first'), initStep('second')]);
    const pod = await eventually(
      async () => {
        const p = await getPod('ordered');
        expect(condition(p, 'Ready')?.status).toBe('True');
        return p;
      },
      { timeoutMs: 60_000 },
    );
    expect(condition(pod, 'Initialized')?.status).toBe('True');
    expect(
      pod.status!.initContainerStatuses!.map((s) => [s.name, s.ready, s.state.terminated?.reason]),
    ).toEqual([
      ['first', true, 'Completed'],
      ['second', true, 'Completed'],
    ]);
    const [first, second] = pod.status!.initContainerStatuses!.map((s) => s.state.terminated!);
    expect(Date.parse(second.startedAt!)).toBeGreaterThanOrEqual(Date.parse(first.finishedAt));
    expect(Date.parse(pod.status!.containerStatuses![0].state.running!.startedAt)).toBeGreaterThanOrEqual(
      Date.parse(second.finishedAt),
    );
    const ip = pod.status!.podIP!;
    expect([await read(ip, '/work/first'), await read(ip, '/work/second')]).toEqual([
      'initialized ordered',
      'initialized ordered',
    ]);
  });

  it('a failing one restarts with backoff while the Pod stays Pending and the app waits PodInitializing', async () => {
    await createPod('retrying', [initStep('flaky', [{ name: 'INIT_FAIL', value: '1' }])]);
    const pod = await eventually(
      async () => {
        const p = await getPod('retrying');
        const s = p.status?.initContainerStatuses?.[0];
        expect(s?.restartCount).toBeGreaterThanOrEqual(2);
        expect(s?.state.waiting?.reason).toBe('CrashLoopBackOff');
        return p;
      },
      { timeoutMs: 60_000 },
    );
    expect(pod.status!.phase).toBe('Pending');
    expect(condition(pod, 'Initialized')).toMatchObject({
      status: 'False',
      reason: 'ContainersNotInitialized',
      message: 'containers with incomplete status: [flaky]',
    });
    expect(pod.status!.initContainerStatuses![0].lastState.terminated).toMatchObject({ exitCode: 1 });
    expect(pod.status!.containerStatuses![0].state.waiting?.reason).toBe('PodInitializing');
  });

  it('under restartPolicy Never a failing one fails the Pod; the app container never starts', async () => {
    await createPod('failing', [initStep('broken', [{ name: 'INIT_FAIL', value: '1' }])], 'Never');
    const pod = await eventually(
      async () => {
        const p = await getPod('failing');
        expect(p.status?.phase).toBe('Failed');
        return p;
      },
      { timeoutMs: 30_000 },
    );
    expect(pod.status!.initContainerStatuses![0]).toMatchObject({
      restartCount: 0,
      ready: false,
      state: { terminated: { exitCode: 1, reason: 'Error' } },
    });
    expect(pod.status!.containerStatuses![0].state.running).toBeUndefined();
    expect(agent.podPids(pod.metadata.uid!)).toEqual([]);
  });

  it('after an agent restart, completed init containers are not run again', async () => {
    const before = await getPod('ordered');
    await agent.stop();
    agent = new NodeAgent(options);
    await agent.start();
    const after = await eventually(
      async () => {
        const p = await getPod('ordered');
        expect(p.status?.containerStatuses?.[0].restartCount).toBe(1);
        expect(condition(p, 'Ready')?.status).toBe('True');
        return p;
      },
      { timeoutMs: 60_000 },
    );
    expect(after.status!.initContainerStatuses).toEqual(before.status!.initContainerStatuses);
  });
});
