import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { type RunningCluster, startEmbeddedCluster } from '@kuack/apiserver';
import { type KubeClient, type KubeObject, connect, isNotFound } from '@kuack/controller';
import { ImageStore } from '@kuack/oci';
import { NodeAgent, type NodeAgentOptions } from './node-agent';
import { NODE, POD, type Pod } from './pod.types';
import { processAlive } from './testing/process-alive';
import { writeSampleNodeImages } from './testing/sample-node-image';
import { podSubnet } from '@kuack/testenv';

jest.setTimeout(120_000);

// The embedded cluster (libs/apiserver) in this process, the agent beside it: what `kuack up` runs.
const namespace = 'agent-e2e';
const nodeName = 'kuack-local';
// The embedded cluster accepts loopback addresses: a /24 of 127.1.0.0/16 claimed for this test process.
const podCidr = podSubnet({ base: '127.1.0.0/16' });

let cluster: RunningCluster;
let client: KubeClient;
let agent: NodeAgent;
let agentOptions: NodeAgentOptions;
let images: { web: string; shell: string };

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
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}

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

beforeAll(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubelet-e2e-'));
  cluster = await startEmbeddedCluster({ dataDir: path.join(dir, 'cluster'), port: 0 });
  client = connect({ kubeconfigPath: cluster.kubeconfigPath });
  const store = await ImageStore.open(path.join(dir, 'images'));
  images = await writeSampleNodeImages(store, 'kuack.local/e2e');
  agentOptions = {
    client,
    dataDir: path.join(dir, 'agent'),
    podsLogDir: path.join(dir, 'cluster', 'pods'),
    nodeName,
    podCidr,
    imageStore: store,
    restartBackoff: { baseMs: 300, maxMs: 2000 },
    heartbeatMs: 2000,
    platformStopGraceMs: 2000,
  };
  agent = new NodeAgent(agentOptions);
  await agent.start();
  await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
});

afterAll(async () => {
  await agent?.stop();
  await cluster?.close();
});

describe('node agent on the embedded cluster', () => {
  it('registers the Node Ready', async () => {
    const node = await client.get<
      KubeObject & { status: { conditions: { type: string; status: string }[] } }
    >(NODE, nodeName);
    expect(node.status.conditions.find((c) => c.type === 'Ready')?.status).toBe('True');
  });

  it('runs three Pods Ready on distinct addresses; kubectl logs shows their output; delete stops them', async () => {
    const names = ['web-0', 'web-1', 'web-2'];
    for (const name of names) {
      await client.create<Pod>({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace },
        spec: {
          nodeName,
          terminationGracePeriodSeconds: 5,
          containers: [
            {
              name: 'app',
              image: images.web,
              env: [{ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
              readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 1 },
            },
          ],
        },
      });
    }
    const pods = await Promise.all(
      names.map((name) =>
        waitFor(`${name} Ready`, async () => {
          const p = await client.get<Pod>(POD, name, namespace);
          return p.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True' ? p : undefined;
        }),
      ),
    );
    const ips = pods.map((p) => p.status!.podIP!);
    expect(new Set(ips).size).toBe(3);
    const bodies = await Promise.all(ips.map((ip) => get(ip, 8080)));
    expect(bodies.map((b) => (JSON.parse(b) as { pod: string }).pod)).toEqual(names);

    const { stdout } = await promisify(execFile)('kubectl', [
      '--kubeconfig',
      cluster.kubeconfigPath,
      'logs',
      '-n',
      namespace,
      'web-1',
    ]);
    expect(stdout).toMatch(
      new RegExp(
        `^listening on \\{"address":"${ips[1].replace(/\./g, '\\.')}","family":"IPv4","port":8080\\}\\n$`,
      ),
    );

    const pids = pods.flatMap((p) => agent.podPids(p.metadata.uid!));
    expect(pids).toHaveLength(3);
    for (const name of names) await client.delete(POD, name, namespace);
    await waitFor('every Pod gone', async () => {
      for (const name of names) {
        try {
          await client.get(POD, name, namespace);
          return false;
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
      }
      return true;
    });
    expect(pids.filter(processAlive)).toEqual([]);
  });

  it('after an agent restart runs the Pod again on the same address, counting the restart', async () => {
    await client.create<Pod>({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'keeper', namespace },
      spec: { nodeName, containers: [{ name: 'app', image: images.web }] },
    });
    const before = await waitFor('keeper Ready', async () => {
      const p = await client.get<Pod>(POD, 'keeper', namespace);
      return p.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True' ? p : undefined;
    });
    const [oldPid] = agent.podPids(before.metadata.uid!);
    await agent.stop();
    expect(processAlive(oldPid)).toBe(false);
    agent = new NodeAgent(agentOptions);
    await agent.start();
    const after = await waitFor('keeper running again', async () => {
      const p = await client.get<Pod>(POD, 'keeper', namespace);
      const s = p.status?.containerStatuses?.[0];
      return s?.restartCount === 1 && s.ready && agent.podPids(p.metadata.uid!).length === 1 ? p : undefined;
    });
    expect(after.status!.podIP).toBe(before.status!.podIP);
    // No readiness probe: Ready as soon as the process runs, so the server may need a moment to listen.
    const body = await waitFor('keeper answering', () => get(after.status!.podIP!, 8080));
    expect(JSON.parse(body)).toMatchObject({ message: 'from-image' });
  });
});
