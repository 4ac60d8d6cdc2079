import crypto from 'node:crypto';
import http from 'node:http';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type KubeClient, type KubeObject, isNotFound } from '@kuack/controller';
import { ImageStore } from '@kuack/oci';
import { eventually } from '@kuack/testenv';
import { NodeAgent } from '../node-agent';
import { LEASE, NODE, POD, type Pod } from '../pod.types';
import { processAlive } from '../testing/process-alive';
import { writeSampleNodeImages } from '../testing/sample-node-image';

export interface DeploymentTarget {
  client: KubeClient;
  /** This target's Pod address range (a /24 of KUACK_POD_CIDR on the real API server, of 127.1.0.0/16 embedded). */
  podCidr: string;
  close(): Promise<void>;
}

const DEPLOYMENT = { apiVersion: 'apps/v1', kind: 'Deployment' };
const SERVICE = { apiVersion: 'v1', kind: 'Service' };
const ENDPOINTS = { apiVersion: 'v1', kind: 'Endpoints' };
const NAMESPACE = { apiVersion: 'v1', kind: 'Namespace' };

interface Deployment extends KubeObject {
  spec: { replicas: number; [k: string]: unknown };
  status?: { readyReplicas?: number; availableReplicas?: number };
}
interface Endpoints extends KubeObject {
  subsets?: { addresses?: { ip: string }[]; notReadyAddresses?: { ip: string }[] }[];
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

const isReady = (p: Pod) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
const readyIps = (e: Endpoints) =>
  (e.subsets ?? []).flatMap((s) => (s.addresses ?? []).map((a) => a.ip)).sort();
const notReadyIps = (e: Endpoints) =>
  (e.subsets ?? []).flatMap((s) => (s.notReadyAddresses ?? []).map((a) => a.ip)).sort();

/**
 * The node agent under a real workload: the SAME Deployment cases against the embedded cluster (libs/workloads'
 * controllers) and the real kube-apiserver + controller-manager + scheduler. The agent registers its own Node
 * with its own taint; the Deployments tolerate it and select the node by hostname.
 */
export function deploymentSuite(targetName: string, start: () => Promise<DeploymentTarget>): void {
  describe(`node agent runs a Deployment: ${targetName}`, () => {
    jest.setTimeout(120_000);
    const id = crypto.randomBytes(3).toString('hex');
    const ns = `agent-deploy-${targetName}-${id}`;
    const nodeName = `agent-deploy-${targetName}-${id}`;
    const taint = { key: 'kuack.dev/test-node', value: nodeName, effect: 'NoSchedule' as const };
    let target: DeploymentTarget;
    let c: KubeClient;
    let agent: NodeAgent;
    let image: string;
    const seenPids = new Set<number>();

    function deployment(name: string, replicas: number, container: Record<string, unknown>): Deployment {
      return {
        ...DEPLOYMENT,
        metadata: { name, namespace: ns },
        spec: {
          replicas,
          selector: { matchLabels: { app: name } },
          template: {
            metadata: { labels: { app: name } },
            spec: {
              nodeSelector: { 'kubernetes.io/hostname': nodeName },
              tolerations: [{ key: taint.key, operator: 'Equal', value: taint.value, effect: taint.effect }],
              automountServiceAccountToken: false,
              terminationGracePeriodSeconds: 5,
              containers: [
                {
                  name: 'app',
                  image,
                  ports: [{ name: 'http', containerPort: 8080 }],
                  env: [{ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
                  ...container,
                },
              ],
            },
          },
        },
      };
    }

    const livePods = async (app: string) =>
      (await c.list<Pod>(POD, { namespace: ns, labelSelector: `app=${app}` })).items.filter(
        (p) => !p.metadata.deletionTimestamp,
      );
    const remember = (pods: Pod[]) => {
      for (const p of pods) for (const pid of agent.podPids(p.metadata.uid!)) seenPids.add(pid);
    };
    const readyPods = (app: string, n: number) =>
      eventually(
        async () => {
          const pods = await livePods(app);
          expect(pods.filter(isReady)).toHaveLength(n);
          expect(pods).toHaveLength(n);
          remember(pods);
          return pods;
        },
        { timeoutMs: 60_000, intervalMs: 200 },
      );

    beforeAll(async () => {
      target = await start();
      c = target.client;
      const dir = mkdtempSync(path.join(os.tmpdir(), `agent-deploy-${targetName}-`));
      const store = await ImageStore.open(path.join(dir, 'images'));
      image = (await writeSampleNodeImages(store, `kuack.local/agent-deploy-${id}`)).web;
      await c.create({ ...NAMESPACE, metadata: { name: ns } });
      agent = new NodeAgent({
        client: c,
        dataDir: path.join(dir, 'agent'),
        nodeName,
        podCidr: target.podCidr,
        taints: [taint],
        imageStore: store,
        restartBackoff: { baseMs: 300, maxMs: 2000 },
        prepareRetryMs: 500,
        heartbeatMs: 2000,
        platformStopGraceMs: 2000,
      });
      await agent.start();
    }, 120_000);

    afterAll(async () => {
      await agent?.stop();
      // Nothing finishes graceful deletions on the node now that its agent is gone: force-delete what is left.
      const pods = await c?.list<Pod>(POD, { namespace: ns }).catch(() => undefined);
      for (const p of pods?.items ?? [])
        await c.delete(POD, p.metadata.name!, ns, { gracePeriodSeconds: 0 }).catch(() => undefined);
      await c?.delete(NAMESPACE, ns).catch(() => undefined);
      await c?.delete(LEASE, nodeName, 'kube-node-lease').catch(() => undefined);
      await c?.delete(NODE, nodeName).catch(() => undefined);
      await target?.close();
    });

    it('a Deployment of 3: 3 Ready Pods on distinct addresses of the pod range, in the Endpoints, each answering HTTP', async () => {
      await c.create(
        deployment('web', 3, {
          readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 1 },
        }),
      );
      await c.create({
        ...SERVICE,
        metadata: { name: 'web', namespace: ns },
        spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
      });
      const pods = await readyPods('web', 3);
      const ips = pods.map((p) => p.status!.podIP!).sort();
      expect(new Set(ips).size).toBe(3);
      const prefix = target.podCidr.replace(/0\/24$/, '');
      for (const ip of ips) expect(ip.startsWith(prefix)).toBe(true);
      for (const p of pods) expect(p.spec.nodeName).toBe(nodeName);

      await eventually(
        async () => expect(readyIps(await c.get<Endpoints>(ENDPOINTS, 'web', ns))).toEqual(ips),
        {
          timeoutMs: 30_000,
        },
      );
      const answers = await Promise.all(pods.map((p) => get(p.status!.podIP!, 8080)));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
      expect(answers.map((a) => (JSON.parse(a.body) as { pod: string; ip: string }).pod).sort()).toEqual(
        pods.map((p) => p.metadata.name).sort(),
      );
      for (const [i, a] of answers.entries())
        expect((JSON.parse(a.body) as { ip: string }).ip).toBe(pods[i].status!.podIP);
    });

    it('a readiness failure takes the Pod out of the Endpoints (kept as not ready)', async () => {
      const [victim] = await readyPods('web', 3);
      const ip = victim.status!.podIP!;
      expect((await get(ip, 8080, '/unready')).status).toBe(200);
      const endpoints = await eventually(
        async () => {
          const e = await c.get<Endpoints>(ENDPOINTS, 'web', ns);
          expect(readyIps(e)).not.toContain(ip);
          expect(readyIps(e)).toHaveLength(2);
          return e;
        },
        { timeoutMs: 30_000 },
      );
      expect(notReadyIps(endpoints)).toEqual([ip]);
      const pod = await c.get<Pod>(POD, victim.metadata.name!, ns);
      expect(pod.status?.conditions?.find((x) => x.type === 'Ready')?.status).toBe('False');
    });

    it('a crashing container restarts with backoff: restartCount grows, CrashLoopBackOff, exit code 3', async () => {
      await c.create(deployment('crash', 1, { command: ['node', '/app/crash.js'] }));
      const status = await eventually(
        async () => {
          const [pod] = await livePods('crash');
          remember([pod]);
          const s = pod.status?.containerStatuses?.[0];
          expect(s?.restartCount).toBeGreaterThanOrEqual(2);
          expect(s?.state?.waiting?.reason).toBe('CrashLoopBackOff');
          return s!;
        },
        { timeoutMs: 60_000, intervalMs: 200 },
      );
      expect(status.lastState?.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
      await c.delete(DEPLOYMENT, 'crash', ns);
    });

    it('scaled to 0 its processes are gone; scaled back to 3 the Pods are Ready and in the Endpoints again', async () => {
      const before = await livePods('web');
      const pids = before.flatMap((p) => agent.podPids(p.metadata.uid!));
      expect(pids).toHaveLength(3);
      await c.patch(DEPLOYMENT, 'web', ns, { spec: { replicas: 0 } }, 'merge');
      await eventually(
        async () =>
          expect((await c.list(POD, { namespace: ns, labelSelector: 'app=web' })).items).toEqual([]),
        {
          timeoutMs: 60_000,
        },
      );
      expect(pids.filter(processAlive)).toEqual([]);
      await eventually(
        async () => expect(readyIps(await c.get<Endpoints>(ENDPOINTS, 'web', ns))).toEqual([]),
        {
          timeoutMs: 30_000,
        },
      );

      await c.patch(DEPLOYMENT, 'web', ns, { spec: { replicas: 3 } }, 'merge');
      const pods = await readyPods('web', 3);
      const ips = pods.map((p) => p.status!.podIP!).sort();
      await eventually(
        async () => expect(readyIps(await c.get<Endpoints>(ENDPOINTS, 'web', ns))).toEqual(ips),
        {
          timeoutMs: 30_000,
        },
      );
      const answers = await Promise.all(ips.map((ip) => get(ip, 8080)));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    });

    it('deleting the Deployment stops every process, then the Pods go away', async () => {
      const pods = await livePods('web');
      const pids = pods.flatMap((p) => agent.podPids(p.metadata.uid!));
      expect(pids).toHaveLength(3);
      await c.delete(DEPLOYMENT, 'web', ns, { propagationPolicy: 'Foreground' });
      await eventually(
        async () =>
          expect((await c.list(POD, { namespace: ns, labelSelector: 'app=web' })).items).toEqual([]),
        { timeoutMs: 60_000 },
      );
      expect(pids.filter(processAlive)).toEqual([]);
      await eventually(
        async () => {
          try {
            await c.get(DEPLOYMENT, 'web', ns);
            throw new Error('Deployment web still there');
          } catch (err) {
            if (!isNotFound(err)) throw err;
          }
        },
        { timeoutMs: 30_000 },
      );
    });

    it('leaves no process behind when the agent stops', async () => {
      await c.create(deployment('last', 2, {}));
      await readyPods('last', 2);
      await agent.stop();
      expect([...seenPids].filter(processAlive)).toEqual([]);
      expect(seenPids.size).toBeGreaterThanOrEqual(8);
    });
  });
}
