import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { type RunningCluster, startEmbeddedCluster } from '@kuack/apiserver';
import { type KubeClient, connect, isNotFound } from '@kuack/controller';
import { ImageStore } from '@kuack/oci';
import { eventually, podSubnet } from '@kuack/testenv';
import { build } from 'esbuild';
import { NodeAgent } from '../node-agent';
import { POD, type Pod } from '../pod.types';
import { processAlive } from '../testing/process-alive';
import { writeSampleNodeImages } from '../testing/sample-node-image';

jest.setTimeout(120_000);

// The agent as its own process (apps/node-agent bundled here), killed with SIGKILL while it runs Pods; the next
// agent takes the processes over instead of restarting them, and kills those whose Pod was deleted meanwhile.
const repoRoot = path.resolve(__dirname, '../../../..');
const namespace = 'readopt';
const nodeName = 'kuack-local';
let dir: string;
let cluster: RunningCluster;
let client: KubeClient;
let storeDir: string;
let podCidr: string;
let agentBundle: string;
let agentProcess: ChildProcess | undefined;
let agent: NodeAgent | undefined;
const seenPids = new Set<number>();

function get(host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get({ host, port: 8080, agent: false, timeout: 5000 }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}

const pidOf = (pod: Pod) => Number(pod.status?.containerStatuses?.[0]?.containerID?.split('/').pop());
const getPod = (name: string) => client.get<Pod>(POD, name, namespace);
const gone = async (name: string) => {
  try {
    await getPod(name);
    return false;
  } catch (err) {
    if (isNotFound(err)) return true;
    throw err;
  }
};

async function createPod(name: string): Promise<void> {
  await client.create<Pod>({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace },
    spec: {
      nodeName,
      terminationGracePeriodSeconds: 2,
      containers: [
        {
          name: 'app',
          image: `kuack.local/readopt/web:1`,
          readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 1 },
        },
      ],
    },
  });
}

const readyPod = (name: string) =>
  eventually(
    async () => {
      const p = await getPod(name);
      expect(p.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
      expect(pidOf(p)).toBeGreaterThan(0);
      seenPids.add(pidOf(p));
      return p;
    },
    { timeoutMs: 60_000 },
  );

function startAgentProcess(): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      agentBundle,
      '--data-dir',
      path.join(dir, 'agent'),
      '--kubeconfig',
      cluster.kubeconfigPath,
      '--node-name',
      nodeName,
      '--pod-cidr',
      podCidr,
      '--stop-grace-seconds',
      '2',
    ],
    {
      env: { ...process.env, NODE_PATH: path.join(repoRoot, 'node_modules'), KUACK_IMAGE_STORE: storeDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      if (c.toString().includes('node agent ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`node-agent exited with ${code}: ${stderr}`)));
  });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'kubelet-readopt-'));
  agentBundle = path.join(dir, 'node-agent.js');
  await build({
    absWorkingDir: repoRoot,
    entryPoints: ['apps/node-agent/src/main.ts'],
    outfile: agentBundle,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    tsconfig: path.join(repoRoot, 'tsconfig.base.json'),
    define: { KUACK_VERSION: '"test"' },
    logLevel: 'warning',
  });
  cluster = await startEmbeddedCluster({ dataDir: path.join(dir, 'cluster'), port: 0 });
  client = connect({ kubeconfigPath: cluster.kubeconfigPath });
  storeDir = path.join(dir, 'images');
  await writeSampleNodeImages(await ImageStore.open(storeDir), 'kuack.local/readopt');
  podCidr = podSubnet({ base: '127.1.0.0/16' });
  await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
});

afterAll(async () => {
  agentProcess?.kill('SIGKILL');
  await agent?.stop();
  await cluster?.close();
  const left = [...seenPids].filter(processAlive);
  // A failure above may have left the killed agent's processes: never leave them running, then report them.
  for (const pid of left) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  expect(left).toEqual([]);
});

describe('node agent after a hard kill', () => {
  it('takes over the running processes (same pid, no restart counted, still Ready) and stops those of deleted Pods', async () => {
    agentProcess = await startAgentProcess();
    await createPod('keeper');
    await createPod('doomed');
    const keeper = await readyPod('keeper');
    const doomed = await readyPod('doomed');
    const [keeperPid, doomedPid] = [pidOf(keeper), pidOf(doomed)];

    agentProcess.kill('SIGKILL');
    await new Promise((resolve) => agentProcess!.once('exit', resolve));
    agentProcess = undefined;
    expect([processAlive(keeperPid), processAlive(doomedPid)]).toEqual([true, true]);
    await client.delete(POD, 'doomed', namespace); // graceful: waits for an agent to finish it

    agent = new NodeAgent({
      client,
      dataDir: path.join(dir, 'agent'),
      nodeName,
      podCidr,
      imageStore: await ImageStore.open(storeDir),
      restartBackoff: { baseMs: 300, maxMs: 2000 },
      heartbeatMs: 2000,
      platformStopGraceMs: 2000,
    });
    await agent.start();
    await eventually(async () => expect(await gone('doomed')).toBe(true), { timeoutMs: 30_000 });
    expect(processAlive(doomedPid)).toBe(false);

    await eventually(() => expect(agent!.podPids(keeper.metadata.uid!)).toEqual([keeperPid]));
    const after = await readyPod('keeper');
    expect(pidOf(after)).toBe(keeperPid);
    expect(after.status!.containerStatuses![0]).toMatchObject({ restartCount: 0, ready: true });
    expect(after.status!.containerStatuses![0].state.running?.startedAt).toBe(
      keeper.status!.containerStatuses![0].state.running?.startedAt,
    );
    expect(after.status!.podIP).toBe(keeper.status!.podIP);
    expect(JSON.parse(await get(after.status!.podIP!))).toMatchObject({ message: 'from-image' });
  });

  it('notices when an adopted process dies (exit code unknown) and restarts the container', async () => {
    const keeper = await getPod('keeper');
    const oldPid = pidOf(keeper);
    process.kill(-oldPid, 'SIGKILL');
    const restarted = await eventually(
      async () => {
        const p = await getPod('keeper');
        expect(p.status?.containerStatuses?.[0].restartCount).toBe(1);
        expect(p.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
        return p;
      },
      { timeoutMs: 30_000 },
    );
    seenPids.add(pidOf(restarted));
    expect(pidOf(restarted)).not.toBe(oldPid);
    expect(restarted.status!.containerStatuses![0].lastState.terminated).toMatchObject({
      exitCode: 137,
      reason: 'ContainerStatusUnknown',
    });
  });

  it('leaves no process behind when the agent stops', async () => {
    await agent!.stop();
    agent = undefined;
    expect([...seenPids].filter(processAlive)).toEqual([]);
  });
});
