import { statSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { type RunningCluster, startEmbeddedCluster } from '@kuack/apiserver';
import { type KubeClient, type KubeObject, connect } from '@kuack/controller';
import { ImageStore } from '@kuack/oci';
import { eventually, podSubnet } from '@kuack/testenv';
import { NodeAgent } from '../node-agent';
import { POD, type Pod, type Volume, type VolumeMount } from '../pod.types';
import { processAlive } from '../testing/process-alive';
import { writeSampleNodeImages } from '../testing/sample-node-image';

jest.setTimeout(120_000);

// Volumes as files under the agent's data dir, seen by Node.js programs at their mountPaths through the shim.
const namespace = 'volumes';
const nodeName = 'kuack-local';
let cluster: RunningCluster;
let client: KubeClient;
let agent: NodeAgent;
let image: string;
let dataDir: string;
const seenPids: number[] = [];

function get(host: string, pathName: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get({ host, port: 8080, path: pathName, agent: false, timeout: 5000 }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}
const read = (ip: string, file: string) => get(ip, `/read?path=${encodeURIComponent(file)}`);
const write = (ip: string, file: string, text: string) =>
  get(ip, `/write?path=${encodeURIComponent(file)}&text=${encodeURIComponent(text)}`);

async function runPod(name: string, volumes: Volume[], volumeMounts: VolumeMount[]): Promise<Pod> {
  await client.create<Pod>({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { team: 'blue', tier: 'web' } },
    spec: {
      nodeName,
      terminationGracePeriodSeconds: 2,
      volumes,
      containers: [
        { name: 'app', image, volumeMounts, readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 1 } },
      ],
    },
  });
  return readyPod(name);
}

const readyPod = (name: string) =>
  eventually(
    async () => {
      const p = await client.get<Pod>(POD, name, namespace);
      expect(p.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
      seenPids.push(...agent.podPids(p.metadata.uid!));
      return p;
    },
    { timeoutMs: 60_000 },
  );

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'kubelet-volumes-'));
  cluster = await startEmbeddedCluster({ dataDir: path.join(dataDir, 'cluster'), port: 0 });
  client = connect({ kubeconfigPath: cluster.kubeconfigPath });
  const store = await ImageStore.open(path.join(dataDir, 'images'));
  image = (await writeSampleNodeImages(store, 'kuack.local/volumes')).web;
  agent = new NodeAgent({
    client,
    dataDir: path.join(dataDir, 'agent'),
    nodeName,
    podCidr: podSubnet({ base: '127.1.0.0/16' }),
    imageStore: store,
    prepareRetryMs: 300,
    heartbeatMs: 2000,
    platformStopGraceMs: 2000,
  });
  await agent.start();
  await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
  await client.create({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'settings', namespace },
    data: { key: 'value-from-configmap', other: 'o', 'app.json': '{"a":1}' },
  });
  await client.create({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'creds', namespace },
    type: 'Opaque',
    data: { x: Buffer.from('s3cret').toString('base64'), y: Buffer.from('why').toString('base64') },
  });
});

afterAll(async () => {
  await agent?.stop();
  await cluster?.close();
  expect(seenPids.length).toBeGreaterThan(0);
  expect(seenPids.filter(processAlive)).toEqual([]);
});

describe('node agent volumes', () => {
  it('a program reads /etc/config/key (configMap) and /var/secret/x (secret), writes to emptyDir; read-only mounts refuse writes', async () => {
    const pod = await runPod(
      'reader',
      [
        { name: 'config', configMap: { name: 'settings' } },
        { name: 'secret', secret: { secretName: 'creds', defaultMode: 0o400 } },
        { name: 'scratch', emptyDir: {} },
      ],
      [
        { name: 'config', mountPath: '/etc/config' },
        { name: 'secret', mountPath: '/var/secret' },
        { name: 'scratch', mountPath: '/scratch' },
      ],
    );
    const ip = pod.status!.podIP!;
    expect(await read(ip, '/etc/config/key')).toBe('value-from-configmap');
    expect(await read(ip, '/etc/config/app.json')).toBe('{"a":1}');
    expect(await read(ip, '/var/secret/x')).toBe('s3cret');
    expect(await read(ip, '/var/secret/missing')).toBe('error ENOENT');
    expect(await write(ip, '/etc/config/key', 'changed')).toBe('error EROFS');
    expect(await write(ip, '/scratch/note', 'kept')).toBe('ok');
    expect(await read(ip, '/scratch/note')).toBe('kept');
    // Each Pod's volumes are its own folders under the agent's data dir, with the modes asked for.
    const secretFile = path.join(dataDir, 'agent', 'volumes', pod.metadata.uid!, 'secret', 'x');
    expect(statSync(secretFile).mode & 0o777).toBe(0o400);
  });

  it('items pick keys to paths with modes; optional sources may be missing; downwardAPI files; subPath', async () => {
    const pod = await runPod(
      'items',
      [
        {
          name: 'config',
          configMap: { name: 'settings', items: [{ key: 'key', path: 'nested/renamed', mode: 0o600 }] },
        },
        { name: 'maybe', secret: { secretName: 'does-not-exist', optional: true } },
        {
          // What the ServiceAccount admission of a real API server adds to every Pod (the token is left out).
          name: 'kube-api-access',
          projected: {
            sources: [
              { serviceAccountToken: { path: 'token', expirationSeconds: 3607 } },
              { configMap: { name: 'settings', items: [{ key: 'key', path: 'ca.crt' }] } },
              {
                downwardAPI: {
                  items: [{ path: 'namespace', fieldRef: { fieldPath: 'metadata.namespace' } }],
                },
              },
            ],
          },
        },
        {
          name: 'info',
          downwardAPI: {
            items: [
              { path: 'name', fieldRef: { fieldPath: 'metadata.name' } },
              { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
            ],
          },
        },
      ],
      [
        { name: 'config', mountPath: '/etc/config' },
        { name: 'maybe', mountPath: '/var/maybe' },
        {
          name: 'kube-api-access',
          mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
          readOnly: true,
        },
        { name: 'info', mountPath: '/etc/podinfo' },
        { name: 'config', mountPath: '/etc/only-key', subPath: 'nested' },
      ],
    );
    const ip = pod.status!.podIP!;
    expect(await read(ip, '/etc/config/nested/renamed')).toBe('value-from-configmap');
    expect(await read(ip, '/etc/config/other')).toBe('error ENOENT');
    expect(await read(ip, '/etc/only-key/renamed')).toBe('value-from-configmap');
    expect(await read(ip, '/var/maybe/anything')).toBe('error ENOENT');
    const sa = '/var/run/secrets/kubernetes.io/serviceaccount';
    expect(await read(ip, `${sa}/namespace`)).toBe(namespace);
    expect(await read(ip, `${sa}/ca.crt`)).toBe('value-from-configmap');
    expect(await read(ip, `${sa}/token`)).toBe('error ENOENT');
    expect(await read(ip, '/etc/podinfo/name')).toBe('items');
    expect(await read(ip, '/etc/podinfo/labels')).toBe('team="blue"\ntier="web"');
    const file = path.join(dataDir, 'agent', 'volumes', pod.metadata.uid!, 'config', 'nested', 'renamed');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('a missing ConfigMap keeps the Pod ContainerCreating with a FailedMount Event until it exists', async () => {
    await client.create<Pod>({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'waits', namespace },
      spec: {
        nodeName,
        terminationGracePeriodSeconds: 2,
        volumes: [{ name: 'late', configMap: { name: 'late' } }],
        containers: [{ name: 'app', image, volumeMounts: [{ name: 'late', mountPath: '/etc/late' }] }],
      },
    });
    const event = await eventually(async () => {
      const events = await client.list<
        KubeObject & { reason: string; message: string; involvedObject: { name: string } }
      >({ apiVersion: 'v1', kind: 'Event' }, { namespace });
      const e = events.items.find((x) => x.involvedObject.name === 'waits' && x.reason === 'FailedMount');
      expect(e).toBeDefined();
      return e!;
    });
    expect(event.message).toBe('MountVolume.SetUp failed for volume "late" : configmap "late" not found');
    const waiting = (await client.get<Pod>(POD, 'waits', namespace)).status?.containerStatuses?.[0].state
      .waiting;
    expect(waiting?.reason).toBe('ContainerCreating');
    await client.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'late', namespace },
      data: { k: 'now' },
    });
    const pod = await eventually(
      async () => {
        const p = await client.get<Pod>(POD, 'waits', namespace);
        expect(p.status?.containerStatuses?.[0].state.running).toBeDefined();
        return p;
      },
      { timeoutMs: 30_000 },
    );
    seenPids.push(...agent.podPids(pod.metadata.uid!));
    expect(await eventually(() => read(pod.status!.podIP!, '/etc/late/k'))).toBe('now');
  });

  it('deleting a Pod removes its volume folders', async () => {
    const pod = await client.get<Pod>(POD, 'reader', namespace);
    const dir = path.join(dataDir, 'agent', 'volumes', pod.metadata.uid!);
    expect(statSync(dir).isDirectory()).toBe(true);
    await client.delete(POD, 'reader', namespace);
    await eventually(() => expect(() => statSync(dir)).toThrow(/ENOENT/), { timeoutMs: 30_000 });
  });
});
