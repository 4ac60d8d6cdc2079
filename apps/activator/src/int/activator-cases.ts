import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StatMessage } from '@kuack/autoscaler';
import { connect, isAlreadyExists, isNotFound, type KubeClient, type KubeObject } from '@kuack/controller';
import { createLogger } from '@kuack/observability';
import { eventually } from '@kuack/testenv';
import { startActivator, type RunningActivator } from '../activator';
import { ACTIVATOR_SERVICE, ENDPOINTS_GVK, SERVICE_GVK } from '../registration';
import { REVISION_GVK } from '../revision-info';
import { bundleQueueProxy, request, startPod, type QueueProxyPod } from './processes';

export interface ActivatorTestCluster {
  kubeconfigPath: string;
  /** Addresses Endpoints of this API server accept: the activator's and two Pods'. */
  hosts: { activator: string; pods: [string, string] };
  close(): Promise<void>;
}

/**
 * The activator in this process against a real API server, with real queue-proxy processes (the bundled
 * program) in front of real user servers as its Pods.
 *
 * Stand-in, allowed HERE only: this test writes the revisions' private Endpoints (`<rev>-private`) itself.
 * In the platform the endpoints controller writes them from the Pods the node agent runs, for the private
 * Service the ServerlessService reconciler (another engineer's) creates; neither is under test here.
 */
export function activatorSuite(label: string, setup: () => Promise<ActivatorTestCluster>): void {
  describe(`activator (${label})`, () => {
    const ns = `h4-act-${label}-${process.pid}`;
    let cluster: ActivatorTestCluster;
    let client: KubeClient;
    let activator: RunningActivator;
    let bundle: { file: string; cleanup: () => Promise<void> };
    const pods: QueueProxyPod[] = [];
    const stats: StatMessage[] = [];
    let autoscaler: http.Server;
    let host: string;

    const revision = (name: string, spec: Record<string, unknown>): KubeObject => ({
      apiVersion: REVISION_GVK.apiVersion,
      kind: REVISION_GVK.kind,
      metadata: { name, namespace: ns },
      spec: { containers: [{ image: 'example.com/hello:1' }], ...spec },
    });

    /** Writes `<rev>-private` Endpoints: ready and not-ready queue-proxies on the port named http. */
    async function writePrivateEndpoints(
      rev: string,
      ready: QueueProxyPod[],
      notReady: QueueProxyPod[] = [],
    ) {
      const all = [...ready, ...notReady];
      const ports = [...new Set(all.map((p) => p.serving))];
      const subsets = ports.map((port) => ({
        ...(ready.some((p) => p.serving === port)
          ? { addresses: ready.filter((p) => p.serving === port).map((p) => ({ ip: p.user.ip })) }
          : {}),
        ...(notReady.some((p) => p.serving === port)
          ? { notReadyAddresses: notReady.filter((p) => p.serving === port).map((p) => ({ ip: p.user.ip })) }
          : {}),
        ports: [{ name: 'http', port, protocol: 'TCP' }],
      }));
      const obj: KubeObject = {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name: `${rev}-private`, namespace: ns, labels: { 'serving.knative.dev/revision': rev } },
        subsets,
      };
      try {
        await client.create(obj);
      } catch (err) {
        if (!isAlreadyExists(err)) throw err;
        const current = await client.get(ENDPOINTS_GVK, `${rev}-private`, ns);
        await client.update({
          ...obj,
          metadata: { ...obj.metadata, resourceVersion: current.metadata.resourceVersion },
        });
      }
    }

    const toRevision = (rev: string, path = '/headers', extra: http.OutgoingHttpHeaders = {}) =>
      request(host, activator.port, path, {
        'knative-serving-revision': rev,
        'knative-serving-namespace': ns,
        ...extra,
      });

    beforeAll(async () => {
      cluster = await setup();
      host = cluster.hosts.activator;
      client = connect({ kubeconfigPath: cluster.kubeconfigPath });
      bundle = await bundleQueueProxy();
      await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }).catch((err) => {
        if (!isAlreadyExists(err)) throw err;
      });
      autoscaler = http.createServer((req, res) => {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => {
          if (req.url === '/v1/stats' && req.method === 'POST')
            stats.push(...(JSON.parse(body) as StatMessage[]));
          res.end();
        });
      });
      await new Promise<void>((r) => autoscaler.listen(0, '127.0.0.1', r));
      await client.create(revision('hello-00001', { containerConcurrency: 1, timeoutSeconds: 30 }));
      await client.create(revision('slow-00001', { containerConcurrency: 0, timeoutSeconds: 1 }));
      activator = await startActivator({
        client,
        host,
        port: 0,
        autoscalerUrl: `http://127.0.0.1:${(autoscaler.address() as AddressInfo).port}`,
        registerEndpoints: true,
        systemNamespace: ns,
        podName: 'activator-test',
        logger: createLogger({ name: 'activator-test', level: process.env.LOG_LEVEL ?? 'silent' }),
      });
      // The informers list what existed before the start; wait for the revisions to be known.
      await eventually(async () => {
        const r = await toRevision('hello-00001', '/', { 'k-network-probe': 'activator' });
        if (r.status !== 200) throw new Error(`probe ${r.status}`);
      });
    });

    afterAll(async () => {
      await activator?.stop();
      await Promise.all(pods.map((p) => p.stop()));
      autoscaler?.close();
      await bundle?.cleanup();
      if (client) await client.delete({ apiVersion: 'v1', kind: 'Namespace' }, ns).catch(() => undefined);
      await cluster?.close();
    });

    it('registers itself in activator-service (Service with port http 80 and Endpoints with its address)', async () => {
      const svc = await client.get<KubeObject & { spec: { ports: Array<{ name: string; port: number }> } }>(
        SERVICE_GVK,
        ACTIVATOR_SERVICE,
        ns,
      );
      expect(svc.spec.ports[0]).toMatchObject({ name: 'http', port: 80 });
      const ep = await client.get<KubeObject & { subsets: unknown[] }>(ENDPOINTS_GVK, ACTIVATOR_SERVICE, ns);
      expect(ep.subsets).toEqual([
        {
          addresses: [expect.objectContaining({ ip: host })],
          ports: [expect.objectContaining({ name: 'http', port: activator.port })],
        },
      ]);
    });

    it('answers K-Network-Probe: activator with 200 "activator"', async () => {
      expect(await request(host, activator.port, '/', { 'k-network-probe': 'activator' })).toEqual({
        status: 200,
        body: 'activator',
      });
    });

    it('answers 400 naming the missing header and 404 for an unknown revision', async () => {
      const noRevision = await request(host, activator.port, '/', { 'knative-serving-namespace': ns });
      expect(noRevision.status).toBe(400);
      expect(noRevision.body).toContain('Knative-Serving-Revision');
      const noNamespace = await request(host, activator.port, '/', {
        'knative-serving-revision': 'hello-00001',
      });
      expect(noNamespace.status).toBe(400);
      expect(noNamespace.body).toContain('Knative-Serving-Namespace');
      const unknown = await toRevision('nope-00001');
      expect(unknown.status).toBe(404);
      expect(unknown.body).toContain(`${ns}/nope-00001`);
    });

    it('buffers a request for a revision at zero, pokes the autoscaler at once, reports every second, and sends it once a Pod passes its probe', async () => {
      const key = `${ns}/hello-00001`;
      const pending = toRevision('hello-00001', '/headers', { 'x-from-test': 'yes' });
      // The poke: the first request to the revision is reported at once with concurrency 1.
      await eventually(async () => {
        if (!stats.some((m) => m.key === key)) throw new Error('no poke yet');
      });
      expect(stats.find((m) => m.key === key)?.stat).toMatchObject({
        podName: 'activator-test',
        averageConcurrentRequests: 1,
        requestCount: 1,
      });
      // While the request is held, reports follow every second.
      await eventually(async () => {
        if (stats.filter((m) => m.key === key).length < 2) throw new Error('no periodic report yet');
      });
      const pod = await startPod(bundle.file, 'hello-pod-1', cluster.hosts.pods[0], ns, 'hello-00001', 1);
      pods.push(pod);
      // Not ready in the Endpoints yet: the activator's own probe of the queue-proxy lets traffic through.
      await writePrivateEndpoints('hello-00001', [], [pod]);
      const reply = await pending;
      expect(reply.status).toBe(200);
      const seen = JSON.parse(reply.body);
      expect(seen.pod).toBe('hello-pod-1');
      expect(seen.headers).toMatchObject({ 'x-from-test': 'yes', 'k-proxy-request': 'activator' });
      expect(seen.headers['knative-serving-revision']).toBeUndefined();
      // The queue-proxy counted it as proxied by the activator.
      const podStat = JSON.parse((await request(pod.user.ip, pod.metrics, '/stats')).body);
      expect(podStat).toMatchObject({ requestCount: 1, proxiedRequestCount: 1 });
    });

    it('with containerConcurrency=1 spreads concurrent requests over the ready Pods, one at a time per Pod', async () => {
      const second = await startPod(bundle.file, 'hello-pod-2', cluster.hosts.pods[1], ns, 'hello-00001', 1);
      pods.push(second);
      await writePrivateEndpoints('hello-00001', [pods[0], second]);
      await eventually(async () => {
        if (activator.throttler.healthyBackends(`${ns}/hello-00001`).length !== 2)
          throw new Error('not both pods yet');
      });
      pods[0].user.maxInFlight = 0;
      const replies = await Promise.all(
        Array.from({ length: 6 }, () => toRevision('hello-00001', '/sleep?ms=100')),
      );
      expect(replies.map((r) => r.status)).toEqual(Array(6).fill(200));
      const byPod = replies.reduce<Record<string, number>>((acc, r) => {
        const pod = r.body.split(' ')[0];
        acc[pod] = (acc[pod] ?? 0) + 1;
        return acc;
      }, {});
      expect(Object.keys(byPod).sort()).toEqual(['hello-pod-1', 'hello-pod-2']);
      expect(pods[0].user.maxInFlight).toBe(1);
      expect(second.user.maxInFlight).toBe(1);
    });

    it('answers 504 "activator request timeout" when the revision timeout passes while the request is buffered', async () => {
      const reply = await toRevision('slow-00001');
      expect(reply).toEqual({ status: 504, body: 'activator request timeout\n' });
    });

    it('takes its address out of activator-service on stop', async () => {
      await activator.stop();
      const ep = await client
        .get<KubeObject & { subsets?: unknown[] }>(ENDPOINTS_GVK, ACTIVATOR_SERVICE, ns)
        .catch((err) => {
          if (isNotFound(err)) return { subsets: [] } as unknown as KubeObject & { subsets?: unknown[] };
          throw err;
        });
      expect(ep.subsets ?? []).toEqual([]);
    });
  });
}
