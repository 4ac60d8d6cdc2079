import crypto from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { type RunningCluster, startEmbeddedCluster } from '@kuack/apiserver';
import { type KubeClient, type KubeObject, connect } from '@kuack/controller';
import { ImageStore, RegistryClient, pushImage } from '@kuack/oci';
import { type TestEnv, eventually, podSubnet, requireServices } from '@kuack/testenv';
import { NodeAgent } from '../node-agent';
import { POD, type Pod } from '../pod.types';
import { processAlive } from '../testing/process-alive';
import { writeSampleNodeImages } from '../testing/sample-node-image';

jest.setTimeout(120_000);

// Images the agent does not have: pushed to the testenv's Basic-auth registry, pulled with imagePullSecrets.
const id = crypto.randomBytes(3).toString('hex');
const namespace = 'pull';
const nodeName = 'kuack-local';
let env: TestEnv;
let cluster: RunningCluster;
let client: KubeClient;
let agent: NodeAgent;
let agentStore: ImageStore;
const repository = `kubelet-pull-${id}/web`;
const image = (tag: string) => `${env.registryAuth.host}/${repository}:${tag}`;
const b64 = (text: string) => Buffer.from(text).toString('base64');

function get(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get({ host, port, agent: false, timeout: 5000 }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}

async function secret(name: string, type: string, key: string, auths: Record<string, unknown>) {
  const content = type === 'kubernetes.io/dockercfg' ? auths : { auths };
  await client.create({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace },
    type,
    data: { [key]: b64(JSON.stringify(content)) },
  });
}

async function pod(name: string, img: string, pullSecret?: string): Promise<void> {
  await client.create<Pod>({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace },
    spec: {
      nodeName,
      terminationGracePeriodSeconds: 2,
      ...(pullSecret ? { imagePullSecrets: [{ name: pullSecret }] } : {}),
      containers: [
        {
          name: 'app',
          image: img,
          readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 1 },
        },
      ],
    },
  });
}

const waiting = async (name: string) =>
  (await client.get<Pod>(POD, name, namespace)).status?.containerStatuses?.[0]?.state.waiting;
const events = async (name: string) =>
  (
    await client.list<
      KubeObject & { reason: string; type: string; message: string; involvedObject: { name: string } }
    >({ apiVersion: 'v1', kind: 'Event' }, { namespace })
  ).items.filter((e) => e.involvedObject.name === name);

beforeAll(async () => {
  env = await requireServices(['registry']);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubelet-pull-'));
  // Build the sample image in a store of its own and push it under three tags; the agent's store stays empty.
  const source = await ImageStore.open(path.join(dir, 'source'));
  const built = await writeSampleNodeImages(source, `kuack.local/pull-${id}`);
  const root = (await source.resolve(built.web))!;
  const pusher = await RegistryClient.create(env.registryAuth.host, {
    credentials: { username: env.registryAuth.username, password: env.registryAuth.password },
  });
  for (const tag of ['json', 'cfg', 'denied'])
    await pushImage(pusher, repository, source.blobs, root, { tag });
  await pusher.close();

  cluster = await startEmbeddedCluster({ dataDir: path.join(dir, 'cluster'), port: 0 });
  client = connect({ kubeconfigPath: cluster.kubeconfigPath });
  agentStore = await ImageStore.open(path.join(dir, 'agent-images'));
  agent = new NodeAgent({
    client,
    dataDir: path.join(dir, 'agent'),
    nodeName,
    podCidr: podSubnet({ base: '127.1.0.0/16' }),
    imageStore: agentStore,
    prepareRetryMs: 300,
    heartbeatMs: 2000,
    platformStopGraceMs: 2000,
  });
  await agent.start();
  await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
  const host = env.registryAuth.host;
  const { username, password } = env.registryAuth;
  await secret('json', 'kubernetes.io/dockerconfigjson', '.dockerconfigjson', {
    [host]: { auth: b64(`${username}:${password}`) },
  });
  await secret('cfg', 'kubernetes.io/dockercfg', '.dockercfg', {
    [`http://${host}`]: { username, password },
  });
  await secret('wrong', 'kubernetes.io/dockerconfigjson', '.dockerconfigjson', {
    [host]: { auth: b64(`${username}:not-the-password`) },
  });
}, 300_000);

afterAll(async () => {
  const pods = await client?.list<Pod>(POD, { namespace }).catch(() => undefined);
  const pids = (pods?.items ?? []).flatMap((p) => agent?.podPids(p.metadata.uid!) ?? []);
  await agent?.stop();
  await cluster?.close();
  expect(pids.filter(processAlive)).toEqual([]);
});

describe('node agent pulls images it does not have', () => {
  it.each([
    ['json', 'kubernetes.io/dockerconfigjson'],
    ['cfg', 'kubernetes.io/dockercfg'],
  ])(
    'with a %s imagePullSecret (%s): pulled into the store, Pulling/Pulled Events, the Pod runs',
    async (tag) => {
      const name = `pulled-${tag}`;
      expect(await agentStore.resolve(image(tag))).toBeUndefined();
      await pod(name, image(tag), tag);
      const ready = await eventually(
        async () => {
          const p = await client.get<Pod>(POD, name, namespace);
          expect(p.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
          return p;
        },
        { timeoutMs: 60_000 },
      );
      expect(await agentStore.resolve(image(tag))).toBeDefined();
      expect(ready.status!.containerStatuses![0].imageID).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(JSON.parse(await get(ready.status!.podIP!, 8080))).toMatchObject({ message: 'from-image' });
      const reasons = await eventually(async () => {
        const list = await events(name);
        expect(list.map((e) => e.reason)).toEqual(expect.arrayContaining(['Pulling', 'Pulled']));
        return list;
      });
      expect(reasons.find((e) => e.reason === 'Pulled')?.message).toContain(
        `Successfully pulled image "${image(tag)}"`,
      );
    },
  );

  it('with wrong credentials: ErrImagePull with the registry answer, then ImagePullBackOff, and a Warning Event', async () => {
    await pod('denied', image('denied'), 'wrong');
    const failed = await eventually(
      async () => {
        const w = await waiting('denied');
        expect(w?.reason).toBe('ErrImagePull');
        return w!;
      },
      { timeoutMs: 30_000, intervalMs: 50 },
    );
    expect(failed.message).toContain(`Failed to pull image "${image('denied')}"`);
    expect(failed.message).toContain('HTTP 401');
    await eventually(async () => expect((await waiting('denied'))?.reason).toBe('ImagePullBackOff'), {
      timeoutMs: 30_000,
      intervalMs: 50,
    });
    const warning = await eventually(async () => {
      const e = (await events('denied')).find((x) => x.type === 'Warning' && x.reason === 'Failed');
      expect(e).toBeDefined();
      return e!;
    });
    expect(warning.message).toContain('HTTP 401');
    expect((await client.get<Pod>(POD, 'denied', namespace)).status?.phase).toBe('Pending');
    expect(await agentStore.resolve(image('denied'))).toBeUndefined();
  });

  it('with pull policy Never and no local image: ErrImageNeverPull', async () => {
    await client.create<Pod>({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'never', namespace },
      spec: { nodeName, containers: [{ name: 'app', image: image('denied'), imagePullPolicy: 'Never' }] },
    });
    const w = await eventually(
      async () => {
        const x = await waiting('never');
        expect(x?.reason).toBe('ErrImageNeverPull');
        return x!;
      },
      { timeoutMs: 30_000 },
    );
    expect(w.message).toBe(`Container image "${image('denied')}" is not present with pull policy of Never`);
  });

  it('with pull policy Always and an unreachable registry: runs the image of the local store, with a Warning', async () => {
    // Port 1 of loopback refuses connections.
    const local = (await writeSampleNodeImages(agentStore, '127.0.0.1:1/unreachable')).web;
    await client.create<Pod>({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'always', namespace },
      spec: {
        nodeName,
        terminationGracePeriodSeconds: 2,
        containers: [{ name: 'app', image: local, imagePullPolicy: 'Always' }],
      },
    });
    await eventually(
      async () => {
        const p = await client.get<Pod>(POD, 'always', namespace);
        expect(p.status?.containerStatuses?.[0].state.running).toBeDefined();
      },
      { timeoutMs: 30_000 },
    );
    const warning = await eventually(async () => {
      const e = (await events('always')).find((x) => x.type === 'Warning' && x.reason === 'Failed');
      expect(e).toBeDefined();
      return e!;
    });
    expect(warning.message).toContain(`Failed to pull image "${local}"`);
    expect(warning.message).toContain('using the image in the local store');
  });
});
