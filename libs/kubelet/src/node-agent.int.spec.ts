import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { type KubeClient, type KubeObject, connect, isNotFound } from '@kuack/controller';
import { ImageStore } from '@kuack/oci';
import { NodeAgent } from './node-agent';
import { type Container, LEASE, NODE, POD, type Pod } from './pod.types';
import { containerLogPath, podLogDir } from './pod-worker';
import { processAlive } from './testing/process-alive';
import { writeSampleNodeImages } from './testing/sample-node-image';
import { podSubnet, requireServices } from '@kuack/testenv';

jest.setTimeout(120_000);

const suffix = `${process.pid}-${Date.now().toString(36)}`;
const nodeName = `kubelet-int-${suffix}`;
const namespace = `kubelet-int-${suffix}`;
// Pod addresses of this test process only (a /24 of KUACK_POD_CIDR, routed to lo), set in beforeAll.
let podCidr: string;
const TAINT = { key: 'kuack.dev/test-node', value: nodeName, effect: 'NoSchedule' as const };

let client: KubeClient;
let agent: NodeAgent;
let images: { web: string; shell: string };
let dataDir: string;
const seenPids: number[] = [];

async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}

function get(host: string, port: number, pathName = '/'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host, port, path: pathName, agent: false, timeout: 5000 }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

const alive = processAlive;

async function createPod(
  name: string,
  container: Partial<Container>,
  extra: Partial<Pod['spec']> = {},
): Promise<Pod> {
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { app: name } },
    spec: {
      nodeName,
      automountServiceAccountToken: false,
      tolerations: [{ key: TAINT.key, operator: 'Equal', value: TAINT.value, effect: TAINT.effect }],
      terminationGracePeriodSeconds: 5,
      containers: [{ name: 'app', image: images.web, ...container }],
      ...extra,
    } as Pod['spec'],
  };
  // The ServiceAccount admission refuses Pods until the namespace's default ServiceAccount exists.
  return waitFor(`Pod ${name} created`, () => client.create(pod), 30_000);
}

const getPod = (name: string) => client.get<Pod>(POD, name, namespace);
const condition = (pod: Pod, type: string) => pod.status?.conditions?.find((c) => c.type === type)?.status;

beforeAll(async () => {
  // Starts the API server when this file runs alone; under npm test the global setup already did.
  podCidr = podSubnet({ base: (await requireServices(['kube'])).kube.podCidr });
  client = connect();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'kubelet-int-'));
  const store = await ImageStore.open(path.join(dataDir, 'images'));
  images = await writeSampleNodeImages(store, `kuack.local/kubelet-int-${suffix}`);
  await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
  agent = new NodeAgent({
    client,
    dataDir: path.join(dataDir, 'agent'),
    nodeName,
    podCidr,
    taints: [TAINT],
    labels: { 'kuack.dev/test': 'kubelet-int' },
    maxPods: 20,
    imageStore: store,
    restartBackoff: { baseMs: 300, maxMs: 2000 },
    prepareRetryMs: 500,
    heartbeatMs: 2000,
    platformStopGraceMs: 2000,
    logServerPort: 0,
  });
  await agent.start();
});

afterAll(async () => {
  await agent?.stop();
  // The agent is gone, so nothing finishes graceful deletions on its node: force-delete its Pods.
  const pods = await client?.list<Pod>(POD, { namespace }).catch(() => undefined);
  for (const p of pods?.items ?? [])
    await client.delete(POD, p.metadata.name!, namespace, { gracePeriodSeconds: 0 }).catch(() => undefined);
  await client?.delete({ apiVersion: 'v1', kind: 'Namespace' }, namespace).catch(() => undefined);
  await client?.delete(LEASE, nodeName, 'kube-node-lease').catch(() => undefined);
  await client?.delete(NODE, nodeName).catch(() => undefined);
});

describe('node agent against a real kube-apiserver', () => {
  it('registers a Ready Node with capacity, labels, taint and a Lease', async () => {
    const node = await client.get<
      KubeObject & {
        spec: { taints: unknown[] };
        status: { capacity: Record<string, string>; conditions: { type: string; status: string }[] };
      }
    >(NODE, nodeName);
    expect(node.metadata.labels).toMatchObject({
      'kubernetes.io/hostname': nodeName,
      'kuack.dev/test': 'kubelet-int',
      'kubernetes.io/os': 'linux',
    });
    expect(node.spec.taints).toContainEqual(TAINT);
    expect(node.status.capacity.pods).toBe('20');
    expect(node.status.conditions.find((c) => c.type === 'Ready')?.status).toBe('True');
    const lease = await client.get<KubeObject & { spec: { holderIdentity: string; renewTime: string } }>(
      LEASE,
      nodeName,
      'kube-node-lease',
    );
    expect(lease.spec.holderIdentity).toBe(nodeName);
    expect(lease.spec.renewTime).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('runs two Pods that both listen(8080) with no host: each Ready on its own address, answering HTTP there', async () => {
    const container: Partial<Container> = {
      ports: [{ name: 'http', containerPort: 8080 }],
      env: [
        { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'TERM_MARKER', value: `${dataDir}/$(POD_NAME).stop` },
      ],
      lifecycle: { preStop: { httpGet: { path: '/prestop', port: 'http' } } },
      readinessProbe: {
        httpGet: { path: '/healthz', port: 'http', httpHeaders: [{ name: 'X-Probe', value: 'yes' }] },
        periodSeconds: 1,
        failureThreshold: 1,
      },
      startupProbe: { exec: { command: ['node', '-e', 'process.exit(0)'] }, periodSeconds: 1 },
    };
    await createPod('web-a', container);
    await createPod('web-b', container);
    const ready = await Promise.all(
      ['web-a', 'web-b'].map((name) =>
        waitFor(`${name} Ready`, async () =>
          ((p) => (condition(p, 'Ready') === 'True' ? p : undefined))(await getPod(name)),
        ),
      ),
    );
    const ips = ready.map((p) => p.status!.podIP!);
    expect(new Set(ips).size).toBe(2);
    for (const ip of ips) expect(ip.startsWith(podCidr.replace(/0\/24$/, ''))).toBe(true);
    for (const p of ready) {
      expect(p.status).toMatchObject({
        phase: 'Running',
        hostIP: '127.0.0.1',
        podIPs: [{ ip: p.status!.podIP }],
      });
      expect(p.status!.startTime).toBeDefined();
      expect(p.status!.containerStatuses![0]).toMatchObject({
        name: 'app',
        ready: true,
        started: true,
        restartCount: 0,
        state: { running: {} },
      });
      expect(p.status!.containerStatuses![0].imageID).toMatch(/^sha256:/);
      expect(p.status!.conditions!.map((c) => c.type).sort()).toEqual([
        'ContainersReady',
        'Initialized',
        'PodScheduled',
        'Ready',
      ]);
    }
    const answers = await Promise.all(ips.map((ip) => get(ip, 8080)));
    expect(answers.map((a) => JSON.parse(a.body))).toEqual([
      { pod: 'web-a', ip: ips[0], message: 'from-image', header: null },
      { pod: 'web-b', ip: ips[1], message: 'from-image', header: null },
    ]);
    seenPids.push(...agent.podPids(ready[0].metadata.uid!), ...agent.podPids(ready[1].metadata.uid!));
    expect(seenPids).toHaveLength(2);
  });

  it('runs the containers of one Pod side by side on the Pod address (a sidecar on another port)', async () => {
    await createPod(
      'pair',
      { env: [{ name: 'PORT', value: '8080' }] },
      {
        containers: [
          {
            name: 'app',
            image: images.web,
            env: [
              { name: 'PORT', value: '8080' },
              { name: 'POD_NAME', value: 'app' },
            ],
            readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 1 },
          },
          {
            name: 'sidecar',
            image: images.web,
            env: [
              { name: 'PORT', value: '8081' },
              { name: 'POD_NAME', value: 'sidecar' },
            ],
            readinessProbe: { tcpSocket: { port: 8081 }, periodSeconds: 1 },
          },
        ],
      },
    );
    const pod = await waitFor('pair Ready', async () =>
      ((p) => (condition(p, 'Ready') === 'True' ? p : undefined))(await getPod('pair')),
    );
    expect(pod.status!.containerStatuses!.map((c) => [c.name, c.ready])).toEqual([
      ['app', true],
      ['sidecar', true],
    ]);
    const ip = pod.status!.podIP!;
    const [app, sidecar] = await Promise.all([get(ip, 8080), get(ip, 8081)]);
    expect([JSON.parse(app.body).pod, JSON.parse(sidecar.body).pod]).toEqual(['app', 'sidecar']);
    expect(agent.podPids(pod.metadata.uid!)).toHaveLength(2);
  });

  it('turns Ready False when the readiness probe fails', async () => {
    const pod = await getPod('web-b');
    await get(pod.status!.podIP!, 8080, '/unready');
    const unready = await waitFor('web-b not Ready', async () =>
      ((p) => (condition(p, 'Ready') === 'False' ? p : undefined))(await getPod('web-b')),
    );
    expect(unready.status!.conditions!.find((c) => c.type === 'Ready')).toMatchObject({
      reason: 'ContainersNotReady',
    });
    expect(unready.status!.containerStatuses![0]).toMatchObject({ ready: false, state: { running: {} } });
  });

  it('restarts a crashing container with backoff: restartCount grows, lastState.terminated has the exit code; logs per restart', async () => {
    await createPod('crasher', { command: ['node', '/app/crash.js'] });
    const pod = await waitFor('crasher restarted twice', async () =>
      ((p) => ((p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 2 ? p : undefined))(
        await getPod('crasher'),
      ),
    );
    const status = pod.status!.containerStatuses![0];
    expect(status.lastState.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect(status.ready).toBe(false);
    expect(pod.status!.phase).toBe('Running');
    const log = containerLogPath(path.join(dataDir, 'agent', 'pods'), pod, 'app', 0);
    expect(readFileSync(log, 'utf8')).toBe('crashing\n');
    expect(existsSync(containerLogPath(path.join(dataDir, 'agent', 'pods'), pod, 'app', 1))).toBe(true);
    const backOff = await waitFor('a CrashLoopBackOff waiting state', async () =>
      ((p) =>
        p.status?.containerStatuses?.[0]?.state.waiting?.reason === 'CrashLoopBackOff' ? p : undefined)(
        await getPod('crasher'),
      ),
    );
    expect(backOff.status!.containerStatuses![0].state.waiting!.message).toMatch(
      /^back-off \d+s restarting failed container=app pod=crasher_/,
    );
  });

  it('serves container logs to the real kube-apiserver: kubectl logs, --tail, --previous, -f', async () => {
    const kubectl = (...args: string[]) =>
      promisify(execFile)('kubectl', ['-n', namespace, 'logs', ...args], {
        env: process.env,
        timeout: 20_000,
      });
    const web = await getPod('web-a');
    const node = await client.get<
      KubeObject & { status: { daemonEndpoints: { kubeletEndpoint: { Port: number } } } }
    >(NODE, nodeName);
    expect(node.status.daemonEndpoints.kubeletEndpoint.Port).toBe(agent.logPort);
    const { stdout } = await kubectl('web-a');
    expect(stdout).toBe(`listening on {"address":"${web.status!.podIP}","family":"IPv4","port":8080}\n`);
    await waitFor('crasher restarted', async () =>
      ((p) => ((p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1 ? p : undefined))(
        await getPod('crasher'),
      ),
    );
    expect((await kubectl('crasher', '--previous', '--tail=1')).stdout).toBe('crashing\n');
    expect((await kubectl('web-a', '-f', '--limit-bytes=9')).stdout).toBe('listening');
    // -f ends when the container it follows is restarted (here: it crashes at once).
    expect((await kubectl('crasher', '-f')).stdout).toMatch(/^(crashing\n)?$/);
    await expect(kubectl('web-a', '-c', 'nope')).rejects.toThrow(/container nope is not valid for pod web-a/);
  });

  it('restarts a container whose liveness probe fails', async () => {
    await createPod('unhealthy', {
      livenessProbe: { tcpSocket: { port: 9 }, periodSeconds: 1, failureThreshold: 1 },
    });
    const pod = await waitFor('unhealthy restarted', async () =>
      ((p) => ((p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1 ? p : undefined))(
        await getPod('unhealthy'),
      ),
    );
    expect(pod.status!.containerStatuses![0].lastState.terminated).toMatchObject({
      message: 'Container app failed liveness probe, will be restarted',
    });
  });

  it('reports a missing image with ErrImagePull/ImagePullBackOff and an Event, and a non-Node.js image as ImageNotRunnableLocally', async () => {
    await createPod('missing', { image: 'kuack.local/does-not-exist:1' });
    await createPod('shell', { image: images.shell });
    // ContainerCreating comes first, as on a kubelet; then the image reason.
    const missing = await waitFor('missing image reason', async () =>
      ((p) => {
        const reason = p.status?.containerStatuses?.[0]?.state.waiting?.reason;
        return reason && reason !== 'ContainerCreating' ? p : undefined;
      })(await getPod('missing')),
    );
    const waiting = missing.status!.containerStatuses![0].state.waiting!;
    expect(['ErrImagePull', 'ImagePullBackOff']).toContain(waiting.reason);
    expect(missing.status!.phase).toBe('Pending');
    const failed = await waitFor('an ErrImagePull message', async () =>
      ((p) => {
        const w = p.status?.containerStatuses?.[0]?.state.waiting;
        return w?.reason === 'ErrImagePull' ? w : undefined;
      })(await getPod('missing')),
    );
    expect(failed.message).toContain('image "kuack.local/does-not-exist:1" is not in the store');
    const backOff = await waitFor('ImagePullBackOff', async () =>
      ((p) => {
        const w = p.status?.containerStatuses?.[0]?.state.waiting;
        return w?.reason === 'ImagePullBackOff' ? w : undefined;
      })(await getPod('missing')),
    );
    expect(backOff.message).toBe('Back-off pulling image "kuack.local/does-not-exist:1"');
    const events = await waitFor('a Failed Event', async () => {
      const list = await client.list<KubeObject & { reason: string; involvedObject: { name: string } }>(
        { apiVersion: 'v1', kind: 'Event' },
        { namespace },
      );
      return list.items.find((e) => e.involvedObject.name === 'missing' && e.reason === 'Failed');
    });
    expect(events.reason).toBe('Failed');
    const shell = await waitFor('shell image reason', async () =>
      ((p) =>
        p.status?.containerStatuses?.[0]?.state.waiting?.reason === 'ImageNotRunnableLocally'
          ? p
          : undefined)(await getPod('shell')),
    );
    expect(shell.status!.containerStatuses![0].state.waiting!.message).toContain(
      'local mode runs Node.js programs only',
    );
  });

  it('on delete runs preStop, then SIGTERM, stops the processes, then the Pod and its logs go away', async () => {
    const pod = await getPod('web-a');
    const pids = agent.podPids(pod.metadata.uid!);
    expect(pids.length).toBe(1);
    expect(alive(pids[0])).toBe(true);
    await client.delete(POD, 'web-a', namespace);
    await waitFor('web-a gone', async () => {
      try {
        await getPod('web-a');
        return false;
      } catch (err) {
        return isNotFound(err);
      }
    });
    expect(alive(pids[0])).toBe(false);
    expect(readFileSync(path.join(dataDir, 'web-a.stop'), 'utf8')).toBe('preStop\nSIGTERM\n');
    expect(existsSync(podLogDir(path.join(dataDir, 'agent', 'pods'), pod))).toBe(false);
  });

  it('leaves no process behind and marks the Node NotReady when it stops', async () => {
    const running = ['web-b', 'crasher', 'unhealthy', 'pair'];
    const pids: number[] = [];
    for (const name of running) pids.push(...agent.podPids((await getPod(name)).metadata.uid!));
    expect(pids.length).toBeGreaterThanOrEqual(2);
    await agent.stop();
    for (const pid of [...pids, ...seenPids]) expect(alive(pid)).toBe(false);
    const node = await client.get<
      KubeObject & { status: { conditions: { type: string; status: string; reason: string }[] } }
    >(NODE, nodeName);
    expect(node.status.conditions.find((c) => c.type === 'Ready')).toMatchObject({
      status: 'False',
      reason: 'KubeletNotReady',
    });
  });
});
